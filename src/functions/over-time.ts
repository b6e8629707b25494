// The *_over_time family: aggregations of each series' points within the window (sum, avg,
// min, max, quantile, stddev, …), the ts_of_* variants, and absent_over_time.
import type { FunctionImpl } from './types.js';
import { formatFloatG } from '../util/go-format.js';
import type { MatrixValue } from '../eval/values.js';
import { kahanComp } from '../util/kahan.js';
import { quantile } from '../util/quantile.js';
import { absentLabels, absentVector } from './absent.js';
import { argPos, metricName, overWindows, scalarArg, windowVector, type WindowFn } from './shapes.js';
import { histogramPrefix, mixedFloatsHistograms, windowKinds } from './rate-histogram.js';
import { aggregateHistograms } from './over-time-histogram.js';

/** A range function computing one number from each non-empty window. */
function perWindow(f: (t: Float64Array, v: Float64Array, from: number, to: number) => number, keepName = false): FunctionImpl {
  const fn: WindowFn = (t, v, from, to, step, out) => {
    out[step] = f(t, v, from, to);
    return true;
  };
  return ({ ctx, args, grid }) => windowVector(overWindows(ctx, args[args.length - 1] as MatrixValue, grid, keepName, () => fn));
}

/** A range function returning one point of each window (float or histogram) as it is. */
function pointAt(which: (from: number, to: number) => number): FunctionImpl {
  return ({ ctx, args, grid }) => windowVector(overWindows(ctx, args[0] as MatrixValue, grid, true, (s, hist) => (_t, v, from, to, step, out) => {
    const k = which(from, to);
    const h = s.h?.[k];
    if (h) hist![step] = h;
    else out[step] = v[k];
    return true;
  }));
}

/**
 * sum_over_time/avg_over_time: floats as `f` computes them; windows of histograms summed or
 * averaged; a window mixing both gives nothing and a warning.
 */
function withHistograms(f: (t: Float64Array, v: Float64Array, from: number, to: number) => number, mean: boolean): FunctionImpl {
  return ({ ctx, call, args, grid }) => windowVector(overWindows(ctx, args[0] as MatrixValue, grid, false, (s, hist) => {
    const h = s.h;
    if (!h) return (t, v, from, to, step, out) => ((out[step] = f(t, v, from, to)), true);
    const prefix = histogramPrefix(h);
    const site = { annotations: ctx.annotations, name: metricName(s.labels), pos: argPos(call, 0) };
    return (t, v, from, to, step, out) => {
      const kinds = windowKinds(prefix, from, to);
      if (kinds.floats && kinds.hists) {
        mixedFloatsHistograms(site);
        return false;
      }
      if (kinds.floats) {
        out[step] = f(t, v, from, to);
        return true;
      }
      const r = aggregateHistograms(h, from, to, mean, site);
      if (!r) return false;
      hist![step] = r;
      return true;
    };
  }));
}

/** Kahan sum; an infinite sum is returned without its compensation. */
function sumOverTime(_t: Float64Array, v: Float64Array, from: number, to: number): number {
  let sum = 0;
  let c = 0;
  for (let k = from; k < to; k++) {
    c = kahanComp(v[k], sum, c);
    sum += v[k];
  }
  return sum === Infinity || sum === -Infinity ? sum : sum + c;
}

/** Direct Kahan mean while the sum stays finite, then the incremental mean (as Prometheus). */
function avgOverTime(_t: Float64Array, v: Float64Array, from: number, to: number): number {
  let sum = v[from];
  let c = 0;
  let mean = 0;
  let incremental = false;
  let count = 1;
  for (let k = from + 1; k < to; k++) {
    count = k - from + 1;
    if (!incremental) {
      const s = sum + v[k];
      if (s !== Infinity && s !== -Infinity) {
        c = kahanComp(v[k], sum, c);
        sum = s;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    const inc = v[k] / count;
    c = kahanComp(inc, q * mean, q * c);
    mean = q * mean + inc;
  }
  return incremental ? mean + c : sum / count + c / count;
}

/** Welford's variance with Kahan-compensated mean and sum of squares (Prometheus `varianceOverTime`). */
function varianceOverTime(_t: Float64Array, v: Float64Array, from: number, to: number): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (let k = from; k < to; k++) {
    count++;
    const x = v[k];
    const delta = x - (mean + cMean);
    cMean = kahanComp(delta / count, mean, cMean);
    mean += delta / count;
    const sq = delta * (x - (mean + cMean));
    cAux = kahanComp(sq, aux, cAux);
    aux += sq;
  }
  return (aux + cAux) / count;
}

/**
 * The point chosen by `better(cur, best)` scanning forward from the first; a NaN best is always
 * replaced. Returns its index.
 */
function pick(v: Float64Array, from: number, to: number, better: (cur: number, best: number) => boolean): number {
  let best = from;
  for (let k = from; k < to; k++) if (better(v[k], v[best]) || v[best] !== v[best]) best = k;
  return best;
}

const gt = (a: number, b: number) => a > b;
const lt = (a: number, b: number) => a < b;
// Prometheus compatibility: ts_of_min/max prefer the latest of equal values.
const ge = (a: number, b: number) => a >= b;
const le = (a: number, b: number) => a <= b;

function madOverTime(_t: Float64Array, v: Float64Array, from: number, to: number): number {
  const values: number[] = [];
  for (let k = from; k < to; k++) {
    if (v[k] !== v[k]) return NaN;
    values.push(v[k]);
  }
  const median = quantile(0.5, values);
  for (let i = 0; i < values.length; i++) values[i] = Math.abs(values[i] - median);
  return quantile(0.5, values);
}

/** `quantile_over_time(φ, v)`, warning about φ outside [0, 1] at steps with data. */
const quantileOverTimeFn: FunctionImpl = ({ ctx, call, args, grid }) => {
  const qs = scalarArg(args, 0);
  const fn: WindowFn = (_t, v, from, to, step, out) => {
    const q = qs[step];
    if (Number.isNaN(q) || q < 0 || q > 1) {
      ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatFloatG(q)}`, argPos(call, 0));
    }
    out[step] = quantile(q, Array.from(v.subarray(from, to)));
    return true;
  };
  return windowVector(overWindows(ctx, args[1] as MatrixValue, grid, false, () => fn));
};

/** `absent_over_time(v)`: 1 at the steps where no series has a point in its window. */
const absentOverTimeFn: FunctionImpl = ({ ctx, call, args, grid }) => {
  const seen = overWindows(ctx, args[0] as MatrixValue, grid, false, () => (_t, _v, _f, _to, step, out) => {
    out[step] = 1;
    return true;
  }, true);
  return absentVector(seen.series, grid.steps, absentLabels(call.args[0]), true);
};

/** The *_over_time functions by name. */
export const OVER_TIME_FUNCTIONS: ReadonlyArray<[string, FunctionImpl]> = [
  ['sum_over_time', withHistograms(sumOverTime, false)],
  ['avg_over_time', withHistograms(avgOverTime, true)],
  ['count_over_time', perWindow((_t, _v, from, to) => to - from)],
  ['present_over_time', perWindow(() => 1)],
  ['min_over_time', perWindow((_t, v, from, to) => v[pick(v, from, to, lt)])],
  ['max_over_time', perWindow((_t, v, from, to) => v[pick(v, from, to, gt)])],
  ['ts_of_min_over_time', perWindow((t, v, from, to) => t[pick(v, from, to, le)] / 1000)],
  ['ts_of_max_over_time', perWindow((t, v, from, to) => t[pick(v, from, to, ge)] / 1000)],
  ['stdvar_over_time', perWindow(varianceOverTime)],
  ['stddev_over_time', perWindow((t, v, from, to) => Math.sqrt(varianceOverTime(t, v, from, to)))],
  ['mad_over_time', perWindow(madOverTime)],
  ['quantile_over_time', quantileOverTimeFn],
  ['last_over_time', pointAt((_from, to) => to - 1)],
  ['first_over_time', pointAt((from) => from)],
  ['ts_of_last_over_time', perWindow((t, _v, _from, to) => t[to - 1] / 1000)],
  ['ts_of_first_over_time', perWindow((t, _v, from) => t[from] / 1000)],
  ['absent_over_time', absentOverTimeFn],
];
