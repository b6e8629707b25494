// `sum` (by/without) of `rate`/`increase` of a range selector, fused. Native histograms: each
// window's increase, kept in the shared dense arrays, is scaled and added straight into its group's
// dense sum, so that no histogram is built per series and step, only one per group and step.
// Floats: each series' rates go into one scratch array, folded into its group's Kahan sum before
// the next series, instead of one output series per input series.
// Series are taken in input order and, within a series, steps in order: each group and step gets
// the same values in the same order as the general path (rate, then the fold), hence the same
// bits, and the rate's annotations come in the same order. Only inputs where neither path can
// annotate the aggregation are fused ({@link fusable}, {@link floatFusable}); everything else
// takes the general path.
import type { AggregateExpr } from '../../parser/ast.js';
import { FloatHistogram } from '../../histogram/float-histogram.js';
import { isExponentialSchema } from '../../histogram/types.js';
import { histogramIncreaseLazy } from '../../functions/rate-histogram.js';
import { counterNameInfo, extrapolationFactor, plainRateSeries, zeroFraction } from '../../functions/rate.js';
import { argPos, durationSeconds, metricName, outLabels, rejectSameLabels } from '../../functions/shapes.js';
import { windowBounds } from '../../functions/support/window-bounds.js';
import { emptyStepSeries } from '../../functions/support/output.js';
import type { Grid } from '../../functions/support/grid.js';
import { getLabel, METRIC_NAME } from '../../storage/labels.js';
import type { EvalContext } from '../context.js';
import { groupSeries } from '../grouping.js';
import { PAUSE, type OpGen } from '../ops.js';
import type { AggregateNode, CallNode, RangeSelectorNode } from '../plan/nodes.js';
import type { MatrixValue, RangeSeries, StepSeries, VectorValue } from '../values.js';
import { sumAccumulator } from './sum.js';
import { u8 } from '../../util/slab.js';
import { evalAggregate } from './index.js';
import { HistogramSums } from './histogram-sum.js';
import { IncreaseRows } from '../../histogram/increase-rows.js';

/** A `sum` whose input is `rate`/`increase` of a plain range selector. */
export interface FusedRateSum {
  readonly call: CallNode;
  readonly selector: RangeSelectorNode;
  readonly isRate: boolean;
}

/** The rate's vector computed the general way, and the samples it holds (for the limit). */
export interface GeneralRate {
  readonly value: VectorValue;
  readonly samples: number;
}

let fusionEnabled = true;

/**
 * Turns the fusion on or off (on by default): for tests and benchmarks that compare the fused
 * path with the general one on the same engine. Returns the previous setting.
 */
export function setRateSumFusion(enabled: boolean): boolean {
  const was = fusionEnabled;
  fusionEnabled = enabled;
  return was;
}

/**
 * The parts of `n` when it is a `sum` that may be fused with its `rate`/`increase` input over a
 * plain range selector, else null.
 */
export function fusedRateSumPlan(n: AggregateNode): FusedRateSum | null {
  if (!fusionEnabled || n.expr.op !== 'sum' || n.param !== null) return null;
  const call = n.child;
  if (call.kind !== 'call' || (call.func !== 'rate' && call.func !== 'increase') || call.args.length !== 1) return null;
  const selector = call.args[0];
  if (selector.kind !== 'rangeSelector' || selector.sel.node.anchored || selector.sel.node.smoothed) return null;
  return { call, selector, isRate: call.func === 'rate' };
}

/**
 * Whether every series of `m` holds floats only, without start timestamps, over plain windows:
 * then the rate takes its whole-series kernel for each and annotates only the counter-name info
 * after all series, and a float sum never annotates.
 */
export function floatFusable(m: MatrixValue): boolean {
  if (m.extended) return false;
  for (const s of m.series) if (s.h !== undefined || s.st !== undefined) return false;
  return true;
}

/**
 * Whether every series of `m` is made of exponential native histograms only, without start
 * timestamps, over plain windows: then the rate has no float window and annotates only per
 * window, and the sum cannot annotate (its inputs are gauge histograms, never custom buckets).
 */
export function fusable(m: MatrixValue): boolean {
  if (m.extended) return false;
  for (const s of m.series) {
    if (s.st !== undefined) return false;
    const h = s.h;
    if (h === undefined) {
      if (s.t.length > 0) return false;
      continue;
    }
    for (let k = 0; k < s.t.length; k++) {
      const x = h[k];
      if (x === undefined || !isExponentialSchema(x.schema)) return false;
    }
  }
  return true;
}

// Shared empty arrays of the label-only series handed to rejectSameLabels.
const NO_VALUES = new Float64Array(0);
const NO_PRESENCE = new Uint8Array(0);

/**
 * Evaluates `sum(rate(sel))` (or increase) fused when the selected series allow it, else the
 * general way: `general` computes the rate's vector from the matrix as the call would.
 */
export function* fusedRateSum(
  ctx: EvalContext, e: AggregateExpr, f: FusedRateSum, g: Grid, general: (m: MatrixValue) => OpGen<GeneralRate>,
): OpGen<VectorValue> {
  const m = (yield { node: f.selector, grid: g }) as MatrixValue;
  if (floatFusable(m)) return yield* fusedFloatRateSum(ctx, e, f, m, g);
  if (!fusable(m)) {
    const rate = yield* general(m);
    ctx.hold(rate.samples);
    const out = yield* evalAggregate(ctx, e, rate.value, null, g);
    ctx.release(rate.samples);
    return out;
  }
  const T = g.steps;
  const series = m.series;
  // The rate's output labels: the metric name dropped.
  const labels = series.map((s) => outLabels(ctx, s.labels, true));
  const { groupOf, labels: groupLabels } = yield* groupSeries(ctx, e, labels.map((l) => ({ labels: l })));
  const hists = new HistogramSums(ctx, e, T);
  const seen = groupLabels.map(() => new Uint8Array(T));
  const from = new Int32Array(T);
  const to = new Int32Array(T);
  const range = m.range;
  const rangeSeconds = durationSeconds(range);
  const pos = argPos(f.call.expr, 0);
  /** The rate's output series (labels only), for the same-labels check and the group order. */
  const produced: StepSeries[] = [];
  const producedIndex: number[] = [];
  let samples = 0;
  const rows = new IncreaseRows();
  for (let si = 0; si < series.length; si++) {
    if (si > 0 && ctx.sliceUsed()) yield PAUSE;
    ctx.checkCancelled();
    const s = series[si];
    const { t, h } = s;
    ctx.queryable += windowBounds(m, t, from, to);
    if (h === undefined) continue;
    const site = { annotations: ctx.annotations, name: metricName(s.labels), pos };
    const name = getLabel(labels[si], METRIC_NAME);
    const gi = groupOf[si];
    const sn = seen[gi];
    const we = m.windowEnd;
    const dense = rows.prepare(h as FloatHistogram[], widestWindow(from, to, T));
    let any = false;
    for (let i = 0; i < T; i++) {
      const a = from[i];
      const b = to[i];
      if (b - a < 2) continue;
      // No counter reset inside: the increase is row(last) − row(first), added without building it.
      const fromRows = dense && rows.resetFree(a, b);
      const inc = fromRows ? null : histogramIncreaseLazy(h, a, b, site);
      if (!fromRows && inc === null) continue;
      const first = h[a]!;
      const last = h[b - 1]!;
      const rangeEnd = we[i];
      // From here, inc is null exactly when the increase comes from the rows.
      const increase = inc === null ? last.count - first.count : inc.count;
      const factor = extrapolationFactor(t, a, b, rangeEnd - range, rangeEnd, true, zeroFraction(first.count, increase));
      const mult = f.isRate ? factor / rangeSeconds : factor;
      let size: number;
      if (inc === null) {
        size = hists.addRowIncrease(gi, i, rows, a, b - 1, first, last, mult, name);
      } else if (inc instanceof FloatHistogram) {
        inc.mul(mult);
        hists.add(gi, i, inc, name);
        size = inc.size();
      } else {
        size = hists.addIncrease(gi, i, inc, mult, name);
      }
      // As the sample limit weighs the rate's histogram (see samplesOf).
      samples += 1 + Math.trunc(size / 16);
      sn[i] = 1;
      any = true;
    }
    if (any) {
      produced.push({ labels: labels[si], values: NO_VALUES, present: NO_PRESENCE, dropName: true });
      producedIndex.push(si);
    }
  }
  if (!ctx.settings.delayedNameRemoval) rejectSameLabels(produced);
  // The rate's vector would have been held while the sum ran.
  ctx.hold(samples);
  ctx.release(samples);
  return { type: 'vector', series: groupResults(hists, groupOf, groupLabels, seen, producedIndex, T) };
}

/** `sum(rate(sel))` (or increase) over float series ({@link floatFusable}), fused. */
function* fusedFloatRateSum(ctx: EvalContext, e: AggregateExpr, f: FusedRateSum, m: MatrixValue, g: Grid): OpGen<VectorValue> {
  const T = g.steps;
  const series = m.series;
  // The rate's output labels: the metric name dropped.
  const labels = series.map((s) => outLabels(ctx, s.labels, true));
  const { groupOf, labels: groupLabels } = yield* groupSeries(ctx, e, labels.map((l) => ({ labels: l })));
  const acc = sumAccumulator(groupLabels.length, T, null);
  const seen = groupLabels.map(() => u8(T));
  // One series' rates at a time: scratch arrays, the flags cleared before each series.
  const out = new Float64Array(T);
  const present = new Uint8Array(T);
  /** The rate's output series (labels only) and their inputs, for the checks and the counter-name info. */
  const produced: StepSeries[] = [];
  const inputs: RangeSeries[] = [];
  const producedIndex: number[] = [];
  let samples = 0;
  for (let si = 0; si < series.length; si++) {
    if (si > 0 && ctx.sliceUsed()) yield PAUSE;
    ctx.checkCancelled();
    const s = series[si];
    if (si > 0) present.fill(0);
    const tally = { points: 0 };
    const n = plainRateSeries(s.t, s.v, m.windowEnd, m.range, out, present, tally, true, f.isRate);
    ctx.queryable += tally.points;
    if (n === 0) continue;
    samples += n;
    const gi = groupOf[si];
    acc.addSeries!(gi, out, present, seen[gi]);
    produced.push({ labels: labels[si], values: NO_VALUES, present: NO_PRESENCE, dropName: true });
    inputs.push(s);
    producedIndex.push(si);
  }
  if (!ctx.settings.delayedNameRemoval) rejectSameLabels(produced);
  counterNameInfo(f.call.expr, { series: produced, inputs }, ctx.annotations);
  // The rate's vector would have been held while the sum ran.
  ctx.hold(samples);
  ctx.release(samples);
  // One series per group with a result.
  const result: StepSeries[] = [];
  for (const gi of groupsInOrder(groupOf, groupLabels.length, producedIndex)) {
    const sn = seen[gi];
    const s = emptyStepSeries(groupLabels[gi], T, true);
    for (let i = 0; i < T; i++) {
      if (!sn[i]) continue;
      s.present[i] = 1;
      s.values[i] = acc.value(gi, i);
    }
    result.push(s);
  }
  return { type: 'vector', series: result };
}

/** The groups of the produced series, in the order their first produced series comes (as the fold orders them). */
function groupsInOrder(groupOf: Int32Array, groups: number, producedIndex: readonly number[]): number[] {
  const out: number[] = [];
  const done = new Uint8Array(groups);
  for (const si of producedIndex) {
    const gi = groupOf[si];
    if (done[gi]) continue;
    done[gi] = 1;
    out.push(gi);
  }
  return out;
}

/** The most samples a window of at least two holds (to − from), 0 when there is none. */
function widestWindow(from: Int32Array, to: Int32Array, T: number): number {
  let w = 0;
  for (let i = 0; i < T; i++) {
    const n = to[i] - from[i];
    if (n >= 2 && n > w) w = n;
  }
  return w;
}

/** One series per group with a result, groups in the order their first produced series comes (as the fold orders them). */
function groupResults(
  hists: HistogramSums, groupOf: Int32Array, groupLabels: readonly StepSeries['labels'][], seen: readonly Uint8Array[],
  producedIndex: readonly number[], T: number,
): StepSeries[] {
  const out: StepSeries[] = [];
  for (const gi of groupsInOrder(groupOf, groupLabels.length, producedIndex)) {
    const sn = seen[gi];
    const s = emptyStepSeries(groupLabels[gi], T, true);
    let any = false;
    for (let i = 0; i < T; i++) {
      if (!sn[i]) continue;
      const h = hists.result(gi, i, false);
      if (!h) continue;
      (s.hist ??= new Array(T))[i] = h;
      s.present[i] = 1;
      any = true;
    }
    if (any) out.push(s);
  }
  return out;
}
