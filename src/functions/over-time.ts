// The *_over_time family: aggregations of each series' points within the window (sum, avg,
// min, max, quantile, stddev, …), the ts_of_* variants, and absent_over_time.
import type { FunctionImpl } from './types.js';
import { formatFloatG } from '../util/go-format.js';
import type { MatrixValue } from '../eval/values.js';
import { kahanComp } from '../util/kahan.js';
import { absentLabels, absentVector } from './absent.js';
import { argPos, metricName, overSeriesWindows, overWindows, scalarArg, windowVector, type PlainWindowsKernel, type SeriesKernel, type WholeSeriesFn } from './shapes.js';
import { exactPrefixSums } from './support/exact-sums.js';
import { SortedWindow } from './support/sorted-window.js';
import { extremeSeries, type ExtremeRule } from './support/extreme-window.js';
import { histogramPrefix, mixedFloatsHistograms, windowKinds } from './rate-histogram.js';
import { aggregateHistograms } from './over-time-histogram.js';

/** A float range function computing all windows of each series in one call. */
function perSeries(kernel: () => WholeSeriesFn): FunctionImpl {
  return ({ ctx, args, grid }) => windowVector(overSeriesWindows(ctx, args[0] as MatrixValue, grid, false, kernel()));
}

/**
 * Writes `f(from[i], to[i])` to `out[i]` (and sets `present[i]`, when given) for every non-empty
 * window and returns how many there are. A window with the bounds of the previous non-empty one
 * (a step finer than the points, as a subquery's outer steps often are) repeats its result.
 */
function distinctWindows(from: Int32Array, to: Int32Array, out: Float64Array, present: Uint8Array | null, f: (from: number, to: number) => number): number {
  let n = 0;
  let a = -1;
  let b = -1;
  let r = 0;
  for (let i = 0; i < out.length; i++) {
    if (to[i] <= from[i]) continue;
    if (from[i] !== a || to[i] !== b) {
      a = from[i];
      b = to[i];
      r = f(a, b);
    }
    out[i] = r;
    if (present) present[i] = 1;
    n++;
  }
  return n;
}

/** `f` of each window's points, window by window, in one kernel call per series. */
function eachWindow(f: (t: Float64Array, v: Float64Array, from: number, to: number) => number): FunctionImpl {
  return perSeries(() => (t, v, from, to, out) => {
    distinctWindows(from, to, out, null, (a, b) => f(t, v, a, b));
  });
}

/**
 * min/max_over_time (the value) and ts_of_min/max_over_time (its time in seconds), finding each
 * series' windows while computing them (these functions take no `anchored`/`smoothed` input).
 */
function extremeOverTime(rule: ExtremeRule, timestamp: boolean): FunctionImpl {
  const kernel: PlainWindowsKernel = {
    runPlain: (t, v, we, range, out, present, tally) => extremeSeries(rule, timestamp, t, v, we, range, out, present, tally),
  };
  return ({ ctx, args, grid }) => windowVector(overWindows(ctx, args[0] as MatrixValue, grid, false, () => kernel));
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
 * sum_over_time/avg_over_time: float windows summed (Kahan) or averaged; windows of histograms summed or
 * averaged; a window mixing both gives nothing and a warning.
 */
function withHistograms(mean: boolean): FunctionImpl {
  const f = mean ? avgOverTime : sumOverTime;
  const floats = floatSums(mean);
  return ({ ctx, call, args, grid }) => windowVector(overWindows(ctx, args[0] as MatrixValue, grid, false, (s, hist) => {
    const h = s.h;
    if (!h) return floats;
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

/**
 * sum/avg_over_time of a float series. When its window sums are exact (see exactPrefixSums) each
 * window's sum comes from prefix sums, plus the +0 compensation the Kahan loops below add (so −0
 * reads +0 as there); otherwise the Kahan loops run window by window.
 */
function floatSums(mean: boolean): SeriesKernel {
  return {
    run(t, v, from, to, out, present) {
      const p = exactPrefixSums(v);
      if (!p) return slowSums(t, v, from, to, out, present, mean);
      let n = 0;
      for (let i = 0; i < out.length; i++) {
        const a = from[i];
        const b = to[i];
        if (b <= a) continue;
        const sum = p[b] - p[a];
        out[i] = mean ? sum / (b - a) + 0 : sum + 0;
        present[i] = 1;
        n++;
      }
      return n;
    },
  };
}

/** sum/avg_over_time of every non-empty window of a float series with the Kahan loops. */
function slowSums(t: Float64Array, v: Float64Array, from: Int32Array, to: Int32Array, out: Float64Array, present: Uint8Array, mean: boolean): number {
  return distinctWindows(from, to, out, present, mean ? (a, b) => avgOverTime(t, v, a, b) : (a, b) => sumOverTime(t, v, a, b));
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

/** `mad_over_time(v)` over a sorted sliding window. */
const madOverTimeFn = perSeries(() => {
  const w = new SortedWindow();
  return (_t, v, from, to, out) => {
    w.reset(v);
    for (let i = 0; i < out.length; i++) {
      if (to[i] <= from[i]) continue;
      w.moveTo(from[i], to[i]);
      out[i] = w.mad();
    }
  };
});

/**
 * `quantile_over_time(φ, v)` over a sorted sliding window, warning about φ outside [0, 1] at steps
 * with data.
 */
const quantileOverTimeFn: FunctionImpl = ({ ctx, call, args, grid }) => {
  const qs = scalarArg(args, 0);
  const w = new SortedWindow();
  return windowVector(overSeriesWindows(ctx, args[1] as MatrixValue, grid, false, (_t, v, from, to, out) => {
    w.reset(v);
    for (let i = 0; i < out.length; i++) {
      if (to[i] <= from[i]) continue;
      const q = qs[i];
      if (Number.isNaN(q) || q < 0 || q > 1) {
        ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatFloatG(q)}`, argPos(call, 0));
      }
      w.moveTo(from[i], to[i]);
      w.quantileTo(qs, out, i);
    }
  }));
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
  ['sum_over_time', withHistograms(false)],
  ['avg_over_time', withHistograms(true)],
  ['count_over_time', perSeries(() => (_t, _v, from, to, out) => {
    for (let i = 0; i < out.length; i++) out[i] = to[i] - from[i];
  })],
  ['present_over_time', perSeries(() => (_t, _v, _from, _to, out) => out.fill(1))],
  ['min_over_time', extremeOverTime({ sign: -1, latest: false }, false)],
  ['max_over_time', extremeOverTime({ sign: 1, latest: false }, false)],
  // Prometheus compatibility: ts_of_min/max prefer the latest of equal values.
  ['ts_of_min_over_time', extremeOverTime({ sign: -1, latest: true }, true)],
  ['ts_of_max_over_time', extremeOverTime({ sign: 1, latest: true }, true)],
  ['stdvar_over_time', eachWindow(varianceOverTime)],
  ['stddev_over_time', eachWindow((t, v, from, to) => Math.sqrt(varianceOverTime(t, v, from, to)))],
  ['mad_over_time', madOverTimeFn],
  ['quantile_over_time', quantileOverTimeFn],
  ['last_over_time', pointAt((_from, to) => to - 1)],
  ['first_over_time', pointAt((from) => from)],
  ['ts_of_last_over_time', perSeries(() => (t, _v, from, to, out) => {
    for (let i = 0; i < out.length; i++) if (to[i] > from[i]) out[i] = t[to[i] - 1] / 1000;
  })],
  ['ts_of_first_over_time', perSeries(() => (t, _v, from, to, out) => {
    for (let i = 0; i < out.length; i++) if (to[i] > from[i]) out[i] = t[from[i]] / 1000;
  })],
  ['absent_over_time', absentOverTimeFn],
];
