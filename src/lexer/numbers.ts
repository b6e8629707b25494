// Numbers and durations as Prometheus reads and prints them: Go's ParseInt(s, 0, 64) then
// ParseFloat for literals, model.ParseDuration / model.Duration.String for durations.

/** A value-level error from a conversion, worded as Go words it. */
export class ConversionError extends Error {}

const UNITS: Record<string, { pos: number; ns: bigint }> = {
  ms: { pos: 7, ns: 1_000_000n },
  s: { pos: 6, ns: 1_000_000_000n },
  m: { pos: 5, ns: 60_000_000_000n },
  h: { pos: 4, ns: 3_600_000_000_000n },
  d: { pos: 3, ns: 86_400_000_000_000n },
  w: { pos: 2, ns: 604_800_000_000_000n },
  y: { pos: 1, ns: 31_536_000_000_000_000n },
};
const MAX_I64 = (1n << 63n) - 1n;

function goQuoteAscii(s: string): string {
  return JSON.stringify(s);
}

/**
 * Parses a Prometheus duration (`1h30m`, `5m`, `0`) into nanoseconds, as `model.ParseDuration`.
 * Throws ConversionError with Prometheus's wording.
 */
export function parseDurationNs(s: string): bigint {
  if (s === '0') return 0n;
  if (s === '') throw new ConversionError('empty duration string');
  const invalid = () => new ConversionError(`not a valid duration string: ${goQuoteAscii(s)}`);
  let rest = s;
  let total = 0n;
  let lastPos = 0;
  while (rest !== '') {
    const num = /^[0-9]+/.exec(rest);
    if (!num) throw invalid();
    rest = rest.slice(num[0].length);
    const unitMatch = /^[^0-9]+/.exec(rest);
    if (!unitMatch) throw invalid();
    const unit = unitMatch[0];
    rest = rest.slice(unit.length);
    const info = UNITS[unit];
    if (!info) throw new ConversionError(`unknown unit ${goQuoteAscii(unit)} in duration ${goQuoteAscii(s)}`);
    if (info.pos <= lastPos) throw invalid();
    lastPos = info.pos;
    const v = BigInt(num[0]);
    if (v > (1n << 63n) / info.ns) throw new ConversionError('duration out of range');
    total += v * info.ns;
    if (total > MAX_I64) throw new ConversionError('duration out of range');
  }
  return total;
}

/** Go's `time.Duration.Seconds()` for a nanosecond count. */
export function nsToSeconds(ns: bigint): number {
  const sec = ns / 1_000_000_000n;
  const rem = ns % 1_000_000_000n;
  return Number(sec) + Number(rem) / 1e9;
}

const SIMPLE_DURATION = /^(\d{1,9})(ms|[smhdwy])$/;
const SIMPLE_NS: Record<string, number> = { ms: 1e6, s: 1e9, m: 6e10, h: 3.6e12, d: 8.64e13, w: 6.048e14, y: 3.1536e16 };

/** Parses a duration string to float seconds (the value a DURATION literal has in PromQL). */
export function parseDurationSeconds(s: string): number {
  // Fast path for the common `<digits><unit>` form. Below the int64 bound the product is an exact
  // float (a whole number of milliseconds), so this equals the BigInt path's result.
  const m = SIMPLE_DURATION.exec(s);
  if (m) {
    const ns = Number(m[1]) * SIMPLE_NS[m[2]];
    if (ns <= 9.2e18) return Math.trunc(ns / 1e9) + (ns % 1e9) / 1e9;
  }
  return nsToSeconds(parseDurationNs(s));
}

/** Parses a duration to integer milliseconds (truncating sub-millisecond parts, as Go does). */
export function parseDurationMs(s: string): number {
  return Number(parseDurationNs(s) / 1_000_000n);
}

/** Go's math.Round: halves away from zero. */
export function goRound(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(Math.abs(x));
  // Math.round rounds .5 up, which for |x| is away from zero; restore the sign.
  return x < 0 ? -r : r;
}

/**
 * Seconds (a number literal used as a duration) to milliseconds, as
 * `time.Duration(math.Round(v*float64(time.Second)))` then read in milliseconds.
 * The result may carry a sub-millisecond fraction; readers truncate it.
 */
export function secondsToDurationMs(seconds: number): number {
  return goRound(seconds * 1e9) / 1e6;
}

/** `model.Duration.String()` for a millisecond count (truncated to whole milliseconds). */
export function formatDuration(ms: number): string {
  let rest = Math.trunc(ms);
  if (rest === 0) return '0s';
  let sign = '';
  if (rest < 0) {
    sign = '-';
    rest = -rest;
  }
  let out = '';
  const part = (unit: string, mult: number, exact: boolean) => {
    if (exact && rest % mult !== 0) return;
    const v = Math.floor(rest / mult);
    if (v > 0) {
      out += `${v}${unit}`;
      rest -= v * mult;
    }
  };
  part('y', 31_536_000_000, true);
  part('w', 604_800_000, true);
  part('d', 86_400_000, false);
  part('h', 3_600_000, false);
  part('m', 60_000, false);
  part('s', 1000, false);
  part('ms', 1, false);
  return sign + out;
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
