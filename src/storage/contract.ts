// Checks of what a storage returns against the `Storage.select` contract (types.ts), cheap enough
// to run after every select: one pass over labels and samples, nothing allocated per sample.
import { StorageContractError, type StorageBreach } from '../errors.js';
import { goQuote } from '../util/go-format.js';
import { isLegacyLabelName } from '../parser/labels.js';
import { compareLabels, compareStrings, formatLabels, type Labels } from './labels.js';
import type { Matcher, Series } from './types.js';
import { FloatHistogram } from '../histogram/float-histogram.js';
import { runToEnd } from '../util/deep.js';
import { sortingInPlace } from '../util/sort-paused.js';

/**
 * Largest timestamp magnitude (ms) a series may hold: 2^53 − 1, the largest integer a float64
 * holds exactly. Every such value is also a valid Prometheus (int64 ms) timestamp.
 */
export const MAX_SAMPLE_TIMESTAMP_MS = Number.MAX_SAFE_INTEGER;

/** The part of a select request the checker reads: the matchers, to name the selection in errors. */
export interface CheckedRequest {
  readonly matchers?: readonly Matcher[];
}

/**
 * Checks the series one `select` returned and puts them in label order.
 *
 * Throws a {@link StorageContractError} (a `StorageError`) naming the breach and the series for:
 * an entry that is not a series object; labels that are not an array of string pairs, not sorted
 * by name (UTF-8 byte order), with a repeated or empty name, or an empty value; `timestamps` or
 * `values` missing or not array-like (BigInt arrays included); `values`, `stale` or
 * `startTimestamps` of another length than `timestamps`; a timestamp that is not a number, not
 * finite, not an integer or beyond ±{@link MAX_SAMPLE_TIMESTAMP_MS}; timestamps not strictly
 * increasing; a value that is not a number (plain arrays only: typed arrays hold numbers); the
 * same checks on `histograms.timestamps`, histogram values that are not FloatHistograms, a
 * timestamp holding both a float and a histogram; the same label set twice.
 *
 * Series out of label order are not an error: they come back sorted in a new array (the input is
 * never mutated). Otherwise the input array itself is returned.
 *
 * Cost: O(labels + samples) with one tight loop per array, plus O(n log n) only when unsorted.
 */
export function checkSeries<S extends Series>(series: readonly S[], req: CheckedRequest = {}): S[] {
  return runToEnd(checkingSeries(series, req));
}

/** Entries checkingSeries checks between two of its pauses. */
const CHECK_CHUNK = 4096;

/**
 * {@link checkSeries} as a pausable step (see runDeepPausing): it yields after every
 * {@link CHECK_CHUNK} series of each pass, so that a select of 100,000 series (about 30 ms of
 * checks) does not hold the event loop in one piece. The same checks in the same order.
 */
export function* checkingSeries<S extends Series>(series: readonly S[], req: CheckedRequest = {}): Generator<void, S[], void> {
  for (let i = 0; i < series.length; i++) {
    if (i % CHECK_CHUNK === CHECK_CHUNK - 1) yield;
    const s = series[i];
    if (s === null || typeof s !== 'object') {
      throw breach('not-a-series', req, `entry ${i}`, `expected a series object, got ${describe(s)}`);
    }
    checkLabels(s.labels, req);
    if (!(s instanceof StoredView)) checkSamples(s, req);
  }
  let sorted = true;
  for (let i = 1; i < series.length; i++) {
    if (i % CHECK_CHUNK === 0) yield;
    const c = compareLabels(series[i - 1].labels, series[i].labels);
    if (c === 0) throw duplicate(series[i], req);
    if (c > 0) sorted = false;
  }
  if (sorted) return series as S[];
  // Storages must return sorted series; sort defensively rather than give a wrong order.
  const out = yield* sortingInPlace([...series], (a, b) => compareLabels(a.labels, b.labels));
  for (let i = 1; i < out.length; i++) {
    if (i % CHECK_CHUNK === 0) yield;
    if (compareLabels(out[i - 1].labels, out[i].labels) === 0) throw duplicate(out[i], req);
  }
  return out;
}

/**
 * A view of stored samples, as MemoryStorage makes them: built from samples checked when they were
 * stored (checkSeries then looks only at its labels and its place among the others: order,
 * duplicates), with every float staleness marker flagged in its `stale` array, so that no StaleNaN
 * value hides among its float values unflagged and a reader looking for markers need only read
 * the flags. Histogram markers (a sum of StaleNaN) are not among the flags: the engine merges a
 * series with histograms into a new object, which is not a view. One class for every view: the
 * engine's reads of a series' fields see one shape (absent fields are undefined), and telling a
 * view from any other series is an `instanceof`.
 * @internal
 */
export class StoredView implements Series {
  constructor(
    readonly labels: Series['labels'],
    readonly timestamps: ArrayLike<number>,
    readonly values: ArrayLike<number>,
    readonly stale: ArrayLike<number> | undefined,
    readonly startTimestamps: ArrayLike<number> | undefined,
    readonly histograms: Series['histograms'],
    /** Whether none of `histograms` is a staleness marker (a histogram whose sum is StaleNaN). */
    readonly histogramsWithoutMarkers: boolean,
  ) {}
}

/** Whether every float staleness marker of `s` is flagged in its `stale` array (see StoredView). @internal */
export function hasFlaggedMarkersOnly(s: Series): boolean {
  return s instanceof StoredView;
}

function duplicate(s: Series, req: CheckedRequest): StorageContractError {
  return breach('duplicate-series', req, formatLabels(s.labels), 'the same label set was returned more than once');
}

function checkLabels(ls: Labels, req: CheckedRequest): void {
  if (!Array.isArray(ls)) throw breach('bad-labels', req, describe(ls), 'labels must be an array of {name, value}');
  let prev = '';
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i] as unknown as { name?: unknown; value?: unknown } | null;
    if (l === null || typeof l !== 'object' || typeof l.name !== 'string' || typeof l.value !== 'string') {
      throw breach('bad-labels', req, safeLabels(ls), `label ${i} is not a {name, value} pair of strings`);
    }
    if (l.name === '') throw badLabels(req, ls, 'empty label name');
    if (l.value === '') throw badLabels(req, ls, `label ${goQuote(l.name)} has an empty value`);
    if (i > 0) {
      const c = compareStrings(prev, l.name);
      if (c === 0) throw badLabels(req, ls, `duplicate label name ${goQuote(l.name)}`);
      if (c > 0) throw badLabels(req, ls, `labels not sorted by name (${goQuote(l.name)} after ${goQuote(prev)})`);
    }
    prev = l.name;
  }
}

/** The error for a label set that breaks the contract (made only when one does: checkLabels runs per series). */
function badLabels(req: CheckedRequest, ls: Labels, msg: string): StorageContractError {
  return breach('bad-labels', req, safeLabels(ls), msg);
}

function checkSamples(s: Series, req: CheckedRequest): void {
  const ts = s.timestamps;
  const vs = s.values;
  const fail = (kind: StorageBreach, msg: string): StorageContractError => breach(kind, req, formatLabels(s.labels), msg);
  if (!isArrayLike(ts)) throw fail('bad-arrays', `timestamps must be an array of numbers, got ${describe(ts)}`);
  if (!isArrayLike(vs)) throw fail('bad-arrays', `values must be an array of numbers, got ${describe(vs)}`);
  const n = ts.length;
  if (vs.length !== n) throw fail('length-mismatch', `${vs.length} values for ${n} timestamps`);
  for (const name of ['stale', 'startTimestamps'] as const) {
    const a = s[name];
    if (a === undefined) continue;
    if (!isArrayLike(a)) throw fail('bad-arrays', `${name} must be an array of numbers, got ${describe(a)}`);
    if (a.length !== n) throw fail('length-mismatch', `${a.length} ${name} entries for ${n} timestamps`);
  }
  const tsProblem = timestampProblem(ts);
  if (tsProblem) throw fail(tsProblem[0], `timestamps: ${tsProblem[1]}`);
  const vi = firstNonNumber(vs);
  if (vi >= 0) throw fail('bad-value', `value at index ${vi} is not a number: ${describe(vs[vi])}`);
  const h = s.histograms;
  if (h === undefined) return;
  if (h === null || typeof h !== 'object' || !isArrayLike(h.timestamps) || !isArrayLike(h.values)) {
    throw fail('bad-arrays', 'histograms must be {timestamps, values} arrays');
  }
  if (h.values.length !== h.timestamps.length) {
    throw fail('length-mismatch', `${h.values.length} histogram values for ${h.timestamps.length} histogram timestamps`);
  }
  const hProblem = timestampProblem(h.timestamps);
  if (hProblem) throw fail(hProblem[0], `histogram timestamps: ${hProblem[1]}`);
  for (let i = 0; i < h.values.length; i++) {
    if (!((h.values[i] as unknown) instanceof FloatHistogram)) throw fail('bad-value', `histogram value at index ${i} is not a FloatHistogram: ${describe(h.values[i])}`);
  }
  const shared = sharedTimestamp(ts, h.timestamps);
  if (shared !== null) throw fail('unordered-timestamps', `timestamp ${shared} holds both a float and a histogram sample`);
}

/** A timestamp in both ascending arrays, or null: one merge pass. */
function sharedTimestamp(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) return a[i];
    if (a[i] < b[j]) i++;
    else j++;
  }
  return null;
}

/** Array-like holding numbers: a plain array or a non-BigInt typed array (not a string). */
function isArrayLike(a: unknown): a is ArrayLike<number> {
  if (a === null || typeof a !== 'object') return false;
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) return false;
  const n = (a as { length?: unknown }).length;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Null when the timestamps are strictly increasing safe integers, else the breach and its detail. */
function timestampProblem(ts: ArrayLike<number>): [StorageBreach, string] | null {
  const n = ts.length;
  let prev = -Infinity;
  let i = 0;
  // `t > prev` is false for NaN, equal and descending timestamps; floor(t) !== t for fractions,
  // non-numbers (a string compares numerically but floor returns a number). ±Infinity is
  // caught by the range check on the first and last element.
  for (; i < n; i++) {
    const t = ts[i];
    if (!(t > prev) || Math.floor(t) !== t) break;
    prev = t;
  }
  if (i < n) {
    const t = ts[i];
    if (typeof t !== 'number') return ['bad-timestamp', `index ${i} is not a number: ${describe(t)}`];
    if (!Number.isFinite(t)) return ['bad-timestamp', `index ${i} is ${t}, not a finite number of ms`];
    if (!Number.isInteger(t)) return ['bad-timestamp', `index ${i} is ${t}, not an integer number of ms`];
    return ['unordered-timestamps', `not strictly increasing: ${t} at index ${i} after ${prev}`];
  }
  if (n > 0) {
    const lo = ts[0];
    const hi = ts[n - 1];
    if (lo < -MAX_SAMPLE_TIMESTAMP_MS) return ['bad-timestamp', `index 0 is ${lo}, beyond ±${MAX_SAMPLE_TIMESTAMP_MS} ms`];
    if (hi > MAX_SAMPLE_TIMESTAMP_MS) return ['bad-timestamp', `index ${n - 1} is ${hi}, beyond ±${MAX_SAMPLE_TIMESTAMP_MS} ms`];
  }
  return null;
}

/** Index of the first element that is not a number, -1 if none (typed arrays hold numbers). */
function firstNonNumber(vs: ArrayLike<number>): number {
  if (ArrayBuffer.isView(vs)) return -1;
  for (let i = 0; i < vs.length; i++) if (typeof vs[i] !== 'number') return i;
  return -1;
}

function breach(kind: StorageBreach, req: CheckedRequest, series: string, detail: string): StorageContractError {
  const sel = req.matchers ? ` for selector ${formatMatchers(req.matchers)}` : '';
  return new StorageContractError(kind, `storage contract violation${sel}: series ${series}: ${detail}`, series);
}

const quoteName = (n: string): string => (isLegacyLabelName(n) ? n : goQuote(n));

function formatMatchers(ms: readonly Matcher[]): string {
  return '{' + ms.map((m) => `${quoteName(m.name)}${m.op}${goQuote(m.value)}`).join(', ') + '}';
}

/** Labels for a message even when they are malformed. */
function safeLabels(ls: Labels): string {
  return '{' + ls.map((l) => {
    const x = l as unknown as { name?: unknown; value?: unknown } | null;
    if (x === null || typeof x !== 'object') return describe(x);
    return `${typeof x.name === 'string' ? quoteName(x.name) : describe(x.name)}=${typeof x.value === 'string' ? goQuote(x.value) : describe(x.value)}`;
  }).join(', ') + '}';
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return x.constructor?.name ?? 'an object';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (typeof x === 'bigint') return `${x}n`;
  return String(x);
}
