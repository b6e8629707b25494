// Selectors: instant vector selectors (lookback, staleness) walk each series with one moving
// cursor; range selectors hand raw points plus per-step windows to the functions.
import { answerArray } from './answer-objects.js';
import { f64, u8 } from '../util/slab.js';
import type { Series } from '../storage/types.js';
import { hasFlaggedMarkersOnly } from '../storage/contract.js';
import { isStaleNaN } from '../storage/stale.js';
import type { EvalContext } from './context.js';
import { stepTime, type Grid } from '../functions/support/grid.js';
import type { MatrixValue, RangeSeries, StepSeries, VectorValue } from './values.js';
import type { SelectorPlan } from './prepare.js';
import { lastAtOrBefore, searchFirst } from '../util/search.js';
import { interpolate } from '../functions/support/interpolate.js';
import type { RangeSelectorNode, SelectorNode } from './plan/nodes.js';
import { forEachPaused, type OpGen } from './ops.js';
import { histogramsOf, type MixedSeries } from './mixed-series.js';
import { statsHistograms } from './histogram-stats.js';
import { getLabel, METRIC_NAME } from '../storage/labels.js';
import { goQuote } from '../util/go-format.js';
import { interpolateHistograms, mixedSchemas } from '../functions/rate-histogram.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';

function isStale(s: Series, j: number): boolean {
  return staleAt(s.stale, s.values, j);
}

/** Whether sample j is a staleness marker, from a series' flags and values (for loops that keep them in locals). */
function staleAt(stale: Series['stale'], values: Series['values'], j: number): boolean {
  if (stale && stale[j]) return true;
  const v = values[j];
  return v !== v && isStaleNaN(v);
}

/**
 * Evaluates an instant vector selector over the grid. `report` picks what each value is: the
 * sample's value, its own timestamp in seconds (timestamp() of a selector), or its start timestamp
 * in seconds, 0 when unknown (start_timestamp()).
 */
export function* evalVectorSelector(ctx: EvalContext, node: SelectorNode, g: Grid): OpGen<VectorValue> {
  const { sel: p, report } = node;
  if (node.expr.smoothed && report === 'value') return smoothedSelector(ctx, p, g);
  const pick = (s: Series, j: number): number =>
    report === 'value' ? s.values[j] : report === 'time' ? s.timestamps[j] / 1000 : (s.startTimestamps?.[j] ?? 0) / 1000;
  const lookback = ctx.settings.lookbackDelta;
  const out: StepSeries[] = [];
  const all = ctx.seriesOf(p);
  // Series by series, pausing when the time slice is used: a batch can be millions of cells.
  yield* forEachPaused(ctx, all.length, (k) => {
    const s = all[k];
    const ts = s.timestamps;
    if (ts.length === 0) return;
    if (p.at === null && (ts[0] > g.end - p.offset || ts[ts.length - 1] <= g.start - p.offset - lookback)) return;
    const values = f64(g.steps);
    const present = u8(g.steps);
    // Whatever a step reports, a histogram sample stays marked as one (info() rejects them).
    const sh = histogramsFor(ctx, p, s, lookback);
    let hist: (FloatHistogram | undefined)[] | undefined;
    let count = 0;
    if (p.at !== null) {
      const ref = p.at - p.offset;
      const j = lastAtOrBefore(ts, ref);
      if (j >= 0 && ts[j] > ref - lookback && !isStale(s, j)) {
        values.fill(pick(s, j));
        present.fill(1);
        if (sh && sh[j]) hist = new Array(g.steps).fill(sh[j]);
        count = g.steps;
      }
    } else if (report === 'value' && (!sh || sh === histogramsOf(s))) {
      const h: (FloatHistogram | undefined)[] | undefined = sh ? new Array(g.steps) : undefined;
      count = latestValues(s, g, p.offset, lookback, values, present, sh, h);
      // As in the general loop below: no hist array when no step holds a histogram.
      if (h !== undefined && h.some((x) => x !== undefined)) hist = h;
    } else {
      let j = lastAtOrBefore(ts, g.start - p.offset);
      const n = ts.length;
      for (let i = 0; i < g.steps; i++) {
        const ref = stepTime(g, i) - p.offset;
        while (j + 1 < n && ts[j + 1] <= ref) j++;
        if (j >= 0 && ts[j] > ref - lookback && !isStale(s, j)) {
          values[i] = pick(s, j);
          present[i] = 1;
          if (sh && sh[j]) (hist ??= new Array(g.steps))[i] = sh[j];
          count++;
        }
      }
    }
    if (count > 0) {
      ctx.queryable += count;
      out.push({ labels: s.labels, values, present, dropName: false, ...(hist ? { hist } : {}) });
    }
  });
  return { type: 'vector', series: out };
}

/**
 * The series' latest value within the lookback at each step (the common case of an instant
 * selector, without `@` or timestamp()): values[i]/present[i] filled, the number of steps with a
 * value returned. The staleness of a sample is looked at once, however many steps read it. For a
 * series holding histograms (`sh`, as merged by mergeHistograms), hist[i] is set where the step's
 * sample is one.
 */
function latestValues(
  s: Series, g: Grid, offset: number, lookback: number, values: Float64Array, present: Uint8Array,
  sh?: readonly (FloatHistogram | undefined)[], hist?: (FloatHistogram | undefined)[],
): number {
  // Everything the loop reads is in locals: series objects come in many shapes (optional fields),
  // so a property read per step (s.stale in isStale) is a megamorphic load per point.
  const ts = s.timestamps;
  const vs = s.values;
  const stale = s.stale;
  const n = ts.length;
  const { start, interval, steps } = g;
  let j = lastAtOrBefore(ts, start - offset);
  let checked = -1;
  let fresh = false;
  let count = 0;
  for (let i = 0; i < steps; i++) {
    const ref = start + i * interval - offset;
    const before = j;
    while (j + 1 < n && ts[j + 1] <= ref) j++;
    if (j < 0 || ts[j] <= ref - lookback) continue;
    if (j !== checked) {
      checked = j;
      fresh = !staleAt(stale, vs, j);
    }
    if (!fresh) continue;
    values[i] = vs[j];
    present[i] = 1;
    if (sh !== undefined) {
      const h = sh[j];
      if (h !== undefined) hist![i] = h;
    }
    count++;
    // The cursor moved by exactly one sample: the next steps likely do too (a scrape interval
    // equal to the step), and a run of them is found without the cursor (see lockstepRun).
    if (j === before + 1) {
      const run = lockstepRun(ts, vs, stale, j + 1, g, i + 1, offset, lookback);
      for (let k = 0; k < run; k++) {
        values[i + 1 + k] = vs[j + 1 + k];
        present[i + 1 + k] = 1;
      }
      if (sh !== undefined) {
        for (let k = 0; k < run; k++) {
          const h = sh[j + 1 + k];
          if (h !== undefined) hist![i + 1 + k] = h;
        }
      }
      count += run;
      i += run;
      j += run;
      checked = j;
    }
  }
  return count;
}

/**
 * How many steps in a row, from step `i` of the grid on, each take the next sample from `j` on:
 * step i+k's sample j+k is the last at or before it, within the lookback, and not a NaN or a
 * flagged sample (a NaN may be a staleness marker: the run ends there and the cursor loop looks at
 * it; stopping at the first one keeps the work linear however many the series holds). Each step
 * is checked by comparisons that do not depend on the previous step's, which runs several times
 * faster than moving a cursor (whose every step waits on the last one's load and compare); the
 * samples a run covers are exactly those the cursor would pick.
 */
function lockstepRun(
  ts: ArrayLike<number>, vs: ArrayLike<number>, stale: ArrayLike<number> | undefined,
  j: number, g: Grid, i: number, offset: number, lookback: number,
): number {
  const { start, interval } = g;
  // The last sample is left to the cursor loop, so that ts[j + k + 1] always exists.
  const lim = Math.min(g.steps - i, ts.length - 1 - j);
  let k = 0;
  let t = lim > 0 ? ts[j] : 0;
  for (; k < lim; k++) {
    // The step's time exactly as the cursor loop computes it.
    const ref = start + (i + k) * interval - offset;
    const next = ts[j + k + 1];
    const v = vs[j + k];
    if (!(t <= ref && next > ref && t > ref - lookback) || v !== v || (stale !== undefined && stale[j + k])) break;
    t = next;
  }
  return k;
}

/**
 * The histograms of a fetched series as the selector reads them: as stored, or, for a selector
 * read only through histogram_count/sum/avg, as Prometheus's statistics iterator hands them out
 * over the whole query (computed once per series).
 */
function histogramsFor(ctx: EvalContext, p: SelectorPlan, s: Series, delta: number): (FloatHistogram | undefined)[] | undefined {
  const sh = histogramsOf(s);
  if (!sh || !ctx.queryGrid || !ctx.isStatsOnly(p.node)) return sh;
  const stats = ctx.stats;
  let v = stats.histograms.get(s);
  if (!v) {
    let refs = stats.windowEnds.get(p);
    if (!refs) stats.windowEnds.set(p, (refs = windowEnds(ctx.queryGrid, p.at, p.offset)));
    v = statsHistograms(s.timestamps, sh, (s as MixedSeries).stale, refs, delta);
    stats.histograms.set(s, v);
  }
  return v;
}

/** The right ends of the windows of a selector or subquery over a grid. */
export function windowEnds(g: Grid, at: number | null, offset: number): Float64Array {
  const w = new Float64Array(g.steps);
  for (let i = 0; i < g.steps; i++) w[i] = (at ?? stepTime(g, i)) - offset;
  return w;
}

/**
 * Whether any point from…to−1 of `s` is a staleness marker (a tight scan: NaN values are rare;
 * only the flags when the storage flags every marker).
 */
function anyStale(s: Series, vs: Float64Array, from: number, to: number): boolean {
  const stale = s.stale;
  if (stale) for (let j = from; j < to; j++) if (stale[j]) return true;
  if (hasFlaggedMarkersOnly(s)) return false;
  for (let j = from; j < to; j++) {
    const v = vs[j];
    if (v !== v && isStaleNaN(v)) return true;
  }
  return false;
}

/**
 * The non-stale points from index `from` to `to − 1`: views into the storage's arrays when they are
 * Float64Arrays without stale markers there (no copy), otherwise copies.
 */
function windowPoints(
  s: Series, from: number, to: number, withStarts: boolean, sh: (FloatHistogram | undefined)[] | undefined,
): { t: Float64Array; v: Float64Array; st?: Float64Array; h?: (FloatHistogram | undefined)[] } {
  const ts = s.timestamps;
  const vs = s.values;
  const starts = withStarts ? s.startTimestamps : undefined;
  const clean = !sh && ts instanceof Float64Array && vs instanceof Float64Array && (!starts || starts instanceof Float64Array)
    && !anyStale(s, vs, from, to);
  if (clean) {
    return {
      t: (ts as Float64Array).subarray(from, to),
      v: (vs as Float64Array).subarray(from, to),
      ...(starts ? { st: (starts as Float64Array).subarray(from, to) } : {}),
    };
  }
  if (sh && ts instanceof Float64Array && vs instanceof Float64Array && !starts && !anyStale(s, vs, from, to)) {
    // Histograms without stale markers in the window: views of the times and values, one copy of
    // the histogram references (slice is a block copy; the loop below checks every point).
    const h = sh.slice(from, to);
    let j = 0;
    while (j < h.length && h[j] === undefined) j++;
    return { t: ts.subarray(from, to), v: vs.subarray(from, to), ...(j < h.length ? { h } : {}) };
  }
  const t = new Float64Array(to - from);
  const v = new Float64Array(to - from);
  const st = starts ? new Float64Array(to - from) : undefined;
  // Made at its final size (then cut to the points kept): pushing grew it a dozen times.
  const h: (FloatHistogram | undefined)[] | undefined = sh ? new Array(to - from) : undefined;
  let anyHist = false;
  let n = 0;
  for (let j = from; j < to; j++) {
    if (isStale(s, j)) continue;
    t[n] = ts[j];
    v[n] = vs[j];
    if (st) st[n] = starts![j];
    if (h) {
      h[n] = sh![j];
      if (sh![j]) anyHist = true;
    }
    n++;
  }
  if (h) h.length = n;
  return { t: t.subarray(0, n), v: v.subarray(0, n), ...(st ? { st: st.subarray(0, n) } : {}), ...(anyHist ? { h } : {}) };
}

/** The functions that read start timestamps (Prometheus passes them only to these). */
const START_TIMESTAMP_FUNCTIONS = new Set(['rate', 'irate', 'increase', 'resets']);

/** Evaluates a range selector: raw non-stale points of each series, and the per-step windows. */
export function* evalMatrixSelector(ctx: EvalContext, node: RangeSelectorNode, g: Grid): OpGen<MatrixValue> {
  const { sel: p, range } = node;
  const vs = p.node;
  const windowEnd = windowEnds(g, p.at, p.offset);
  const lookback = ctx.settings.lookbackDelta;
  const extended = vs.anchored || vs.smoothed ? { kind: vs.anchored ? 'anchored' as const : 'smoothed' as const, lookback } : undefined;
  const lo = (g.steps > 0 ? windowEnd[0] - range : 0) - (extended ? lookback : 0);
  const hi = (g.steps > 0 ? windowEnd[g.steps - 1] : -1) + (vs.smoothed ? lookback : 0);
  const series: RangeSeries[] = [];
  const withStarts = ctx.settings.useStartTimestamps && START_TIMESTAMP_FUNCTIONS.has(p.func ?? '');
  const all = ctx.seriesOf(p);
  // Pausing between series: windows with stale markers or histograms are copied.
  yield* forEachPaused(ctx, all.length, (k) => {
    const s = all[k];
    const ts = s.timestamps;
    const from = lastAtOrBefore(ts, lo) + 1;
    const to = lastAtOrBefore(ts, hi) + 1;
    if (to <= from) return;
    const points = windowPoints(s, from, to, withStarts, extended ? histogramsOf(s) : histogramsFor(ctx, p, s, range));
    if (points.t.length === 0) return;
    series.push({
      labels: s.labels, t: points.t, v: points.v, dropName: false,
      ...(points.st ? { st: points.st } : {}), ...(points.h ? { h: points.h } : {}),
    });
  });
  // Prometheus compatibility: a range selector that is the query itself counts the samples it
  // read; under a function, the function's windows count them.
  if (ctx.isQueryRoot(node)) for (const s of series) ctx.queryable += s.t.length;
  return { type: 'matrix', series, range, windowEnd, extended };
}

/**
 * A `smoothed` instant selector (Prometheus `smoothSeries`): at each step the sample exactly at
 * the step, else the linear interpolation between the samples around it (both within the
 * lookback), else the last sample before it carried forward.
 */
function smoothedSelector(ctx: EvalContext, p: SelectorPlan, g: Grid): VectorValue {
  const lookback = ctx.settings.lookbackDelta;
  const out: StepSeries[] = [];
  for (const s of ctx.seriesOf(p)) {
    ctx.checkCancelled();
    const ts = s.timestamps;
    const sh = histogramsOf(s);
    const values = f64(g.steps);
    const present = u8(g.steps);
    let hist: (FloatHistogram | undefined)[] | undefined;
    let count = 0;
    for (let i = 0; i < g.steps; i++) {
      const at = (p.at ?? stepTime(g, i)) - p.offset;
      // The points in (at − lookback, at + lookback], stale markers left out.
      let prev = -1;
      for (let j = lastAtOrBefore(ts, at); j >= 0 && ts[j] > at - lookback; j--) {
        if (!isStale(s, j)) {
          prev = j;
          break;
        }
      }
      let next = -1;
      for (let j = lastAtOrBefore(ts, at) + 1; j < ts.length && ts[j] <= at + lookback; j++) {
        if (!isStale(s, j)) {
          next = j;
          break;
        }
      }
      if (sh && (prev >= 0 || next >= 0)) {
        const kind = smoothedHistogram(ctx, p, s, sh, at, lookback, prev, next);
        if (kind === null) continue;
        if (kind !== undefined) {
          (hist ??= new Array(g.steps))[i] = kind;
          present[i] = 1;
          count++;
          continue;
        }
      }
      if (prev >= 0 && ts[prev] === at) values[i] = s.values[prev];
      else if (prev >= 0 && next >= 0) values[i] = interpolate(ts[prev], s.values[prev], ts[next], s.values[next], at, false);
      else if (prev >= 0) values[i] = s.values[prev];
      else continue;
      present[i] = 1;
      count++;
    }
    if (count > 0) {
      ctx.queryable += count;
      out.push({ labels: s.labels, values, present, dropName: false, ...(hist ? { hist } : {}) });
    }
  }
  return { type: 'vector', series: out };
}

/**
 * A smoothed step of a series that holds histograms: the histogram at `at` (exact, interpolated,
 * or carried forward with an unknown reset hint), undefined when the window holds floats only
 * (the caller computes the float), null for no sample (a window mixing kinds warns).
 */
function smoothedHistogram(
  ctx: EvalContext, p: SelectorPlan, s: Series, sh: (FloatHistogram | undefined)[], at: number, lookback: number, prev: number, next: number,
): FloatHistogram | null | undefined {
  const ts = s.timestamps;
  let floats = false;
  let hists = false;
  for (let j = lastAtOrBefore(ts, at - lookback) + 1; j < ts.length && ts[j] <= at + lookback; j++) {
    if (isStale(s, j)) continue;
    if (sh[j]) hists = true;
    else floats = true;
  }
  const name = getLabel(s.labels, METRIC_NAME);
  if (floats && hists) {
    ctx.annotations.warn(`encountered a mix of histograms and floats for metric name ${goQuote(name)}`, p.node.pos);
    return null;
  }
  if (!hists) return undefined;
  if (prev >= 0 && ts[prev] === at) return sh[prev]!.copy();
  if (prev >= 0 && next >= 0) {
    const a = sh[prev]!;
    const b = sh[next]!;
    const site = { annotations: ctx.annotations, name, pos: p.node.pos };
    if (a.usesCustomBuckets() !== b.usesCustomBuckets()) {
      mixedSchemas(site);
      return null;
    }
    return interpolateHistograms(a, ts[prev], b, ts[next], at, a.counterResetHint !== 'gauge' || b.counterResetHint !== 'gauge', site);
  }
  if (prev >= 0) {
    const h = sh[prev]!.copy();
    h.counterResetHint = 'unknown';
    return h;
  }
  return null;
}

/**
 * The points of a raw `anchored`/`smoothed` range vector (Prometheus `extendFloats`): synthetic
 * points at exactly `mint` and `maxt` hold the boundary values, with the points strictly between.
 */
export function extendFloats(t: ArrayLike<number>, v: ArrayLike<number>, mint: number, maxt: number, smoothed: boolean): { t: number[]; v: number[] } {
  let last = t.length - 1;
  let first = Math.max(0, searchFirst(last, (i) => t[i] > mint) - 1);
  if (smoothed) last = searchFirst(last, (i) => t[i] >= maxt);
  if (t[last] <= mint) return { t: answerArray(), v: answerArray() };
  const left = smoothed && t[first] < mint ? interpolate(t[first], v[first], t[first + 1], v[first + 1], mint, false) : v[first];
  const right = smoothed && last > 0 && t[last] > maxt ? interpolate(t[last - 1], v[last - 1], t[last], v[last], maxt, false) : v[last];
  if (t[first] <= mint) first++;
  if (t[last] >= maxt) last--;
  // The arrays of an answer's series (see answer-objects.ts).
  const out = { t: answerArray<number>(), v: answerArray<number>() };
  out.t.push(mint);
  out.v.push(left);
  for (let i = first; i <= last; i++) {
    out.t.push(t[i]);
    out.v.push(v[i]);
  }
  out.t.push(maxt);
  out.v.push(right);
  return out;
}
