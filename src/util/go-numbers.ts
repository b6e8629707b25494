// Numbers as Prometheus reads them: Go's ParseInt(s, 0, 64) then ParseFloat for literals, and
// the Go conversions (rounding, quoting) they rest on.

/** A value-level error from a conversion, worded as Go words it. */
export class ConversionError extends Error {}

/** Go's math.MaxInt64. */
export const MAX_I64 = (1n << 63n) - 1n;

/** Go's %q for ASCII text, as Prometheus's conversion errors quote their input. */
export function goQuoteAscii(s: string): string {
  return JSON.stringify(s);
}

/** Go's math.Round: halves away from zero. */
export function goRound(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(Math.abs(x));
  // Math.round rounds .5 up, which for |x| is away from zero; restore the sign.
  return x < 0 ? -r : r;
}

const INT_PREFIXED = /^[+-]?0([xX][0-9a-fA-F_]+|[oO][0-7_]+|[bB][01_]+|[0-7_]*)$/;
const DECIMAL_INT = /^[+-]?[1-9][0-9_]*$/;

function underscoresOk(s: string): boolean {
  // Go: underscores only between digits, or right after a base prefix.
  const body = s.replace(/^[+-]/, '');
  let prev = '^';
  const prefixed = /^0[xXoObB]/.test(body);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '_') {
      if (!(/[0-9a-fA-F]/.test(prev) || (prefixed && i === 2))) return false;
    } else if (prev === '_' && !/[0-9a-fA-F]/.test(c)) {
      return false;
    }
    prev = c;
  }
  return prev !== '_';
}

function parseGoInt(s: string): number | undefined {
  if (!underscoresOk(s)) return undefined;
  const neg = s.startsWith('-');
  const body = s.replace(/^[+-]/, '').replace(/_/g, '');
  let v: bigint;
  if (DECIMAL_INT.test(s) || body === '0') {
    v = BigInt(body);
  } else if (INT_PREFIXED.test(s)) {
    const p = body[1];
    if (p === 'x' || p === 'X') v = body.length > 2 ? BigInt('0x' + body.slice(2)) : -1n;
    else if (p === 'o' || p === 'O') v = body.length > 2 ? BigInt('0o' + body.slice(2)) : -1n;
    else if (p === 'b' || p === 'B') v = body.length > 2 ? BigInt('0b' + body.slice(2)) : -1n;
    else v = BigInt('0o' + (body.slice(1) || '0'));
    if (v < 0n) return undefined;
  } else {
    return undefined;
  }
  if (neg) v = -v;
  if (v > MAX_I64 || v < -(1n << 63n)) return undefined;
  return Number(v);
}

const FLOAT_DEC = /^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d[\d_]*)?$/;
const FLOAT_HEX = /^[+-]?0[xX]([0-9a-fA-F_]*\.?[0-9a-fA-F_]*)[pP][+-]?\d[\d_]*$/;
// Go accepts a sign before inf/infinity but not before nan.
const FLOAT_SPECIAL = /^([+-]?(inf|infinity)|nan)$/i;

/** Go's strconv.ParseFloat(s, 64); throws ConversionError worded as Go's NumError. */
export function parseGoFloat(s: string): number {
  const err = (why: string) => new ConversionError(`strconv.ParseFloat: parsing ${goQuoteAscii(s)}: ${why}`);
  if (FLOAT_SPECIAL.test(s)) {
    const neg = s.startsWith('-');
    if (/nan/i.test(s)) return NaN;
    return neg ? -Infinity : Infinity;
  }
  let v: number;
  if (FLOAT_DEC.test(s) && underscoresOk(s)) {
    v = Number(s.replace(/_/g, ''));
  } else if (FLOAT_HEX.test(s) && underscoresOk(s)) {
    v = parseHexFloat(s.replace(/_/g, ''));
  } else {
    throw err('invalid syntax');
  }
  if (!Number.isFinite(v)) throw err('value out of range');
  return v;
}

function parseHexFloat(s: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s)!;
  const [, sign, intPart, fracPart, exp] = m;
  const mant = BigInt('0x' + ((intPart + fracPart) || '0'));
  const v = Number(mant) * Math.pow(2, Number(exp) - 4 * fracPart.length);
  return sign === '-' ? -v : v;
}

/** The value of a PromQL NUMBER token: Go ParseInt(s, 0, 64), falling back to ParseFloat. */
export function parsePromNumber(s: string): number {
  if (/^[1-9]\d{0,14}$/.test(s)) return Number(s);
  const i = parseGoInt(s);
  if (i !== undefined) return i;
  return parseGoFloat(s);
}
