// Strict UTF-8: the first invalid sequence, classified and placed as Go's YAML reader (and so
// promtool) reports it, and agreement with the platform's fatal decoder on arbitrary bytes.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeUtf8Strict, findInvalidUtf8, Utf8Error } from '../../src/util/utf8.js';

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('findInvalidUtf8', () => {
  // Reasons checked against promtool 3.5.3 `check rules` on the same bytes.
  test.each([
    ['Latin-1 é before a space', bytes('a: "caf', [0xe9], ' down"\n'), 'invalid trailing UTF-8 octet', 1, 8],
    ['a lone continuation byte', bytes('x\n# ', [0xff], '\n'), 'invalid leading UTF-8 octet', 2, 3],
    ['an overlong NUL', bytes('x\n# ', [0xc0, 0x80]), 'invalid length of a UTF-8 sequence', 2, 3],
    ['a UTF-16 surrogate', bytes('# ', [0xed, 0xa0, 0x80]), 'invalid Unicode character', 1, 3],
    ['a truncated sequence at the end', bytes('# ü', [0xe9]), 'incomplete UTF-8 octet sequence', 1, 4],
    ['0xF8', bytes([0xf8]), 'invalid leading UTF-8 octet', 1, 1],
  ])('%s', (_, input, reason, line, column) => {
    expect(findInvalidUtf8(input)).toMatchObject({ reason, line, column });
  });

  test('valid text has no problem, and a BOM is dropped', () => {
    expect(findInvalidUtf8(bytes('groups: [] # ✓ 😀\n'))).toBeNull();
    expect(decodeUtf8Strict('f', bytes([0xef, 0xbb, 0xbf], 'x'))).toBe('x');
  });

  test('decodeUtf8Strict throws a Utf8Error naming file, place and promtool wording', () => {
    expect(() => decodeUtf8Strict('r.yml', bytes('a\nb', [0xe9], 'cd'))).toThrow(new Utf8Error('r.yml', { reason: 'invalid trailing UTF-8 octet', offset: 4, line: 2, column: 2 }));
    expect(() => decodeUtf8Strict('r.yml', bytes('a\nb', [0xe9], 'cd'))).toThrow('r.yml:2:2: yaml: invalid trailing UTF-8 octet');
  });

  test('agrees with the fatal TextDecoder on arbitrary bytes', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
      let valid = true;
      try {
        fatal.decode(b);
      } catch {
        valid = false;
      }
      return (findInvalidUtf8(b) === null) === valid;
    }), { numRuns: 2000 });
  });
});
