// Glob patterns: what they match, that matching stays linear on patterns that make backtracking
// regexes explode, and that malformed patterns are typed errors.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileGlob, GlobSyntaxError } from '../../src/util/glob.js';

describe('compileGlob', () => {
  test.each([
    ['*.yml', 'a.yml', true],
    ['*.yml', 'dir/a.yml', false],
    ['**/*.yml', 'a.yml', true],
    ['**/*.yml', 'x/y/a.yml', true],
    ['rules/**', 'rules/a/b.yml', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['{*}', 'abc', true],
    ['{a,b{c,d}}.yml', 'bd.yml', true],
    ['{a,b{c,d}}.yml', 'b.yml', false],
    ['x{,.test}.yml', 'x.yml', true],
    ['[!a]x', 'bx', true],
    ['[!a]x', 'ax', false],
    ['[a-c]x', 'bx', true],
    ['[a-c]x', 'dx', false],
    ['[]]x', ']x', true],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['x.(y)+|z', 'x.(y)+|z', true],
    ['?', '/', false],
    ['*', '', true],
  ])('%s against %s: %s', (glob, path, want) => {
    expect(compileGlob(glob).test(path)).toBe(want);
  });

  test('matching is linear: 40 stars against 100,000 characters takes well under a second', () => {
    const g = compileGlob(`${'*a'.repeat(40)}X.yml`);
    const path = `${'a'.repeat(100_000)}.yml`;
    const t0 = performance.now();
    expect(g.test(path)).toBe(false);
    expect(g.test(`${'a'.repeat(100_000)}X.yml`)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  test.each([['[abc', 'unclosed "["'], ['{a,b', 'unclosed "{"'], ['x/{a,[b}', 'unclosed "["']])('%s is a GlobSyntaxError', (glob, reason) => {
    expect(() => compileGlob(glob)).toThrow(GlobSyntaxError);
    expect(() => compileGlob(glob)).toThrow(reason);
  });

  test('a path with every special character escaped matches itself and nothing longer', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => {
      const escaped = s.replace(/[\\*?[\]{},]/g, '\\$&');
      const g = compileGlob(escaped);
      return g.test(s) && !g.test(`${s}x`);
    }));
  });
});
