// Shape helpers shared by the function families: output labels and name dropping, element-wise
// maps over instant vectors, and the per-window loop of range-vector functions.
import { f64, u8 } from '../util/slab.js';
import type { Call, Pos } from '../parser/ast.js';
import { dropMetricName, getLabel, labelsKey, METRIC_NAME, type Labels } from '../storage/labels.js';
import { unwrapParens } from '../parser/walk.js';
import type { EvalContext } from '../eval/context.js';
import type { Grid } from './support/grid.js';
import { mergeSameLabels, sameLabelsetError } from './support/output.js';
import { windowBounds } from './support/window-bounds.js';
import type { MatrixValue, RangeSeries, ScalarValue, StepSeries, StepValue, VectorValue } from '../eval/values.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';

/** Labels of a result series: without the metric-metadata labels unless removal is delayed. */
export function outLabels(ctx: EvalContext, labels: Labels, dropName: boolean): Labels {
  return dropName && !ctx.settings.delayedNameRemoval ? dropMetricName(labels) : labels;
}

/** The metric name of a label set ("" when absent). */
export function metricName(labels: Labels): string {
  return getLabel(labels, METRIC_NAME);
}

/**
 * Position annotations about argument i refer to. Prometheus compatibility: a subquery argument is
 * replaced by a synthetic selector without a position before the function runs, so annotations
 * about it point at the start of the query.
 */
export function argPos(call: Call, i: number): Pos {
  const a = unwrapParens(call.args[i]);
  return a.type === 'SubqueryExpr' ? { start: 0, end: 0 } : a.pos;
}

/** Per-step values of a scalar argument. */
export function scalarArg(args: readonly StepValue[], i: number): Float64Array {
  return (args[i] as ScalarValue).values;
}

/** A vector result of an instant function: same-labelled series merge, or fail on a clash. */
export function instantResult(ctx: EvalContext, series: StepSeries[]): VectorValue {
  return { type: 'vector', series: ctx.settings.delayedNameRemoval ? series : mergeSameLabels(series) };
}

/**
 * Applies f to every present float of the vector argument and drops the metric name
 * (Prometheus `simpleFloatFunc`). f also receives the step index, for per-step parameters.
 */
export function mapFloats(ctx: EvalContext, v: VectorValue, f: (x: number, step: number) => number): VectorValue {
  const series = v.series.map((s) => {
    const values = f64(s.values.length);
    for (let i = 0; i < values.length; i++) if (s.present[i]) values[i] = f(s.values[i], i);
    return { labels: outLabels(ctx, s.labels, true), values, present: s.present, dropName: true };
  });
  return instantResult(ctx, series);
}

/**
 * Computes one window. The window holds the points `from … to-1` of the series (at least one);
 * for `anchored`/`smoothed` inputs it also holds the points of the lookback around the window.
 * Writes the result to `out[step]` and returns true, or returns false for no result.
 */
export type WindowFn = (t: Float64Array, v: Float64Array, from: number, to: number, step: number, out: Float64Array) => boolean;

/**
 * A whole-series alternative to {@link WindowFn}, for hot functions: `run` gets every step's window
 * bounds at once (`from[i] … to[i]-1`, empty when `to[i] <= from[i]`), writes `out[i]` and sets
 * `present[i]` for each step with a result, and returns how many steps have one. One call per
 * series lets the JIT keep the loop and the arithmetic in one optimised function.
 */
export interface SeriesKernel {
  readonly run: (t: Float64Array, v: Float64Array, from: Int32Array, to: Int32Array, out: Float64Array, present: Uint8Array) => number;
}

/**
 * A whole-series kernel that finds its windows itself while it computes them, for the hottest
 * functions over plain windows (no `anchored`/`smoothed`): `runPlain` walks step i's window
 * `(windowEnd[i] − range, windowEnd[i]]` with the same two forward cursors as
 * {@link windowBounds} (restarted where a window ends before the previous one), writes `out[i]`
 * and sets `present[i]` for each step with a result, adds the points of every window to
 * `tally.points`, and returns how many steps have a result. Saves storing and re-reading the
 * bounds of every step.
 */
export interface PlainWindowsKernel {
  readonly runPlain: (t: Float64Array, v: Float64Array, windowEnd: Float64Array, range: number, out: Float64Array, present: Uint8Array, tally: { points: number }) => number;
}

/** Scratch window bounds, reused across series and calls (grown as grids need). */
let boundsFrom = new Int32Array(0);
let boundsTo = new Int32Array(0);

/** Result of a range-vector function: output series and the input series each came from. */
export interface WindowResult {
  readonly series: StepSeries[];
  readonly inputs: RangeSeries[];
}

/**
 * Runs a range-vector function over every series and step: `perSeries` prepares the window
 * function of one series (so it can precompute per-series data). Windows are `(end − range, end]`
 * and are found with two forward cursors. Series without any result are left out; the metric name
 * is dropped unless `keepName` (last_over_time, first_over_time) and the input does not ask for it.
 * Two output series with one label set fail unless `allowSameLabels` (absent_over_time).
 */
export function overWindows(
  ctx: EvalContext, m: MatrixValue, g: Grid, keepName: boolean,
  perSeries: (s: RangeSeries, hist: (FloatHistogram | undefined)[] | undefined) => WindowFn | SeriesKernel | PlainWindowsKernel,
  allowSameLabels = false,
): WindowResult {
  const series: StepSeries[] = [];
  const inputs: RangeSeries[] = [];
  if (boundsFrom.length < g.steps) {
    boundsFrom = new Int32Array(g.steps);
    boundsTo = new Int32Array(g.steps);
  }
  const from = boundsFrom.subarray(0, g.steps);
  const to = boundsTo.subarray(0, g.steps);
  for (const s of m.series) {
    ctx.checkCancelled();
    // A histogram-aware function writes histogram results into `hist` (only series with histograms).
    const hist: (FloatHistogram | undefined)[] | undefined = s.h ? new Array(g.steps) : undefined;
    const fn = perSeries(s, hist);
    const { t, v } = s;
    const out = f64(g.steps);
    const present = u8(g.steps);
    let any = 0;
    if ('runPlain' in fn) {
      if (m.extended) throw new Error('a plain-windows kernel over anchored/smoothed windows');
      const tally = { points: 0 };
      any = fn.runPlain(t, v, m.windowEnd, m.range, out, present, tally);
      ctx.queryable += tally.points;
    } else if (typeof fn === 'function') {
      ctx.queryable += windowBounds(m, t, from, to);
      for (let i = 0; i < g.steps; i++) {
        if (to[i] > from[i] && fn(t, v, from[i], to[i], i, out)) {
          present[i] = 1;
          any++;
        }
      }
    } else {
      ctx.queryable += windowBounds(m, t, from, to);
      any = fn.run(t, v, from, to, out, present);
    }
    if (any === 0) continue;
    const dropName = !keepName || s.dropName;
    const withHist = hist && hist.some((h) => h !== undefined) ? { hist } : {};
    series.push({ labels: outLabels(ctx, s.labels, dropName), values: out, present, dropName, ...withHist });
    inputs.push(s);
  }
  if (!ctx.settings.delayedNameRemoval && !allowSameLabels) rejectSameLabels(series);
  return { series, inputs };
}

/**
 * Computes every window of one series in one call: step i's window holds the points
 * `from[i] … to[i]-1` (empty when equal, and then `out[i]` is ignored). Writes `out[i]` for every
 * non-empty window. The bounds arrays are reused for the next series: a kernel must not keep them.
 */
export type WholeSeriesFn = (t: Float64Array, v: Float64Array, from: Int32Array, to: Int32Array, out: Float64Array) => void;

/**
 * {@link overWindows} for a float function with a result at every non-empty window, computed
 * series by series by `kernel` (which can carry state from one window to the next).
 */
export function overSeriesWindows(ctx: EvalContext, m: MatrixValue, g: Grid, keepName: boolean, kernel: WholeSeriesFn): WindowResult {
  const whole: SeriesKernel = {
    run: (t, v, from, to, out, present) => {
      kernel(t, v, from, to, out);
      let n = 0;
      for (let i = 0; i < out.length; i++) {
        if (to[i] > from[i]) {
          present[i] = 1;
          n++;
        }
      }
      return n;
    },
  };
  return overWindows(ctx, m, g, keepName, () => whole);
}

/** Prometheus compatibility: a range function's output may not hold two series with one label set. */
export function rejectSameLabels(series: StepSeries[]): void {
  if (series.length < 2) return;
  const seen = new Set<string>();
  for (const s of series) {
    const key = labelsKey(s.labels);
    if (seen.has(key)) throw sameLabelsetError();
    seen.add(key);
  }
}

/** The vector of a WindowResult. */
export function windowVector(r: WindowResult): VectorValue {
  return { type: 'vector', series: r.series };
}

/**
 * Go's `time.Duration.Seconds()` for a duration given in milliseconds: whole seconds plus the
 * nanosecond remainder divided separately, which can differ from `ms / 1000` in the last bit.
 */
export function durationSeconds(ms: number): number {
  const sec = Math.trunc(ms / 1000);
  const nsec = Math.round((ms - sec * 1000) * 1e6);
  return sec + nsec / 1e9;
}
