// Durations as Prometheus reads and prints them: model.ParseDuration (`1h30m`, `5m`, `0`),
// model.Duration.String and Go's time.Duration.String, and the seconds a number used as a
// duration stands for. The one home of duration parsing and formatting.
import { ConversionError, goQuoteAscii, goRound, MAX_I64 } from './go-numbers.js';

const UNITS: Record<string, { pos: number; ns: bigint }> = {
  ms: { pos: 7, ns: 1_000_000n },
  s: { pos: 6, ns: 1_000_000_000n },
  m: { pos: 5, ns: 60_000_000_000n },
  h: { pos: 4, ns: 3_600_000_000_000n },
  d: { pos: 3, ns: 86_400_000_000_000n },
  w: { pos: 2, ns: 604_800_000_000_000n },
  y: { pos: 1, ns: 31_536_000_000_000_000n },
};
const MAX_U64 = (1n << 64n) - 1n;

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
    // Go reads the digits with strconv.ParseUint, which fails beyond 64 bits.
    const v = BigInt(num[0]);
    if (v > MAX_U64) throw invalid();
    rest = rest.slice(num[0].length);
    const unitMatch = /^[^0-9]+/.exec(rest);
    if (!unitMatch) throw invalid();
    const unit = unitMatch[0];
    rest = rest.slice(unit.length);
    const info = UNITS[unit];
    if (!info) throw new ConversionError(`unknown unit ${goQuoteAscii(unit)} in duration ${goQuoteAscii(s)}`);
    if (info.pos <= lastPos) throw invalid();
    lastPos = info.pos;
    if (v > (1n << 63n) / info.ns) throw new ConversionError('duration out of range');
    total += v * info.ns;
    if (total > MAX_I64) throw new ConversionError('duration out of range');
  }
  return total;
}

/** Prometheus's error for a string `model.ParseDuration` rejects, or null when it parses. */
export function durationError(s: string): string | null {
  try {
    parseDurationNs(s);
    return null;
  } catch (e) {
    if (e instanceof ConversionError) return e.message;
    throw e;
  }
}

/** Go's `time.Duration.Seconds()` for a nanosecond count. */
function nsToSeconds(ns: bigint): number {
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

/** Go's `time.Duration.String()` for milliseconds: `1m0s`, `1h30m0s`, `500ms`, `0s`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (Math.abs(ms) < 1000) return `${ms}ms`;
  const neg = ms < 0;
  let s = Math.abs(ms) / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const sec = `${Number(s.toFixed(3))}s`;
  return (neg ? '-' : '') + (h ? `${h}h${m}m${sec}` : m ? `${m}m${sec}` : sec);
}
