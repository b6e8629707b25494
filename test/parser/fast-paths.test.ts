// The parser's shortcuts give what the full grammar gives: an operator with no modifiers skips
// the modifiers rule, and a range or step that is one literal skips the duration-expression rules.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse, parseWithDiagnostics } from '../../src/parser/parse.js';
import type { BinaryExpr, MatrixSelector, SubqueryExpr, VectorSelector } from '../../src/parser/ast.js';

const ALL = { experimentalFunctions: true, durationExpressions: true, extendedRangeSelectors: true, binopFillModifiers: true };

describe('operators without modifiers', () => {
  test('get one-to-one matching with no labels, in arrays of their own', () => {
    const e = parse('a + b * c') as BinaryExpr;
    const inner = e.rhs as BinaryExpr;
    for (const b of [e, inner]) {
      expect(b.returnBool).toBe(false);
      expect(b.matching).toEqual({ card: 'one-to-one', on: false, labels: [], include: [], fillLeft: null, fillRight: null });
    }
    expect(e.matching.labels).not.toBe(inner.matching.labels);
    expect(e.matching.include).not.toBe(inner.matching.include);
    // Not frozen: a tree's arrays belong to it.
    e.matching.labels.push('x');
    expect(inner.matching.labels).toEqual([]);
  });

  test('set operators become many-to-many; ^ without modifiers too', () => {
    expect((parse('a and b') as BinaryExpr).matching.card).toBe('many-to-many');
    expect((parse('a ^ b') as BinaryExpr).matching).toEqual({ card: 'one-to-one', on: false, labels: [], include: [], fillLeft: null, fillRight: null });
  });

  test.each([
    ['a + bool b', '1:3: parse error: bool modifier can only be used on comparison operators'],
    ['a == bool on(x) group_left(y) b', null],
    ['a ^ ignoring(x) b', null],
    ['a + fill(0) b', '1:1: parse error: binop fill modifiers are experimental and not enabled'],
    ['a + fill b', '1:10: parse error: unexpected identifier "b"'],
    ['a + on b', '1:8: parse error: unexpected identifier "b" in grouping opts, expected "("'],
  ])('modifiers are still read: %s', (q, message) => {
    const { diagnostics } = parseWithDiagnostics(q);
    expect(diagnostics[0]?.text ?? null).toBe(message);
  });
});

describe('a range or step that is one literal', () => {
  const range = (q: string, opts = {}) => parse(q, opts) as MatrixSelector;

  test('is read as the literal, in milliseconds', () => {
    expect(range('foo[5m]').range).toBe(300_000);
    expect(range('foo[90]').range).toBe(90_000);
    expect(range('foo[1.5]').range).toBe(1500);
    expect(range('foo[1h30m]').rangeExpr).toBeNull();
    const sq = parse('foo[1h:5m]') as SubqueryExpr;
    expect([sq.range, sq.step, sq.rangeExpr, sq.stepExpr]).toEqual([3_600_000, 300_000, null, null]);
  });

  test('followed by a duration operator is a duration expression', () => {
    for (const op of ['+', '-', '*', '/', '%', '^']) {
      const m = range(`foo[5m ${op} 2]`, ALL);
      expect(m.rangeExpr?.type).toBe('DurationExpr');
      expect(m.rangeExpr?.op).toBe(op);
      expect(parseWithDiagnostics(`foo[5m ${op} 2]`).diagnostics[0].message).toBe('experimental duration expression is not enabled');
    }
  });

  test.each([
    ['foo[0]', '1:5: parse error: duration must be greater than 0'],
    ['foo[0s]', '1:5: parse error: duration must be greater than 0'],
    ['foo[1e20]', '1:5: parse error: duration out of range'],
    ['foo[5m', '1:7: parse error: unclosed left bracket'],
    ['foo[5m 1]', '1:8: parse error: unexpected number "1" in subquery or range, expected ":" or "]"'],
    ['foo[5m:0]', '1:8: parse error: duration must be greater than 0'],
    ['foo[5m:1m', '1:10: parse error: unclosed left bracket'],
    ['(foo)[5m:1m 2]', '1:13: parse error: unexpected number "2" in subquery selector, expected "]"'],
  ])('its problems are those of a duration expression: %s', (q, message) => {
    expect(parseWithDiagnostics(q).diagnostics[0].text).toBe(message);
  });

  test('gives the value and problems an offset (read by the full duration rules) gives, for any literal', () => {
    const literal = fc.oneof(
      fc.integer({ min: 1, max: 10 ** 6 }).map(String),
      fc.double({ min: 0.001, max: 1e12, noNaN: true }).map(String),
      fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('ms', 's', 'm', 'h', 'd', 'w', 'y')).map(([n, u]) => `${n}${u}`),
    );
    fc.assert(fc.property(literal, (d) => {
      const lone = parseWithDiagnostics(`foo[${d}]`);
      const offset = parseWithDiagnostics(`foo offset ${d}`);
      // (A range out of range is then also 0, which a range may not be.)
      const zero = offset.diagnostics.length > 0 ? ['duration must be greater than 0'] : [];
      expect(lone.diagnostics.map((x) => x.message)).toEqual([...offset.diagnostics.map((x) => x.message), ...zero]);
      if (lone.expr !== null) expect((lone.expr as MatrixSelector).range).toBe((offset.expr as VectorSelector).offset);
    }));
  });
});

