// Request parameters as Prometheus's HTTP API reads them: the query string merged with a form
// body, times (Unix seconds or RFC 3339), durations, `limit` and `match[]` selectors.
import { parse, type ParserOptions } from '../parser/parse.js';
import type { LabelMatcher } from '../parser/ast.js';
import { matcherMatches } from '../parser/labels.js';
import { parseDurationMs } from '../util/durations.js';
import { ParseError } from '../errors.js';
import { ApiError } from './errors.js';

const EMPTY_SELECTOR = 'vector selector must contain at least one non-empty matcher';

/**
 * Earliest and latest times the API accepts as defaults for optional ranges, in ms. Prometheus's
 * `MinTime`/`MaxTime` lie beyond ±2^53 ms; we clamp to the safe-integer range, which every
 * storage can compare exactly.
 */
export const MIN_TIME_MS = -Number.MAX_SAFE_INTEGER;
/** See {@link MIN_TIME_MS}. */
export const MAX_TIME_MS = Number.MAX_SAFE_INTEGER;

// Prometheus compatibility: clients (Grafana, promtool) send Prometheus's MinTime/MaxTime in
// RFC 3339, with years Go's parser cannot read; the API accepts these two strings by name.
const MIN_TIME_TEXT = '-292273086-05-16T16:47:06Z';
const MAX_TIME_TEXT = '292277025-08-18T07:12:54.999999999Z';

/** The parameters of one request: form values by name, in order (`match[]` repeats). */
export class Params {
  constructor(private readonly values: URLSearchParams) {}

  /** The first value of `name`, or "" (Go's `FormValue`). */
  get(name: string): string {
    return this.values.get(name) ?? '';
  }

  /** Every value of `name`. */
  all(name: string): string[] {
    return this.values.getAll(name);
  }
}

const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A time parameter in ms: float Unix seconds (the fraction rounded to ms, half away from zero, as
 * Prometheus's `parseTime` does) or RFC 3339 with up to nanoseconds (truncated to ms).
 * Throws an Error worded as Prometheus's.
 */
export function parseApiTime(s: string): number {
  if (FLOAT.test(s)) {
    const v = Number(s);
    const whole = Math.trunc(v);
    const frac = Math.sign(v - whole) * Math.round(Math.abs(v - whole) * 1000);
    const ms = whole * 1000 + frac;
    if (Number.isSafeInteger(ms)) return ms;
  }
  if (s === MIN_TIME_TEXT) return MIN_TIME_MS;
  if (s === MAX_TIME_TEXT) return MAX_TIME_MS;
  const m = RFC3339.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac = '', zone] = m;
    const base = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec);
    const offset = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (+zone.slice(1, 3) * 60 + +zone.slice(4, 6)) * 60_000;
    const valid = +mo >= 1 && +mo <= 12 && +d >= 1 && +d <= 31 && +h < 24 && +mi < 60 && +sec < 60;
    if (valid && !Number.isNaN(base)) return base - offset + Math.trunc(Number(`0.${frac || '0'}`) * 1000 + 1e-9);
  }
  throw new Error(`cannot parse ${JSON.stringify(s)} to a valid timestamp`);
}

/** A time parameter, or `dflt` when absent; errors name the parameter as Prometheus does. */
export function timeParam(p: Params, name: string, dflt: number): number {
  const v = p.get(name);
  if (v === '') return dflt;
  try {
    return parseApiTime(v);
  } catch (e) {
    throw ApiError.badParam(name, `invalid time value for '${name}': ${(e as Error).message}`);
  }
}

/**
 * A duration parameter in ms (possibly fractional): float seconds or a Prometheus duration
 * (`1m30s`). Throws an Error worded as Prometheus's `parseDuration`.
 */
export function parseApiDuration(s: string): number {
  if (FLOAT.test(s)) {
    const ns = Number(s) * 1e9;
    if (Math.abs(ns) > 2 ** 63) throw new Error(`cannot parse ${JSON.stringify(s)} to a valid duration. It overflows int64`);
    return Math.trunc(ns) / 1e6;
  }
  try {
    return parseDurationMs(s);
  } catch {
    throw new Error(`cannot parse ${JSON.stringify(s)} to a valid duration`);
  }
}

/** The `limit` parameter: 0 when absent (no limit). */
export function limitParam(p: Params): number {
  const s = p.get('limit');
  if (s === '') return 0;
  if (!/^[+-]?\d+$/.test(s) || !Number.isSafeInteger(Number(s))) {
    throw ApiError.badParam('limit', `strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  }
  const n = Number(s);
  if (n < 0) throw ApiError.badParam('limit', 'limit must be non-negative');
  return n;
}

/**
 * Parses `match[]` selectors (each a vector selector such as `up{job="a"}`). Every set needs a
 * matcher that does not match the empty string, as in Prometheus. Throws an Error with the
 * parser's message.
 */
export function parseMatcherSets(selectors: readonly string[], parser: ParserOptions): LabelMatcher[][] {
  const sets = selectors.map((s) => {
    let e;
    try {
      e = parse(s, parser);
    } catch (err) {
      // Prometheus compatibility: its selector parser accepts `{job=~".*"}`, then the API refuses
      // it in its own words; ours rejects it while parsing, so we reword that one error.
      if (err instanceof ParseError && err.diagnostics.every((d) => d.message === EMPTY_SELECTOR)) return null;
      throw err;
    }
    if (e.type !== 'VectorSelector') throw new Error(`1:1: parse error: expected a series selector, got ${JSON.stringify(s)}`);
    return [...e.matchers];
  });
  for (const set of sets) {
    if (!set || !set.some((m) => !matcherMatches(m.op, m.value, ''))) throw new Error('match[] must contain at least one non-empty matcher');
  }
  return sets as LabelMatcher[][];
}
