// Number literals: plain decimals take a shortcut (the text's correctly rounded double) that must
// agree with the full Go-syntax reading (parsePromNumber) on every text.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createTokenInstance } from 'chevrotain';
import { numberLiteral } from '../../src/parser/literals.js';
import { parsePromNumber } from '../../src/util/go-numbers.js';
import * as T from '../../src/lexer/tokens.js';

const value = (text: string) => {
  const problems: string[] = [];
  const lit = numberLiteral(createTokenInstance(T.NumberTok, text, 0, text.length - 1, NaN, NaN, NaN, NaN), (m) => problems.push(m));
  return { value: lit.value, problems };
};

describe('number literals', () => {
  test('a plain decimal has the value the full reading gives', () => {
    const digits = (max: number) => fc.stringMatching(new RegExp(`^[0-9]{1,${max}}$`));
    const text = fc.oneof(
      digits(20),
      fc.tuple(digits(17), digits(17)).map(([a, b]) => `${a}.${b}`),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }).map(String),
    );
    fc.assert(fc.property(text, (s) => {
      let expected: number | null = null;
      try {
        expected = parsePromNumber(s);
      } catch {
        // not a number to Go either: the literal reports it
      }
      const got = value(s);
      if (expected === null) expect(got.problems).toHaveLength(1);
      else expect(got).toEqual({ value: expected, problems: [] });
    }), { numRuns: 2000 });
  });

  test.each([
    ['0', 0], ['0.99', 0.99], ['010', 8], ['0x1f', 31], ['1_000', 1000], ['1e3', 1000], ['.5', 0.5], ['5.', 5],
    ['0.1', 0.1], ['123456789012345.5', 123456789012345.5], ['9007199254740993', 9007199254740992],
  ])('%s is %d', (s, v) => {
    expect(value(s)).toEqual({ value: v, problems: [] });
  });
});
