// The scanner's numbers and durations: Prometheus's scanNumber/acceptRemainingDuration accept
// characters in a fixed order, and its quirks show in which texts are tokens and in the text an
// error quotes (`0xae` fails: `e` is read as an exponent before it is read as a hex digit).
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { lex } from '../../src/lexer/lexer.js';

/** The tokens of `text` as [type name, text] (without EOF), or the scanner's error message. */
function scan(text: string): { tokens: [string, string][] | null; error: string | null } {
  const r = lex(text);
  if (r.error) return { tokens: null, error: r.error.message };
  return { tokens: r.tokens.filter((t) => t.tokenType.name !== 'EOF').map((t) => [t.tokenType.name, t.image]), error: null };
}

describe('numbers and durations', () => {
  test.each([
    ["1", [["NUMBER", "1"]], null],
    ["1.5", [["NUMBER", "1.5"]], null],
    [".5", [["NUMBER", ".5"]], null],
    ["5.", [["NUMBER", "5."]], null],
    ["1e3", [["NUMBER", "1e3"]], null],
    ["1E-3", [["NUMBER", "1E-3"]], null],
    ["1e+", null, "bad number or duration syntax: \"1e+\""],
    ["1e", null, "bad number or duration syntax: \"1e\""],
    ["0x1f", [["NUMBER", "0x1f"]], null],
    ["0X1F", [["NUMBER", "0X1F"]], null],
    ["0x_1f", [["NUMBER", "0x_1f"]], null],
    ["0xae", null, "bad number or duration syntax: \"0xae\""],
    ["0x1.5", null, "bad number or duration syntax: \"0x1.\""],
    ["1_000", [["NUMBER", "1_000"]], null],
    ["1__0", null, "bad number or duration syntax: \"1__\""],
    ["1_", null, "bad number or duration syntax: \"1_\""],
    ["1_.5", null, "bad number or duration syntax: \"1_.\""],
    ["1..2", null, "bad number or duration syntax: \"1..\""],
    ["1.2.3", null, "bad number or duration syntax: \"1.2.\""],
    ["1ee3", null, "bad number or duration syntax: \"1ee\""],
    ["1e3e4", null, "bad number or duration syntax: \"1e3e\""],
    ["5m", [["DURATION", "5m"]], null],
    ["1h30m", [["DURATION", "1h30m"]], null],
    ["5mm", null, "bad number or duration syntax: \"5mm\""],
    ["1y", [["DURATION", "1y"]], null],
    ["1ms", [["DURATION", "1ms"]], null],
    ["5m1", null, "bad number or duration syntax: \"5m1\""],
    ["5m1x", null, "bad number or duration syntax: \"5m1\""],
    ["1d2h3m4s5ms", [["DURATION", "1d2h3m4s5ms"]], null],
    ["007", [["NUMBER", "007"]], null],
    ["0x", [["NUMBER", "0x"]], null],
    ["inf", [["NUMBER", "inf"]], null],
    ["NaN", [["NUMBER", "NaN"]], null],
    ["3x", null, "bad number or duration syntax: \"3\""],
    ["x[5m]", [["IDENTIFIER", "x"], ["LEFT_BRACKET", "["], ["DURATION", "5m"], ["RIGHT_BRACKET", "]"]], null],
    ["x[1h:5m]", [["IDENTIFIER", "x"], ["LEFT_BRACKET", "["], ["DURATION", "1h"], ["COLON", ":"], ["DURATION", "5m"], ["RIGHT_BRACKET", "]"]], null],
    ["x[.5]", [["IDENTIFIER", "x"], ["LEFT_BRACKET", "["], ["NUMBER", ".5"], ["RIGHT_BRACKET", "]"]], null],
    ["x[1e2]", [["IDENTIFIER", "x"], ["LEFT_BRACKET", "["], ["NUMBER", "1e2"], ["RIGHT_BRACKET", "]"]], null],
    ["x offset 1y2w", [["IDENTIFIER", "x"], ["OFFSET", "offset"], ["DURATION", "1y2w"]], null],
  ] as [string, [string, string][] | null, string | null][])('%s', (text, tokens, error) => {
    expect(scan(text)).toEqual({ tokens, error });
  });

  test('a decimal integer, fraction or exponent form is one NUMBER token with its text', () => {
    const digits = fc.stringMatching(/^[0-9]{1,6}$/);
    const number = fc.oneof(
      digits,
      fc.tuple(digits, digits).map(([a, b]) => `${a}.${b}`),
      fc.tuple(digits, fc.constantFrom('e', 'E', 'e+', 'e-'), digits).map(([a, e, b]) => a + e + b),
      fc.tuple(digits, digits).map(([a, b]) => `${a}_${b}`),
    );
    fc.assert(fc.property(number, fc.constantFrom('', ' ', ',', ' + 1'), (n, after) => {
      expect(scan(n + after).tokens?.[0]).toEqual(['NUMBER', n]);
    }));
  });

  test('a duration of units in any order is one DURATION token; a letter right after it is an error quoting it', () => {
    const part = fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('y', 'w', 'd', 'h', 'm', 's', 'ms'))
      .map(([n, u]) => `${n}${u}`);
    fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), (parts) => {
      const d = parts.join('');
      // y only opens a duration: 1h1y is not one.
      fc.pre(!parts.slice(1).some((p) => p.endsWith('y')));
      expect(scan(d).tokens).toEqual([['DURATION', d]]);
      expect(scan(`${d}x`).error).toBe(`bad number or duration syntax: "${d}x"`);
    }));
  });
});
