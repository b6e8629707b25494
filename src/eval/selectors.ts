// Selectors: instant vector selectors (lookback, staleness) walk each series with one moving
// cursor; range selectors hand raw points plus per-step windows to the functions.
import type { MatrixSelector, VectorSelector } from '../parser/ast.js';
import type { Series } from '../storage/types.js';
import { isStaleNaN } from '../storage/stale.js';
import { UnsupportedError } from '../errors.js';
import { stepTime, type EvalContext, type Grid } from './context.js';
import type { MatrixValue, RangeSeries, StepSeries, VectorValue } from './values.js';

function isStale(s: Series, j: number): boolean {
  if (s.stale && s.stale[j]) return true;
  const v = s.values[j];
  return v !== v && isStaleNaN(v);
}

/** Index of the last sample with t ≤ x, or -1. */
export function lastAtOrBefore(ts: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function rejectExtended(vs: VectorSelector): void {
  if (vs.anchored || vs.smoothed) {
    throw new UnsupportedError(`the ${vs.anchored ? 'anchored' : 'smoothed'} modifier is not supported yet`, vs.pos);
  }
}

/**
 * Evaluates an instant vector selector over the grid. With `sampleTimes`, each value is the
 * selected sample's own timestamp in seconds (what timestamp() reports for a selector).
 */
export function evalVectorSelector(ctx: EvalContext, vs: VectorSelector, g: Grid, sampleTimes = false): VectorValue {
  rejectExtended(vs);
  const p = ctx.plan.selectors.get(vs)!;
  const lookback = ctx.settings.lookbackDelta;
  const out: StepSeries[] = [];
  for (const s of p.series) {
    ctx.checkCancelled();
    const ts = s.timestamps;
    const values = new Float64Array(g.steps);
    const present = new Uint8Array(g.steps);
    let count = 0;
    if (p.at !== null) {
      const ref = p.at - p.offset;
      const j = lastAtOrBefore(ts, ref);
      if (j >= 0 && ts[j] > ref - lookback && !isStale(s, j)) {
        values.fill(sampleTimes ? ts[j] / 1000 : s.values[j]);
        present.fill(1);
        count = g.steps;
      }
    } else {
      let j = lastAtOrBefore(ts, g.start - p.offset);
      const n = ts.length;
      for (let i = 0; i < g.steps; i++) {
        const ref = stepTime(g, i) - p.offset;
        while (j + 1 < n && ts[j + 1] <= ref) j++;
        if (j >= 0 && ts[j] > ref - lookback && !isStale(s, j)) {
          values[i] = sampleTimes ? ts[j] / 1000 : s.values[j];
          present[i] = 1;
          count++;
        }
      }
    }
    if (count > 0) {
      ctx.addSamples(count);
      out.push({ labels: s.labels, values, present, dropName: false });
    }
  }
  return { type: 'vector', series: out };
}

/** The right ends of the windows of a selector or subquery over a grid. */
export function windowEnds(g: Grid, at: number | null, offset: number): Float64Array {
  const w = new Float64Array(g.steps);
  for (let i = 0; i < g.steps; i++) w[i] = (at ?? stepTime(g, i)) - offset;
  return w;
}

/**
 * The non-stale points from index `from` to `to − 1`: views into the storage's arrays when they are
 * Float64Arrays without stale markers there (no copy), otherwise copies.
 */
function windowPoints(s: Series, from: number, to: number): { t: Float64Array; v: Float64Array } {
  const ts = s.timestamps;
  const vs = s.values;
  let clean = ts instanceof Float64Array && vs instanceof Float64Array;
  for (let j = from; clean && j < to; j++) if (isStale(s, j)) clean = false;
  if (clean) return { t: (ts as Float64Array).subarray(from, to), v: (vs as Float64Array).subarray(from, to) };
  const t = new Float64Array(to - from);
  const v = new Float64Array(to - from);
  let n = 0;
  for (let j = from; j < to; j++) {
    if (isStale(s, j)) continue;
    t[n] = ts[j];
    v[n] = vs[j];
    n++;
  }
  return { t: t.subarray(0, n), v: v.subarray(0, n) };
}

/** Evaluates a range selector: raw non-stale points of each series, and the per-step windows. */
export function evalMatrixSelector(ctx: EvalContext, ms: MatrixSelector, g: Grid): MatrixValue {
  const vs = ms.vectorSelector as VectorSelector;
  rejectExtended(vs);
  const p = ctx.plan.selectors.get(vs)!;
  const range = ctx.plan.ranges.get(ms)!;
  const windowEnd = windowEnds(g, p.at, p.offset);
  const lo = g.steps > 0 ? windowEnd[0] - range : 0;
  const hi = g.steps > 0 ? windowEnd[g.steps - 1] : -1;
  const series: RangeSeries[] = [];
  for (const s of p.series) {
    ctx.checkCancelled();
    const ts = s.timestamps;
    const from = lastAtOrBefore(ts, lo) + 1;
    const to = lastAtOrBefore(ts, hi) + 1;
    if (to <= from) continue;
    const points = windowPoints(s, from, to);
    if (points.t.length === 0) continue;
    ctx.addSamples(points.t.length);
    series.push({ labels: s.labels, t: points.t, v: points.v, dropName: false });
  }
  return { type: 'matrix', series, range, windowEnd };
}
