// The promqltest series notation: `metric{l="v"} 0+10x5 _ stale 1-2x3 {{schema:0 sum:1}}`.
// Its own small scanner (values are not PromQL tokens: `x` means repetition, no hex, no durations).
import { parseWithDiagnostics } from '../parser/parse.js';
import type { VectorSelector } from '../parser/ast.js';
import { labelsFrom, type Labels } from './labels.js';
import { parsePromNumber } from '../util/go-numbers.js';
import type { AppendableStorage } from './appendable.js';
import { parseDurationMs } from '../util/durations.js';
import { STALE_NAN } from './stale.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { HistogramLiteralError, parseHistogramLiteral } from '../histogram/literal.js';
import { plainFloat } from './exposition-scan.js';

/** One expanded point of a series line. */
export type SeriesPoint =
  | { readonly kind: 'float'; readonly value: number; readonly stale: boolean }
  | { readonly kind: 'omitted' }
  | {
    readonly kind: 'histogram';
    /** Shared between repeated points (`{{…}}xN`): never mutate it. */
    readonly histogram: FloatHistogram;
    /** Whether the literal stated `counter_reset_hint` (for `A±BxN`: whether B did, as in Prometheus). */
    readonly hintSet: boolean;
  };

/** A series line: its labels and expanded points (point i belongs at i × interval). */
export interface SeriesLine {
  readonly labels: Labels;
  readonly points: SeriesPoint[];
  /** From a preceding `metric@st …` line: each point's start-timestamp offset (ms), null for none. */
  readonly startOffsets?: (number | null)[];
}

/** A problem in a series line; `column` is 1-based in characters of the line. */
export class SeriesNotationError extends Error {
  constructor(message: string, readonly column: number) {
    super(message);
  }
}

/**
 * Most points one series line may expand to (10,000,000). A 15-byte `m 0+1x200000000` would
 * otherwise allocate gigabytes and kill the process; the cap is checked before anything is
 * allocated. Omitted points (`_`) count, as they take room in the expansion.
 */
export const MAX_SERIES_POINTS = 10_000_000;

/**
 * Most points one load may expand to in total (20,000,000): a `.series` file, the `series`
 * template helper, a promqltest script (load blocks and expected results), a rule test group's
 * `input_series`.
 */
export const MAX_LOAD_POINTS = 20_000_000;

/** Caps on series expansion. */
export interface ExpansionLimits {
  /** Most points one series line may expand to (default {@link MAX_SERIES_POINTS}). */
  readonly maxSeriesPoints?: number;
  /** Most points all lines sharing the budget may expand to (default {@link MAX_LOAD_POINTS}). */
  readonly maxLoadPoints?: number;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * The points left to one load: share one budget between the lines of a load so that its total is
 * capped too. Each parse checks its caps before expanding an item and charges the budget when the
 * line is complete.
 */
export class ExpansionBudget {
  readonly maxSeriesPoints: number;
  readonly maxLoadPoints: number;
  /** Points charged so far. */
  used = 0;

  constructor(limits: ExpansionLimits = {}) {
    this.maxSeriesPoints = limits.maxSeriesPoints ?? MAX_SERIES_POINTS;
    this.maxLoadPoints = limits.maxLoadPoints ?? MAX_LOAD_POINTS;
  }

  /** Whether a line holding `have` points may grow by `more`. */
  fits(have: number, more: number): boolean {
    return have + more <= this.maxSeriesPoints && this.used + have + more <= this.maxLoadPoints;
  }

  /** Throws (at `col`) unless a line holding `have` points may grow by `more` for `item`. */
  check(have: number, more: number, item: string, col: number): void {
    if (have + more > this.maxSeriesPoints) {
      throw new SeriesNotationError(
        `too many points: ${JSON.stringify(item)} would expand this series to ${fmt(have + more)} points (limit: ${fmt(this.maxSeriesPoints)} per series)`, col,
      );
    }
    if (this.used + have + more > this.maxLoadPoints) {
      throw new SeriesNotationError(
        `too many points: ${JSON.stringify(item)} would bring the load to ${fmt(this.used + have + more)} points (limit: ${fmt(this.maxLoadPoints)} per load)`, col,
      );
    }
  }
}

// A number without sign: decimal with `_`, exponent, Inf or NaN (no hex: `x` means repetition).
const UNSIGNED = String.raw`(?:inf|nan|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:e[+-]?\d+)?)`;
// `value`, `valuexN`, `value+incrementxN`, `value-incrementxN`; value may be signed or `stale`.
const ITEM = new RegExp(String.raw`^([+-]?${UNSIGNED}|stale)(?:([+-]${UNSIGNED}))?(?:x(\d+))?$`, 'i');
const BLANK = /^_(?:x(\d+))?$/;

/** Splits a line into its metric part and its values part. */
function splitMetric(line: string): [string, string, number] {
  let i = 0;
  while (i < line.length && !/[\s{]/.test(line[i])) i++;
  if (line[i] === '{') {
    let quote = '';
    for (i++; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === '\\' && quote !== '`') i++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'" || c === '`') quote = c;
      else if (c === '}') break;
    }
    if (i >= line.length) throw new SeriesNotationError('unclosed label set', line.length + 1);
    i++;
  }
  return [line.slice(0, i), line.slice(i), i];
}

/** Parses the metric part (`name{l="v"}`, `{__name__="x"}`, `{"quoted.name"}`, `{}`) into labels. */
export function parseMetric(text: string): Labels {
  const brace = text.indexOf('{');
  const name = brace < 0 ? text : text.slice(0, brace);
  const braces = brace < 0 ? '' : text.slice(brace);
  const pairs: [string, string][] = [];
  if (name !== '') {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new SeriesNotationError(`invalid metric name ${JSON.stringify(name)}`, 1);
    pairs.push(['__name__', name]);
  }
  if (braces !== '' && !/^\{\s*\}$/.test(braces)) {
    const { expr, diagnostics } = parseWithDiagnostics(braces);
    if (!expr || expr.type !== 'VectorSelector') {
      const d = diagnostics[0];
      throw new SeriesNotationError(d ? d.message : `invalid label set ${braces}`, (d ? d.column : 1) + name.length);
    }
    for (const m of (expr as VectorSelector).matchers) {
      if (m.op !== '=') throw new SeriesNotationError(`label ${m.name}: only "=" is allowed in a series description`, name.length + 1);
      pairs.push([m.name, m.value]);
    }
  }
  try {
    return labelsFrom(pairs);
  } catch (e) {
    throw new SeriesNotationError((e as Error).message, 1);
  }
}

function parseCount(s: string, col: number): number {
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new SeriesNotationError(`invalid repetition count ${s}`, col);
  return n;
}

const OMITTED: SeriesPoint = Object.freeze({ kind: 'omitted' });

/** Whether a char code is whitespace as `\s` means it. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(String.fromCharCode(c));
}

/**
 * The value of the item `s[from, to)` when it is a lone number the fast way reads exactly as
 * {@link expandItem} does, else NaN: a signed decimal integer of up to 15 digits without a
 * leading zero (`0` alone is +0, as Go's ParseInt reads `-0`; `010` is octal in PromQL and left
 * to the full path), or a decimal with a point or exponent (Go's ParseFloat, see
 * {@link plainFloat}). No `x`, increments, underscores, `stale`, `Inf` or `NaN`.
 */
function simpleValue(s: string, from: number, to: number): number {
  let i = from;
  const c0 = s.charCodeAt(i);
  const neg = c0 === 45;
  if (neg || c0 === 43) i++;
  let n = 0;
  const digits = i;
  for (; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return plainFloat(s, from, to);
    n = n * 10 + d;
  }
  const len = to - digits;
  if (len === 1 && n === 0) return 0;
  if (len === 0 || len > 15 || s.charCodeAt(digits) === 48) return NaN;
  return neg ? -n : n;
}

/** Expands one whitespace-free value item. */
function expandItem(item: string, col: number, out: SeriesPoint[], budget: ExpansionBudget): void {
  const b = BLANK.exec(item);
  if (b) {
    const n = b[1] === undefined ? 1 : parseCount(b[1], col);
    budget.check(out.length, n, item, col);
    for (let i = 0; i < n; i++) out.push(OMITTED);
    return;
  }
  const m = ITEM.exec(item);
  if (!m) throw new SeriesNotationError(`bad series value ${JSON.stringify(item)}`, col);
  const [, first, incr, times] = m;
  const stale = first.toLowerCase() === 'stale';
  if (stale && incr !== undefined) throw new SeriesNotationError(`stale cannot have an increment`, col);
  if (incr !== undefined && times === undefined) throw new SeriesNotationError(`an increment needs a repetition count: ${item}`, col);
  let v = stale ? NaN : parsePromNumber(first.replace(/^\+/, ''));
  const d = incr === undefined ? 0 : parsePromNumber(incr.replace(/^\+/, ''));
  const n = times === undefined ? 0 : parseCount(times, col);
  budget.check(out.length, n + 1, item, col);
  if (incr === undefined) {
    // A repeated value: one shared (frozen) point, not n + 1 copies.
    const p: SeriesPoint = Object.freeze({ kind: 'float', value: v, stale });
    for (let i = 0; i <= n; i++) out.push(p);
    return;
  }
  for (let i = 0; i <= n; i++) {
    out.push({ kind: 'float', value: v, stale });
    // Prometheus compatibility: repeated addition, so rounding error accumulates as upstream.
    v += d;
  }
}

function literalAt(values: string, i: number, offset: number): ReturnType<typeof parseHistogramLiteral> {
  try {
    return parseHistogramLiteral(values, i);
  } catch (e) {
    if (e instanceof HistogramLiteralError) throw new SeriesNotationError(e.message, offset + e.index + 1);
    throw e;
  }
}

/**
 * Expands a histogram item at `i`: `{{A}}`, `{{A}}xN` (N+1 copies), `{{A}}+{{B}}xN` or
 * `{{A}}-{{B}}xN` (A, A±B, A±2B, … by histogram addition, as Prometheus's
 * `histogramsIncreaseSeries`). Returns the offset after the item.
 */
function expandHistogramItem(values: string, i: number, offset: number, out: SeriesPoint[], budget: ExpansionBudget): number {
  const col = offset + i + 1;
  const a = literalAt(values, i, offset);
  let end = a.end;
  const op = values[end] === '+' || values[end] === '-' ? values[end] : null;
  const b = op ? literalAt(values, end + 1, offset) : null;
  if (b) end = b.end;
  const times = /^x(\d+)/.exec(values.slice(end));
  if (op && !times) throw new SeriesNotationError(`a histogram ${op === '+' ? 'increment' : 'decrement'} needs a repetition count: ${values.slice(i, end)}`, offset + end + 1);
  if (times) end += times[0].length;
  if (end < values.length && !/\s/.test(values[end])) {
    throw new SeriesNotationError(`unexpected ${JSON.stringify(values[end])} after a histogram value`, offset + end + 1);
  }
  const n = times ? parseCount(times[1], col) : 0;
  budget.check(out.length, n + 1, values.slice(i, end), col);
  if (!b) {
    const p: SeriesPoint = Object.freeze({ kind: 'histogram', histogram: a.histogram, hintSet: a.hintSet });
    for (let k = 0; k <= n; k++) out.push(p);
    return end;
  }
  // Prometheus compatibility: every point carries B's hint flag, and A's schema may not be above B's.
  const hintSet = b.hintSet;
  let cur = a.histogram;
  out.push({ kind: 'histogram', histogram: cur, hintSet });
  for (let k = 1; k <= n; k++) {
    if (cur.schema > b.histogram.schema) {
      throw new SeriesNotationError(`error combining histograms: cannot merge from schema ${b.histogram.schema} to ${cur.schema}`, col);
    }
    const next = cur.copy();
    try {
      if (op === '+') next.add(b.histogram);
      else next.sub(b.histogram);
    } catch (e) {
      throw new SeriesNotationError(`error combining histograms: ${(e as Error).message}`, col);
    }
    cur = next;
    out.push({ kind: 'histogram', histogram: cur, hintSet });
  }
  return end;
}

/**
 * Expands the values part of a series line. `offset` is the column of `values` in the line. Throws
 * SeriesNotationError, before allocating, when the line would exceed the budget's caps; on success
 * the budget is charged with the line's points.
 */
export function parseValues(values: string, offset = 0, budget: ExpansionBudget = new ExpansionBudget()): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  let i = 0;
  while (i < values.length) {
    if (isSpace(values.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    if (values.startsWith('{{', i)) {
      i = expandHistogramItem(values, i, offset, out, budget);
      continue;
    }
    while (i < values.length && !isSpace(values.charCodeAt(i))) i++;
    const v = simpleValue(values, start, i);
    if (v === v && budget.fits(out.length, 1)) out.push({ kind: 'float', value: v, stale: false });
    else expandItem(values.slice(start, i), offset + start + 1, out, budget);
  }
  budget.used += out.length;
  return out;
}

/**
 * The values of a value list made only of plain numbers (integers and decimals, what most fixture
 * lines hold), charged to the budget; null when any item is anything else, or when they would
 * not fit the budget (then {@link parseValues} reads the list and says what is wrong). One array
 * rather than a point object per value: a loader keeps every line until all are checked, and
 * 720,000 point objects alive made most of a load's time young-generation collections.
 */
export function plainValues(values: string, budget: ExpansionBudget): Float64Array | null {
  let count = 0;
  for (let i = 0; i < values.length;) {
    while (i < values.length && isSpace(values.charCodeAt(i))) i++;
    if (i === values.length) break;
    count++;
    while (i < values.length && !isSpace(values.charCodeAt(i))) i++;
  }
  if (!budget.fits(0, count)) return null;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length;) {
    while (i < values.length && isSpace(values.charCodeAt(i))) i++;
    if (i === values.length) break;
    const start = i;
    while (i < values.length && !isSpace(values.charCodeAt(i))) i++;
    const v = simpleValue(values, start, i);
    if (v !== v) return null;
    out[k++] = v;
  }
  budget.used += count;
  return out;
}

/**
 * A series line whose values are all plain numbers ({@link plainValues}): its labels and values;
 * null when a value is anything else (parse it with {@link parseSeriesLine}). Throws what
 * parseSeriesLine throws for a bad metric.
 */
export function parsePlainSeriesLine(line: string, budget: ExpansionBudget): { readonly labels: Labels; readonly values: Float64Array } | null {
  const [metric, values] = splitMetric(line);
  if (metric === '') throw new SeriesNotationError('missing metric', 1);
  const labels = parseMetric(metric);
  const vs = plainValues(values, budget);
  return vs === null ? null : { labels, values: vs };
}

/** What is wrong when the last of n samples' timestamps is not an exact integer, else null. */
export function lastTimestampProblem(n: number, interval: number, start = 0): string | null {
  const last = start + (n - 1) * interval;
  return n > 0 && !Number.isSafeInteger(last) ? `the last sample's timestamp (${last} ms) is beyond ±${Number.MAX_SAFE_INTEGER} ms` : null;
}

/** Throws SeriesNotationError (column 1) at {@link lastTimestampProblem}. */
function checkLastTimestamp(n: number, interval: number, start: number): void {
  const problem = lastTimestampProblem(n, interval, start);
  if (problem !== null) throw new SeriesNotationError(problem, 1);
}

/** Appends float values (none stale) at start, start + interval, …: in one call when the storage takes one. */
export function appendFloatValues(storage: AppendableStorage, labels: Labels, vs: Float64Array, interval: number, start = 0): void {
  checkLastTimestamp(vs.length, interval, start);
  const ts = new Float64Array(vs.length);
  for (let i = 0; i < vs.length; i++) ts[i] = start + i * interval;
  if (storage.appendFloats) {
    storage.appendFloats(labels, ts, vs);
    return;
  }
  for (let i = 0; i < vs.length; i++) storage.append(labels, ts[i], vs[i], false, 0);
}

/**
 * Appends a parsed series line to a storage: point i at i × interval, omitted points skipped.
 * Throws SeriesNotationError (column 1) when the last timestamp is not an exact integer.
 */
export function appendSeriesLine(storage: AppendableStorage, line: SeriesLine, interval: number, start = 0): void {
  checkLastTimestamp(line.points.length, interval, start);
  if (storage.appendFloats && !line.startOffsets && line.points.every((p) => p.kind === 'float' && !p.stale)) {
    // Floats only: one call with the whole series.
    appendFloatValues(storage, line.labels, Float64Array.from(line.points, (p) => (p as { value: number }).value), interval, start);
    return;
  }
  line.points.forEach((p, i) => {
    const t = start + i * interval;
    const offset = line.startOffsets?.[i];
    const st = offset === null || offset === undefined ? 0 : t + offset;
    if (p.kind === 'float') storage.append(line.labels, t, p.stale ? STALE_NAN : p.value, p.stale, st);
    else if (p.kind === 'histogram') storage.appendHistogram(line.labels, t, p.histogram, st);
  });
}

/** Parses a whole series line: `<metric> <values>`, charging `budget` (a fresh one by default). */
export function parseSeriesLine(line: string, budget?: ExpansionBudget): SeriesLine {
  const [metric, values, at] = splitMetric(line);
  if (metric === '') throw new SeriesNotationError('missing metric', 1);
  return { labels: parseMetric(metric), points: parseValues(values, at, budget) };
}

const DURATION = '(?:(?:\\d+(?:ms|[smhdwy]))+|0)';
const ST_ITEM = new RegExp(`^([+-]?)(${DURATION})(?:([+-])(${DURATION}))?(?:x(\\d+))?$`);

function signedMs(sign: string, d: string): number {
  const ms = d === '0' ? 0 : parseDurationMs(d);
  return sign === '-' ? -ms : ms;
}

/**
 * The items of a `metric@st` line: start-timestamp offsets (ms) from each sample's own time. Items
 * are `_`, `_xN`, `<dur>`, `<dur>xN` and `<dur>±<dur>xN` (N+1 values, as in value lists);
 * durations may be signed. `_` is null (no start timestamp). The budget's caps apply, checked
 * before allocating; it is not charged (the offsets pair with the next line's points, which are).
 */
export function parseStartOffsets(values: string, offset = 0, budget: ExpansionBudget = new ExpansionBudget()): (number | null)[] {
  const out: (number | null)[] = [];
  for (const m of values.matchAll(/\S+/g)) {
    const item = m[0];
    const col = offset + m.index! + 1;
    const blank = /^_(?:x(\d+))?$/.exec(item);
    if (blank) {
      // As in value lists, `_xN` is N missing points.
      const n = blank[1] === undefined ? 1 : parseCount(blank[1], col);
      budget.check(out.length, n, item, col);
      for (let k = 0; k < n; k++) out.push(null);
      continue;
    }
    const st = ST_ITEM.exec(item);
    if (!st) throw new SeriesNotationError(`bad start timestamp offset ${JSON.stringify(item)}`, col);
    const base = signedMs(st[1], st[2]);
    const step = st[4] === undefined ? 0 : signedMs(st[3], st[4]);
    const n = st[5] === undefined ? 0 : parseCount(st[5], col);
    if (st[4] !== undefined && st[5] === undefined) throw new SeriesNotationError(`missing repetition count in ${JSON.stringify(item)}`, col);
    budget.check(out.length, n + 1, item, col);
    for (let k = 0; k <= n; k++) out.push(base + k * step);
  }
  return out;
}
