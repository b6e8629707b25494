// Classic-histogram functions: histogram_quantile, histogram_quantiles and histogram_fraction over
// `le` buckets grouped per step; the native-histogram-only functions, which ignore floats.
import type { FunctionImpl } from './types.js';
import { goQuote, formatFloatG, formatOpenMetricsFloat } from '../util/go-format.js';
import { labelsKey, setLabel, withoutLabels, getLabel, type Labels } from '../storage/labels.js';
import { parseGoFloat } from '../util/go-numbers.js';
import type { EvalContext } from '../eval/context.js';
import { stepTime, type Grid } from './support/grid.js';
import { outputBuilder } from './support/output.js';
import type { Call, Pos } from '../parser/ast.js';
import type { StepSeries, StringValue, VectorValue } from '../eval/values.js';
import { argPos, instantResult, metricName, outLabels, scalarArg } from './shapes.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { histogramFraction, histogramQuantile, histogramVariance } from '../histogram/quantile.js';
import { dropMetricName } from '../storage/labels.js';
import { MergedBuckets, mergeBuckets, mergedFraction, mergedQuantile, type Bucket } from './buckets.js';
import { StringMap } from '../util/split-maps.js';

const LE = new Set(['le']);

/** Series of a vector grouped into classic histograms: each series' group (−1: bad `le`) and bound. */
interface Grouping {
  readonly labels: Labels[];
  readonly groupOf: Int32Array;
  readonly upper: Float64Array;
}

function groupBuckets(ctx: EvalContext, v: VectorValue, pos: Pos): Grouping {
  const index = new StringMap<number>();
  const labels: Labels[] = [];
  const groupOf = new Int32Array(v.series.length);
  const upper = new Float64Array(v.series.length);
  v.series.forEach((s, i) => {
    if (s.hist && !s.present.some((p, k) => p === 1 && s.hist![k] === undefined)) {
      groupOf[i] = -1;
      return;
    }
    const le = getLabel(s.labels, 'le');
    try {
      upper[i] = parseGoFloat(le);
    } catch {
      groupOf[i] = -1;
      // Prometheus compatibility: the metric name is only named with delayed name removal.
      const name = ctx.settings.delayedNameRemoval ? metricName(s.labels) : '';
      ctx.annotations.warn(`bucket label "le" is missing or has a malformed value of ${goQuote(le)}${name ? ` for metric name ${goQuote(name)}` : ''}`, pos);
      return;
    }
    const own = withoutLabels(s.labels, LE);
    const key = labelsKey(own);
    let g = index.get(key);
    if (g === undefined) {
      g = labels.length;
      index.set(key, g);
      labels.push(own);
    }
    groupOf[i] = g;
  });
  return { labels, groupOf, upper };
}

/**
 * The series of each group in the order the buckets sort in (by bound, stably), or null for a
 * group with a NaN bound (whose order depends on which buckets are present: sorted per step).
 */
function sortedMembers(v: VectorValue, gr: Grouping): (Int32Array | null)[] {
  const lists: number[][] = gr.labels.map(() => []);
  v.series.forEach((_, i) => {
    if (gr.groupOf[i] >= 0) lists[gr.groupOf[i]].push(i);
  });
  return lists.map((list) => {
    if (list.some((i) => Number.isNaN(gr.upper[i]))) return null;
    return Int32Array.from(list.sort((a, b) => gr.upper[a] - gr.upper[b] || a - b));
  });
}

/** Whether a series holds a classic bucket (a float) at a step. */
function floatAt(s: StepSeries, step: number): boolean {
  return s.present[step] === 1 && !s.hist?.[step];
}

/**
 * The buckets of group gi at one step into `into`, sorted and merged as Prometheus does; false
 * when the group has none there.
 */
function gatherBuckets(v: VectorValue, gr: Grouping, members: Int32Array | null, gi: number, step: number, into: MergedBuckets): boolean {
  if (members === null) {
    const list: Bucket[] = [];
    v.series.forEach((s, i) => {
      if (gr.groupOf[i] === gi && floatAt(s, step)) list.push({ upper: gr.upper[i], count: s.values[step] });
    });
    mergeBuckets(list, into);
  } else {
    into.clear();
    for (let k = 0; k < members.length; k++) {
      const s = v.series[members[k]];
      if (floatAt(s, step)) into.push(gr.upper[members[k]], s.values[step]);
    }
  }
  return into.n > 0;
}

function warnQuantile(ctx: EvalContext, q: number, pos: Pos): void {
  if (Number.isNaN(q) || q < 0 || q > 1) ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatFloatG(q)}`, pos);
}

const MONOTONICITY = 'input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)';

/**
 * Runs a per-group computation at every step. `relabel` turns a group's output labels into the
 * labels of each output copy (histogram_quantiles makes one copy per φ); `compute` gets the copy.
 */
function perGroup(
  ctx: EvalContext, call: Call, g: Grid, vecArg: number, v: VectorValue,
  compute: (buckets: MergedBuckets, step: number, name: string, copy: number) => number,
  relabel: (labels: Labels, step: number) => Labels[] = (l) => [l],
  native?: (h: FloatHistogram, step: number, name: string, copy: number) => number,
): VectorValue {
  const pos = argPos(call, vecArg);
  const gr = groupBuckets(ctx, v, pos);
  const members = sortedMembers(v, gr);
  const buckets = new MergedBuckets();
  const out = outputBuilder(ctx, g);
  const hasNative = native !== undefined && v.series.some((s) => s.hist);
  const groupIndex = hasNative ? new Map(gr.labels.map((l, i) => [labelsKey(l), i])) : null;
  // Groups whose classic buckets a native histogram with their labels voids at the current step.
  const voided = new Uint8Array(gr.labels.length);
  for (let step = 0; step < g.steps; step++) {
    if (hasNative) {
      voided.fill(0);
      for (const s of v.series) {
        const h = s.hist?.[step];
        if (!h || !s.present[step]) continue;
        const gi = groupIndex!.get(labelsKey(s.labels));
        if (gi !== undefined && !voided[gi] && gatherBuckets(v, gr, members[gi], gi, step, buckets)) {
          // Classic buckets and a native histogram with the same labels: neither is evaluated.
          const name = ctx.settings.delayedNameRemoval ? metricName(s.labels) : '';
          ctx.annotations.warn(`vector contains a mix of classic and native histograms${name ? ` for metric name ${goQuote(name)}` : ''}`, pos);
          voided[gi] = 1;
          continue;
        }
        const labels = outLabels(ctx, s.labels, true);
        const name = metricName(s.labels);
        for (const [copy, l] of relabel(labels, step).entries()) out.add(l, true, step, native!(h, step, name, copy));
      }
    }
    for (let gi = 0; gi < gr.labels.length; gi++) {
      if (voided[gi] || !gatherBuckets(v, gr, members[gi], gi, step, buckets)) continue;
      const labels = outLabels(ctx, gr.labels[gi], true);
      const name = ctx.settings.delayedNameRemoval ? metricName(gr.labels[gi]) : '';
      // The copies share the buckets, monotonic after the first quantile, as they always have.
      for (const [copy, l] of relabel(labels, step).entries()) out.add(l, true, step, compute(buckets, step, name, copy));
    }
  }
  return { type: 'vector', series: out.series };
}

function nativeQuantile(ctx: EvalContext, q: number, h: FloatHistogram, name: string, pos: Pos): number {
  const r = histogramQuantile(q, h);
  const suffix = name ? ` for metric name ${goQuote(name)}` : '';
  if (r.nanResult) ctx.annotations.info(`input to histogram_quantile has NaN observations, result is NaN${suffix}`, pos);
  if (r.nanSkew) ctx.annotations.info(`input to histogram_quantile has NaN observations, result is skewed higher${suffix}`, pos);
  return r.value;
}

function monotonicityInfo(ctx: EvalContext, pos: Pos, name: string, ts: number, r: ReturnType<typeof mergedQuantile>): void {
  if (!r.forced) return;
  const message = MONOTONICITY + (name ? ` for metric name ${goQuote(name)}` : '');
  ctx.annotations.forcedMonotonicity(message, pos, ts, r.minBucket, r.maxBucket, r.maxDiff);
}

/** `histogram_quantile(φ, v)` over classic buckets. */
const histogramQuantileFn: FunctionImpl = ({ ctx, call, args, grid }) => {
  const qs = scalarArg(args, 0);
  for (let i = 0; i < grid.steps; i++) warnQuantile(ctx, qs[i], argPos(call, 0));
  const pos = argPos(call, 1);
  return perGroup(ctx, call, grid, 1, args[1] as VectorValue, (b, step, name) => {
    const r = mergedQuantile(qs[step], b);
    monotonicityInfo(ctx, pos, name, stepTime(grid, step), r);
    return r.value;
  }, undefined, (h, step, name) => nativeQuantile(ctx, qs[step], h, name, pos));
};

/** `histogram_quantiles(v, label, φ…)`: one output per φ, with φ written into `label`. */
const histogramQuantilesFn: FunctionImpl = ({ ctx, call, args, grid }) => {
  const label = (args[1] as StringValue).value;
  const qs = args.slice(2).map((_, i) => scalarArg(args, i + 2));
  for (let step = 0; step < grid.steps; step++) qs.forEach((q, i) => warnQuantile(ctx, q[step], argPos(call, i + 2)));
  const pos = argPos(call, 0);
  return perGroup(ctx, call, grid, 0, args[0] as VectorValue, (b, step, name, copy) => {
    const r = mergedQuantile(qs[copy][step], b);
    monotonicityInfo(ctx, pos, name, stepTime(grid, step), r);
    return r.value;
  }, (labels, step) => qs.map((q) => setLabel(labels, label, formatOpenMetricsFloat(q[step]))),
  (h, step, name, copy) => nativeQuantile(ctx, qs[copy][step], h, name, pos));
};

/** `histogram_fraction(lower, upper, v)` over classic buckets. */
const histogramFractionFn: FunctionImpl = ({ ctx, call, args, grid }) => {
  const lo = scalarArg(args, 0);
  const hi = scalarArg(args, 1);
  const pos = argPos(call, 2);
  return perGroup(ctx, call, grid, 2, args[2] as VectorValue, (b, step) => mergedFraction(lo[step], hi[step], b), undefined, (h, step, name) => {
    const r = histogramFraction(lo[step], hi[step], h);
    if (r.nanObservations) {
      ctx.annotations.info(`input to histogram_fraction has NaN observations, which are excluded from all fractions${name ? ` for metric name ${goQuote(name)}` : ''}`, pos);
    }
    return r.value;
  });
};

/**
 * histogram_count/sum/avg/stddev/stdvar: a number from each native histogram sample; float
 * samples give nothing (Prometheus `simpleHistogramFunc`).
 */
function nativeOnly(f: (h: FloatHistogram) => number): FunctionImpl {
  return ({ ctx, args }) => {
    const series: StepSeries[] = [];
    for (const s of (args[0] as VectorValue).series) {
      if (!s.hist) continue;
      const values = new Float64Array(s.values.length);
      const present = new Uint8Array(s.values.length);
      let any = false;
      for (let i = 0; i < values.length; i++) {
        const h = s.hist[i];
        if (!h || !s.present[i]) continue;
        values[i] = f(h);
        present[i] = 1;
        any = true;
      }
      if (any) series.push({ labels: ctx.settings.delayedNameRemoval ? s.labels : dropMetricName(s.labels), values, present, dropName: true });
    }
    return instantResult(ctx, series);
  };
}

/** The histogram functions by name. */
export const HISTOGRAM_FUNCTIONS: ReadonlyArray<[string, FunctionImpl]> = [
  ['histogram_quantile', histogramQuantileFn],
  ['histogram_quantiles', histogramQuantilesFn],
  ['histogram_fraction', histogramFractionFn],
  ['histogram_count', nativeOnly((h) => h.count)],
  ['histogram_sum', nativeOnly((h) => h.sum)],
  ['histogram_avg', nativeOnly((h) => h.sum / h.count)],
  ['histogram_stddev', nativeOnly((h) => Math.sqrt(histogramVariance(h)))],
  ['histogram_stdvar', nativeOnly((h) => histogramVariance(h))],
];
