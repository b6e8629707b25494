// Go's constants in template source: numbers (decimal, 0x/0o/0b, legacy octal, `_` separators,
// hexadecimal floats), character constants ('a', '\n', '😀') and double-quoted string escapes.
import type { GoInt } from './template-value.js';

/** A number as text/template scans it (sign, prefix, digits, point, exponent, `i`). */
export const NUMBER_TOKEN = /^(?:[-+]?(?:0[xX][\dA-Fa-f_]*(?:\.[\dA-Fa-f_]*)?(?:[pP][-+]?[\d_]*)?|0[oObB][\d_]*(?:\.[\d_]*)?|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?[\d_]*)?)i?)/;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

const SIMPLE: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

/**
 * One escape at s[i] (just after the backslash), as strconv.UnquoteChar reads it: the code point
 * or byte, whether it is a raw byte, and the index after it; null when it is not valid Go.
 */
function escapeAt(s: string, i: number, quote: string): { value: number; byte: boolean; next: number } | null {
  const e = s[i];
  if (e in SIMPLE) return { value: SIMPLE[e], byte: false, next: i + 1 };
  if (e === quote) return { value: quote.charCodeAt(0), byte: false, next: i + 1 };
  const hex = (n: number) => (new RegExp(`^[\\dA-Fa-f]{${n}}`).test(s.slice(i + 1)) ? parseInt(s.slice(i + 1, i + 1 + n), 16) : null);
  if (e === 'x') { const v = hex(2); return v === null ? null : { value: v, byte: true, next: i + 3 }; }
  if (e === 'u' || e === 'U') {
    const v = hex(e === 'u' ? 4 : 8);
    if (v === null || v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return null;
    return { value: v, byte: false, next: i + (e === 'u' ? 5 : 9) };
  }
  if (/^[0-7]{3}$/.test(s.slice(i, i + 3))) {
    const v = parseInt(s.slice(i, i + 3), 8);
    return v > 255 ? null : { value: v, byte: true, next: i + 3 };
  }
  return null;
}

/** Raw bytes from \x and octal escapes: UTF-8 where valid, else U+DC00+byte per byte (see parser/literals.ts). */
function decodeBytes(bytes: number[]): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return bytes.map((b) => (b < 0x80 ? String.fromCharCode(b) : String.fromCharCode(0xdc00 + b))).join('');
  }
}

/** Go's strconv.Unquote of a double-quoted string (quotes included); null when it is not valid Go. */
export function goUnquote(text: string): string | null {
  const body = text.slice(1, -1);
  let out = '';
  let bytes: number[] = [];
  for (let i = 0; i < body.length;) {
    if (body[i] !== '\\') {
      if (bytes.length) { out += decodeBytes(bytes); bytes = []; }
      const ch = String.fromCodePoint(body.codePointAt(i)!);
      out += ch;
      i += ch.length;
      continue;
    }
    const e = escapeAt(body, i + 1, '"');
    if (!e) return null;
    if (e.byte) bytes.push(e.value);
    else {
      if (bytes.length) { out += decodeBytes(bytes); bytes = []; }
      out += String.fromCodePoint(e.value);
    }
    i = e.next;
  }
  return bytes.length ? out + decodeBytes(bytes) : out;
}

/**
 * The value of a number or character constant as text/template gives it to a function: an int
 * when the constant is an integer (char constants and hex integers included), else a float64.
 * Throws a message (Go's wording where Go has one) for what is not a valid constant.
 */
export function goNumber(text: string): number | (GoInt & { overflows?: true }) {
  if (text.startsWith("'")) {
    const body = text.slice(1, -1);
    if (body[0] !== '\\') {
      if (Array.from(body).length !== 1) throw new Error(`malformed character constant: ${text}`);
      return { int: BigInt(body.codePointAt(0)!) };
    }
    const e = escapeAt(body, 1, "'");
    if (!e || e.next !== body.length) throw new Error(`malformed character constant: ${text}`);
    return { int: BigInt(e.value) };
  }
  if (text.endsWith('i')) throw new Error(`complex constant ${text} is not supported by promql-ts alert templates`);
  const sign = text[0] === '-' ? -1n : 1n;
  const unsigned = text.replace(/^[-+]/, '');
  const digits = unsigned.replace(/_/g, '');
  const intForm = /^0[xX][\dA-Fa-f]+$|^0[oO][0-7]+$|^0[bB][01]+$|^0[0-7]*$|^[1-9]\d*$/.exec(digits);
  if (intForm) {
    const v = sign * BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
    if (v < INT64_MIN || v > INT64_MAX) {
      // Prometheus compatibility: Go accepts a constant that fits in a uint64 when parsing and
      // fails when the template runs; beyond that the template does not parse.
      if (v > 0n && v < 1n << 64n) return { int: v, overflows: true };
      throw new Error(`integer overflow: ${JSON.stringify(text)}`);
    }
    return { int: v };
  }
  let value: number;
  const hex = /^0[xX]([\dA-Fa-f]*)(?:\.([\dA-Fa-f]*))?[pP]([-+]?\d+)$/.exec(digits);
  if (hex) {
    const [, whole, frac = '', exp] = hex;
    if (!whole && !frac) throw new Error(`illegal number syntax: "${text}"`);
    value = Number(BigInt(`0x${whole}${frac}` === '0x' ? '0' : `0x${whole}${frac}`)) * 2 ** (Number(exp) - 4 * frac.length);
  } else if (/^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(digits)) value = Number(digits);
  else throw new Error(`illegal number syntax: "${text}"`);
  return sign < 0n ? -value : value;
}
