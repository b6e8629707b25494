// Label-matcher regexes: Prometheus's literal-alternation shortcut, the bounded cache, and long
// regexes (checked and matched in time linear in their length).
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import {
  compileAnchoredRegex, compileLabelRegex, isLiteralAlternation, RegexCache,
} from '../../src/parser/regex-cache.js';
import { compileRegexError, matcherMatches } from '../../src/parser/labels.js';
import { parse } from '../../src/parser/parse.js';

describe('literal alternations', () => {
  test.each([
    ['', true], ['abc', true], ['a|b|c', true], ['a||b', true], ['|', true], ['é-ü:/ @#', true],
    ['a.b', false], ['a|b*', false], ['(a|b)', false], ['a\\|b', false], ['[ab]', false], ['a{2}', false], ['^a$', false],
  ])('%j is a literal alternation: %s', (re, literal) => {
    expect(isLiteralAlternation(re)).toBe(literal);
  });

  test('a 100,000-alternative regex matches exactly its alternatives', () => {
    const alts = Array.from({ length: 100_000 }, (_, i) => `a${i + 1}`);
    const re = alts.join('|');
    expect(compileRegexError(re)).toBeNull();
    const m = compileLabelRegex(re);
    for (const v of ['a1', 'a2', 'a99999', 'a100000', 'a50000']) expect(m.matches(v)).toBe(true);
    for (const v of ['', 'a', 'a0', 'a100001', 'b1', 'a1|a2', 'xa1', 'a1x']) expect(m.matches(v)).toBe(false);
    expect(matcherMatches('!~', re, 'a7')).toBe(false);
    expect(matcherMatches('!~', re, '')).toBe(true);
  });

  test('the empty alternative matches the empty value', () => {
    for (const re of ['', '|a', 'a|', 'a||b']) expect(compileLabelRegex(re).matches('')).toBe(true);
    expect(compileLabelRegex('a|b').matches('')).toBe(false);
  });

  test('matches as RE2 does, anchored with (?s)', () => {
    const part = fc.string({ unit: fc.constantFrom('a', 'b', '-', 'é', ' ', '\n'), maxLength: 3 });
    fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), part, (alts, value) => {
      const re = alts.join('|');
      const expected = RE2JS.compile(`^(?s:${re})$`).matches(value);
      expect(compileLabelRegex(re).matches(value)).toBe(expected);
      expect(compileLabelRegex(re).matches('')).toBe(RE2JS.compile(`^(?s:${re})$`).matches(''));
    }));
  });

  test('a literal alternation too large for RE2 is still valid, as in Prometheus', () => {
    // 600,000 alternatives of 9 characters: about 6 M program instructions unfactored.
    const alts = Array.from({ length: 600_000 }, (_, i) => `x${(i * 7919).toString(36).padStart(8, '0')}`);
    expect(parse(`up{job=~"${alts.join('|')}"}`).type).toBe('VectorSelector');
  });

  test('other regexes keep RE2 and its errors', () => {
    expect(compileRegexError('a(')).toBe('error parsing regexp: missing closing ): `a(`');
    expect(compileLabelRegex('a.c').matches('a\nc')).toBe(true);
    expect(compileLabelRegex('a.c').matches('ac')).toBe(false);
    expect(compileAnchoredRegex('(a)|b').matcher('a').matches()).toBe(true);
  });
});

describe('RegexCache', () => {
  test('evicts oldest first to stay under the entry count', () => {
    const c = new RegexCache<number>(3, 1000);
    for (const k of ['a', 'b', 'c', 'd']) c.set(k, k.length);
    expect(c.size).toBe(3);
    expect(c.get('a')).toBeUndefined();
    expect(c.get('d')).toBe(1);
  });

  test('evicts oldest first to stay under the total source length', () => {
    const c = new RegexCache<string>(100, 10);
    c.set('aaaa', 'A');
    c.set('bbbb', 'B');
    c.set('cccc', 'C');
    expect(c.sourceChars).toBe(8);
    expect(c.get('aaaa')).toBeUndefined();
    expect([c.get('bbbb'), c.get('cccc')]).toEqual(['B', 'C']);
  });

  test('does not keep a source longer than the cap, nor drop others for it', () => {
    const c = new RegexCache<string>(100, 10);
    c.set('ab', 'x');
    c.set('a'.repeat(11), 'y');
    expect(c.get('a'.repeat(11))).toBeUndefined();
    expect(c.get('ab')).toBe('x');
    expect(c.sourceChars).toBe(2);
  });

  test('keeps one entry per source', () => {
    const c = new RegexCache<string>(100, 10);
    c.set('ab', 'x');
    c.set('ab', 'y');
    expect(c.size).toBe(1);
    expect(c.sourceChars).toBe(2);
  });
});
