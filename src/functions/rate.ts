// Counter and gauge range functions: rate/increase/delta (Prometheus `extrapolatedRate`),
// irate/idelta, resets, changes, deriv/predict_linear (least squares) and double exponential
// smoothing. Each works on one window of float points at a time.
import type { FunctionImpl, CallInput } from './types.js';
import { EvalError } from '../errors.js';
import { goQuote, formatFloatFixed6 } from '../util/go-format.js';
import type { MatrixValue, RangeSeries } from '../eval/values.js';
import { stepTime } from './support/grid.js';
import { interpolate } from './support/interpolate.js';
import { searchFirst } from '../util/search.js';
import { startTimeOverlap, startTimestampReset } from './support/start-time.js';
import { kahanComp } from '../util/kahan.js';
import { slidingRun } from './support/window-bounds.js';
import { anyDecrease, nextDecrease, scratchNextDecrease, withResets } from './support/counter-resets.js';
import { exactDerivKernel, exactPredictKernel } from './support/exact-regression.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { IncreaseRows } from '../histogram/increase-rows.js';
import { DenseIncrease } from '../histogram/dense-increase.js';
import { combine, extendedHistogramIncrease, histogramIncrease, histogramPrefix, histogramInstant, mixedFloatsHistograms, windowKinds } from './rate-histogram.js';
import { argPos, durationSeconds, metricName, overWindows, scalarArg, windowVector, type PlainWindowsKernel, type SeriesKernel, type WindowFn, type WindowResult } from './shapes.js';

const COUNTER_SUFFIXES = ['_total', '_sum', '_count', '_bucket'];

/** rate, increase and delta: extrapolated to the window edges as Prometheus does. */
function extrapolated(isCounter: boolean, isRate: boolean): FunctionImpl {
  return ({ ctx, call, args, grid }: CallInput) => {
    const m = args[0] as MatrixValue;
    const range = m.range;
    const rangeSeconds = durationSeconds(range);
    // A counter series of histograms only: windows without a counter reset take their increase
    // from its rows (see IncreaseRows).
    const rows = new IncreaseRows();
    const rowIncrease = new DenseIncrease();
    const result = overWindows(ctx, m, grid, false, (s, hist) => {
      const site = { annotations: ctx.annotations, name: metricName(s.labels), pos: argPos(call, 0) };
      if (s.h) {
        const h = s.h;
        const floatFn = floatWindow(s) as WindowFn;
        const prefix = histogramPrefix(h);
        const dense = isCounter && !m.extended && !s.st && prefix[h.length] === h.length && rows.prepare(h as FloatHistogram[], 2);
        return (t, v, from, to, step, out) => {
          if (dense && to - from >= 2 && rows.fit(to - from) && rows.resetFree(from, to)) {
            const first = h[from]!;
            const last = h[to - 1]!;
            rowIncrease.fromRows(rows, rows.slot(from), rows.slot(to - 1), first, last);
            const inc = rowIncrease.result();
            const rangeEnd = m.windowEnd[step];
            const factor = extrapolationFactor(t, from, to, rangeEnd - range, rangeEnd, true, zeroFraction(first.count, inc.count));
            hist![step] = inc.mul(isRate ? factor / rangeSeconds : factor);
            return true;
          }
          const kinds = windowKinds(prefix, from, to);
          if (kinds.floats && kinds.hists) {
            mixedFloatsHistograms(site);
            return false;
          }
          if (kinds.floats) return floatFn(t, v, from, to, step, out);
          if (m.extended) {
            const rangeEnd = m.windowEnd[step];
            const r = extendedHistogramIncrease(t.subarray(from, to), h.slice(from, to) as FloatHistogram[], rangeEnd - range, rangeEnd, m.extended.kind === 'smoothed', isCounter, site);
            if (!r) return false;
            if (isRate) r.div(rangeSeconds);
            hist![step] = r.compact(0);
            return true;
          }
          const rangeEnd = m.windowEnd[step];
          const rangeStart = rangeEnd - range;
          const st = isCounter ? s.st : undefined;
          // The first sample's start time inside the window: a zero sample is assumed there.
          const fromZero = st !== undefined && st[from] !== 0 && st[from] > rangeStart && st[from] < t[from];
          if (to - from < 2 && !fromZero) return false;
          let inc: FloatHistogram | null = null;
          if (to - from >= 2) {
            inc = histogramIncrease(h, from, to, isCounter, site, st ? { t, st } : undefined);
            if (!inc) return false;
          }
          let factor: number;
          if (fromZero) {
            if (!inc) inc = h[from]!.copy();
            else if (!combine(inc, h[from]!, false, site)) return false;
            factor = zeroStartFactor(t, from, to, st![from], rangeEnd);
          } else {
            factor = extrapolationFactor(t, from, to, rangeStart, rangeEnd, isCounter, zeroFraction(h[from]!.count, inc!.count));
          }
          hist![step] = inc!.mul(isRate ? factor / rangeSeconds : factor);
          return true;
        };
      }
      return floatWindow(s, true);
    });
    if (isCounter) counterNameInfo(call, result, ctx.annotations);
    return windowVector(result);

    /** The window function of a float series (or, when `whole`, possibly a whole-series kernel). */
    function floatWindow(s: RangeSeries, whole = false): WindowFn | PlainWindowsKernel {
      if (m.extended) {
        const smoothed = m.extended.kind === 'smoothed';
        return (t, v, from, to, step, out) => extendedRate(t, v, from, to, m.windowEnd[step] - range, m.windowEnd[step], smoothed, isCounter, isRate ? rangeSeconds : 0, step, out);
      }
      const st = isCounter ? s.st : undefined;
      if (whole && !st) {
        return {
          runPlain: (t, v, we, range, out, present, tally) => plainRateSeries(t, v, we, range, out, present, tally, isCounter, isRate),
        };
      }
      const drops = isCounter ? nextDecrease(s.v) : null;
      const name = metricName(s.labels);
      return (t, v, from, to, step, out) => {
        const n = to - from;
        const last = to - 1;
        let delta = v[last] - v[from];
        if (st) {
          let warned = false;
          for (let k = from + 1; k <= last; k++) {
            if (!warned && startTimeOverlap(st[k - 1], t[k - 1], st[k])) {
              ctx.annotations.counted('warning', `sample has start time that overlaps with previous sample timestamp for metric ${goQuote(name)}`, argPos(call, 0));
              warned = true;
            }
            if (v[k] < v[k - 1] || startTimestampReset(st[k - 1], t[k - 1], st[k], t[k])) delta += v[k - 1];
          }
        } else if (drops) {
          delta = withResets(v, drops, from, last, delta);
        }
        const rangeEnd = m.windowEnd[step];
        const rangeStart = rangeEnd - range;
        let factor: number;
        if (st && st[from] !== 0 && st[from] > rangeStart && st[from] < t[from]) {
          // The first sample's start time lies inside the window: assume a zero sample there
          // instead of extrapolating to the left.
          factor = zeroStartFactor(t, from, to, st[from], rangeEnd);
          delta += v[from];
        } else if (n < 2) {
          return false;
        } else {
          factor = extrapolationFactor(t, from, to, rangeStart, rangeEnd, isCounter, zeroFraction(v[from], delta));
        }
        if (isRate) factor /= rangeSeconds;
        out[step] = delta * factor;
        return true;
      };
    }
  };
}

/**
 * rate/increase/delta of one float series without start timestamps, every step at once (the hot
 * path of {@link extrapolated}). `drops` are a counter's {@link nextDecrease} indexes (null when
 * it never decreases); `rateSeconds` is 0 for increase/delta.
 *
 * A window's factor is a function of its shape alone (time from the window start to the first
 * sample, from the last sample to the window end, number of samples) unless a counter's zero point
 * may cut the extrapolation to the left short; with regular scrapes consecutive windows mostly
 * share their shape, so the last factor is reused when the shape repeats (the same divisions would
 * give the same bits).
 */
function extrapolatedSeries(
  t: Float64Array, v: Float64Array, we: Float64Array, range: number, out: Float64Array, present: Uint8Array,
  tally: { points: number }, isCounter: boolean, drops: Int32Array | null, rateSeconds: number,
): number {
  let count = 0;
  let shapeStart = NaN;
  let shapeEnd = NaN;
  let shapeN = 0;
  let shapeFactor = 0;
  // The window's points from … to−1, found as windowBounds finds them. The cursors stay in locals
  // here and in instantSeries: a shared cursor object measured 5–10 % slower on rate and irate.
  const size = t.length;
  let from = 0;
  let to = 0;
  let points = 0;
  for (let i = 0; i < out.length; i++) {
    const rangeEnd = we[i];
    const rangeStart = rangeEnd - range;
    if (i > 0 && rangeEnd < we[i - 1]) from = to = 0;
    while (from < size && t[from] <= rangeStart) from++;
    if (to < from) to = from;
    while (to < size && t[to] <= rangeEnd) to++;
    const n = to - from;
    points += n;
    if (n < 2) continue;
    const last = to - 1;
    const first = v[from];
    let delta = v[last] - first;
    if (drops !== null) delta = withResets(v, drops, from, last, delta);
    let factor: number;
    if (isCounter && !zeroPointIrrelevant(first, delta, n)) {
      factor = extrapolationFactor(t, from, to, rangeStart, rangeEnd, true, zeroFraction(first, delta));
      if (rateSeconds !== 0) factor /= rateSeconds;
    } else {
      const toStart = t[from] - rangeStart;
      const toEnd = rangeEnd - t[last];
      if (toStart !== shapeStart || toEnd !== shapeEnd || n !== shapeN) {
        shapeFactor = extrapolationFactor(t, from, to, rangeStart, rangeEnd, false, -1);
        if (rateSeconds !== 0) shapeFactor /= rateSeconds;
        shapeStart = toStart;
        shapeEnd = toEnd;
        shapeN = n;
      }
      factor = shapeFactor;
    }
    out[i] = delta * factor;
    present[i] = 1;
    count++;
  }
  tally.points += points;
  return count;
}

/**
 * rate, increase (`isCounter`) or delta of one float series without start timestamps over plain
 * windows, every step at once: the rate function's whole-series kernel, also run by a `sum` fused
 * with its rate. Writes `out[i]` and sets `present[i]` for each step with a result (`present`
 * must start zeroed), adds the windows' points to `tally.points`, and returns how many steps have
 * a result.
 */
export function plainRateSeries(
  t: Float64Array, v: Float64Array, windowEnd: Float64Array, range: number, out: Float64Array, present: Uint8Array,
  tally: { points: number }, isCounter: boolean, isRate: boolean,
): number {
  const drops = isCounter && anyDecrease(v) ? scratchNextDecrease(v) : null;
  return extrapolatedSeries(t, v, windowEnd, range, out, present, tally, isCounter, drops, isRate ? durationSeconds(range) : 0);
}

/**
 * Whether a counter window's zero point cannot shorten its extrapolation to the left: it does not
 * apply (no increase, negative first value), or, with three or more samples, the first value is at
 * least the increase, so the time to zero is at least the sampled interval while the time to the
 * window start is kept below 1.1 × (sampled interval / 2).
 */
function zeroPointIrrelevant(first: number, increase: number, n: number): boolean {
  return !(increase > 0 && first >= 0) || (n >= 3 && first >= increase);
}

/**
 * For a counter's extrapolation to the left: the first value over the increase, how far back the
 * counter would reach zero (as a fraction of the sampled interval); −1 when it does not apply.
 */
export function zeroFraction(first: number, increase: number): number {
  return increase > 0 && first >= 0 ? first / increase : -1;
}

/**
 * The factor of a window whose first sample started (start timestamp `st0`) inside it: no
 * extrapolation to the left; to the right as usual.
 */
function zeroStartFactor(t: Float64Array, from: number, to: number, st0: number, rangeEnd: number): number {
  const last = to - 1;
  const sampled = (t[last] - st0) / 1000;
  let toEnd = (rangeEnd - t[last]) / 1000;
  const avg = to - from > 1 ? (t[last] - t[from]) / 1000 / (to - from - 1) : 0;
  if (toEnd >= avg * 1.1) toEnd = avg / 2;
  return sampled !== 0 ? (sampled + toEnd) / sampled : 1;
}

/**
 * The extrapolation factor of a window of at least two points (without start timestamps).
 * `zeroFraction` is first/increase for a counter whose zero point may cut the extrapolation
 * short, or negative when it does not apply.
 */
export function extrapolationFactor(t: Float64Array, from: number, to: number, rangeStart: number, rangeEnd: number, isCounter: boolean, zeroFraction: number): number {
  const last = to - 1;
  let toStart = (t[from] - rangeStart) / 1000;
  let toEnd = (rangeEnd - t[last]) / 1000;
  const sampled = (t[last] - t[from]) / 1000;
  const avg = sampled / (to - from - 1);
  const threshold = avg * 1.1;
  if (toStart >= threshold) toStart = avg / 2;
  if (isCounter && zeroFraction >= 0) {
    const toZero = sampled * zeroFraction;
    if (toZero < toStart) toStart = toZero;
  }
  if (toEnd >= threshold) toEnd = avg / 2;
  return sampled !== 0 ? (sampled + toStart + toEnd) / sampled : 1;
}

/**
 * rate/increase/delta over `anchored`/`smoothed` windows (Prometheus `extendedRate`): no
 * extrapolation; the values at the window edges are the last sample at or before the start (and,
 * smoothed, interpolated at both edges); counter resets inside the window are added back.
 * `rateSeconds` is 0 for increase/delta.
 */
function extendedRate(
  t: Float64Array, v: Float64Array, from: number, to: number, rangeStart: number, rangeEnd: number,
  smoothed: boolean, isCounter: boolean, rateSeconds: number, step: number, out: Float64Array,
): boolean {
  let last = to - 1;
  let first = Math.max(from, searchFirst(last - from, (i) => t[from + i] > rangeStart) + from - 1);
  if (smoothed) last = from + searchFirst(last - from, (i) => t[from + i] >= rangeEnd);
  if (t[last] <= rangeStart) return false;
  if (smoothed && t[first] > rangeEnd) return false;
  const left = smoothed && t[first] < rangeStart ? interpolate(t[first], v[first], t[first + 1], v[first + 1], rangeStart, isCounter) : v[first];
  const right = smoothed && last > from && t[last] > rangeEnd ? interpolate(t[last - 1], v[last - 1], t[last], v[last], rangeEnd, isCounter) : v[last];
  let result = right - left;
  if (isCounter) {
    if (t[first] <= rangeStart) first++;
    if (t[last] >= rangeEnd) last--;
    let correction = 0;
    let prev = left;
    for (let k = first; k <= last; k++) {
      if (v[k] < prev) correction += prev;
      prev = v[k];
    }
    if (right < prev) correction += prev;
    result += correction;
  }
  if (rateSeconds) result /= rateSeconds;
  out[step] = result;
  return true;
}

/** The "metric might not be a counter" info for rate/increase inputs with a non-counter name. */
export function counterNameInfo(call: CallInput['call'], result: WindowResult, annotations: CallInput['ctx']['annotations']): void {
  for (let k = 0; k < result.inputs.length; k++) {
    const s = result.inputs[k];
    const name = metricName(s.labels);
    if (name === '' || COUNTER_SUFFIXES.some((x) => name.endsWith(x))) continue;
    // Only results with float points are in question.
    const o = result.series[k];
    if (o.hist && !o.present.some((p, i) => p === 1 && o.hist![i] === undefined)) continue;
    annotations.info(`metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${goQuote(name)}`, argPos(call, 0));
  }
}

/** irate and idelta: from the last two points of the window. */
function instant(isRate: boolean): FunctionImpl {
  // A float series without start timestamps over plain windows (the common case) runs as one
  // whole-series kernel.
  const floats: PlainWindowsKernel = { runPlain: (t, v, we, range, out, present, tally) => instantSeries(t, v, we, range, out, present, tally, isRate) };
  return ({ ctx, call, args, grid }) => windowVector(overWindows(ctx, args[0] as MatrixValue, grid, false, (s, hist) =>
    !(args[0] as MatrixValue).extended && !s.h && s.st === undefined ? floats : (t, v, from, to, step, out) => {
      if (to - from < 2) return false;
      const dt = t[to - 1] - t[to - 2];
      if (dt === 0) return false;
      const hp = s.h?.[to - 2];
      const hl = s.h?.[to - 1];
      if (hp || hl) {
        // Prometheus compatibility: the position is the whole call's argument list start.
        const site = { annotations: ctx.annotations, name: metricName(s.labels), pos: argPos(call, 0) };
        if (!hp || !hl) {
          mixedFloatsHistograms(site);
          return false;
        }
        const stReset = s.st !== undefined && startTimestampReset(s.st[to - 2], t[to - 2], s.st[to - 1], t[to - 1]);
        const r = histogramInstant(hp, hl, isRate, dt / 1000, site, stReset);
        if (!r) return false;
        hist![step] = r;
        return true;
      }
      const prev = v[to - 2];
      const last = v[to - 1];
      const reset = last < prev || (s.st !== undefined && startTimestampReset(s.st[to - 2], t[to - 2], s.st[to - 1], t[to - 1]));
      let r = isRate && reset ? last : last - prev;
      if (isRate) r /= dt / 1000;
      out[step] = r;
      return true;
    }));
}

/** irate/idelta of every step of a float series without start timestamps (see {@link instant}). */
function instantSeries(t: Float64Array, v: Float64Array, we: Float64Array, range: number, out: Float64Array, present: Uint8Array, tally: { points: number }, isRate: boolean): number {
  let count = 0;
  // The window's points from … to−1, found as windowBounds finds them.
  const size = t.length;
  let from = 0;
  let to = 0;
  let points = 0;
  for (let i = 0; i < out.length; i++) {
    const rangeEnd = we[i];
    if (i > 0 && rangeEnd < we[i - 1]) from = to = 0;
    const from0 = from;
    const to0 = to;
    while (from < size && t[from] <= rangeEnd - range) from++;
    if (to < from) to = from;
    while (to < size && t[to] <= rangeEnd) to++;
    points += to - from;
    if (to - from >= 2 && instantPoint(t, v, to - 1, isRate, out, i)) {
      present[i] = 1;
      count++;
    }
    // Both ends moved by one point: the next steps likely slide the same way (see slidingRun).
    if (i > 0 && from === from0 + 1 && to === to0 + 1) {
      const run = slidingRun(t, we, range, from, to, i + 1);
      const n = to - from;
      points += run * n;
      if (n >= 2) {
        for (let k = 0; k < run; k++) {
          if (instantPoint(t, v, to + k, isRate, out, i + 1 + k)) {
            present[i + 1 + k] = 1;
            count++;
          }
        }
      }
      from += run;
      to += run;
      i += run;
    }
  }
  tally.points += points;
  return count;
}

/** irate/idelta from the points `last − 1` and `last` into `out[i]`; false when they are at one time. */
function instantPoint(t: Float64Array, v: Float64Array, last: number, isRate: boolean, out: Float64Array, i: number): boolean {
  const dt = t[last] - t[last - 1];
  if (dt === 0) return false;
  const prev = v[last - 1];
  const cur = v[last];
  let r = isRate && cur < prev ? cur : cur - prev;
  if (isRate) r /= dt / 1000;
  out[i] = r;
  return true;
}

/** Least squares over points from…to−1 with x in seconds from `interceptTime` (Prometheus `linearRegression`). */
export function linearRegression(t: Float64Array, v: Float64Array, from: number, to: number, interceptTime: number): [number, number] {
  regression(t, v, from, to, interceptTime);
  return [regressionSlope, regressionIntercept];
}

/** Results of the last {@link regression} (module scalars: no tuple per window). */
let regressionSlope = 0;
let regressionIntercept = 0;

/**
 * {@link linearRegression} into `regressionSlope`/`regressionIntercept`: four Kahan sums kept in
 * locals, in the order Prometheus adds.
 */
function regression(t: Float64Array, v: Float64Array, from: number, to: number, interceptTime: number): void {
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = v[from];
  let constY = true;
  for (let k = from; k < to; k++) {
    const y = v[k];
    if (constY && k > from && y !== initY) constY = false;
    const x = (t[k] - interceptTime) / 1e3;
    cX = kahanComp(x, sumX, cX);
    sumX += x;
    cY = kahanComp(y, sumY, cY);
    sumY += y;
    const xy = x * y;
    cXY = kahanComp(xy, sumXY, cXY);
    sumXY += xy;
    const x2 = x * x;
    cX2 = kahanComp(x2, sumX2, cX2);
    sumX2 += x2;
  }
  if (constY) {
    const inf = initY === Infinity || initY === -Infinity;
    regressionSlope = inf ? NaN : 0;
    regressionIntercept = inf ? NaN : initY;
    return;
  }
  const n = to - from;
  const sx = sumX + cX;
  const sy = sumY + cY;
  const sxy = sumXY + cXY;
  const sx2 = sumX2 + cX2;
  const cov = sxy - (sx * sy) / n;
  const variance = sx2 - (sx * sx) / n;
  const slope = cov / variance;
  regressionSlope = slope;
  regressionIntercept = sy / n - (slope * sx) / n;
}

const derivFn: FunctionImpl = ({ ctx, args, grid }) => {
  const m = args[0] as MatrixValue;
  const perWindow: WindowFn = (t, v, from, to, step, out) => {
    if (to - from < 2) return false;
    regression(t, v, from, to, t[from]);
    out[step] = regressionSlope;
    return true;
  };
  return windowVector(overWindows(ctx, m, grid, false, (s) =>
    (!m.extended && !s.h && exactDerivKernel(s.t, s.v, m.range)) || perWindow));
};

/** Prometheus compatibility: the intercept is taken at the evaluation time, not the window end. */
const predictLinearFn: FunctionImpl = ({ ctx, args, grid }) => {
  const m = args[0] as MatrixValue;
  const duration = scalarArg(args, 1);
  const predict = (t: Float64Array, v: Float64Array, from: number, to: number, step: number): number => {
    regression(t, v, from, to, stepTime(grid, step));
    return regressionSlope * duration[step] + regressionIntercept;
  };
  const perWindow: WindowFn = (t, v, from, to, step, out) => {
    if (to - from < 2) return false;
    out[step] = predict(t, v, from, to, step);
    return true;
  };
  const prediction = { at: (step: number) => stepTime(grid, step), duration, fallback: predict };
  return windowVector(overWindows(ctx, m, grid, false, (s) =>
    (!m.extended && !s.h && exactPredictKernel(s.t, s.v, m.range, prediction)) || perWindow));
};

/**
 * resets (`isResets`) and changes: count over consecutive pairs of the window. With `anchored`,
 * the pairs start at the last sample at or before the window start (Prometheus
 * `pickFirstSampleIndices`).
 */
function countPairs(isResets: boolean, histChanged: (prev: FloatHistogram, cur: FloatHistogram) => boolean): FunctionImpl {
  const pairChanged = isResets ? resetPair : changePair;
  // Plain windows over floats alone: every window's count from prefix counts of changed pairs.
  const floats: SeriesKernel = { run: (t, v, from, to, out, present) => pairCounts(v, from, to, out, present, isResets) };
  return ({ ctx, args, grid }) => {
    const m = args[0] as MatrixValue;
    return windowVector(overWindows(ctx, m, grid, false, (s) => {
      // resets also counts start-timestamp resets.
      const st = isResets ? s.st : undefined;
      const h = s.h;
      if (!m.extended && !h && st === undefined) return floats;
      const changed = (prev: number, cur: number, k: number, t: Float64Array) => {
        if (h && (h[k] || h[k - 1])) {
          // A switch between a float and a histogram always counts.
          return !h[k] || !h[k - 1] || histChanged(h[k - 1]!, h[k]!) || (st !== undefined && startTimestampReset(st[k - 1], t[k - 1], st[k], t[k]));
        }
        return pairChanged(prev, cur) || (st !== undefined && startTimestampReset(st[k - 1], t[k - 1], st[k], t[k]));
      };
      return (t, v, from, to, step, out) => {
        if (m.extended) {
          const rangeStart = m.windowEnd[step] - m.range;
          const lastLE = from + searchFirst(to - from, (i) => t[from + i] > rangeStart) - 1;
          if (lastLE + 1 >= to) return false;
          if (lastLE >= from) from = lastLE;
        }
        let n = 0;
        for (let k = from + 1; k < to; k++) if (changed(v[k - 1], v[k], k, t)) n++;
        out[step] = n;
        return true;
      };
    }));
  };
}

/** Scratch prefix counts of {@link pairCounts} (used within one synchronous call only). */
let pairPrefix = new Int32Array(0);

/**
 * resets (`isResets`: a value below the one before) or changes (a value other than the one before,
 * NaN after NaN being no change) of every window of a float series: the changed pairs (k−1, k) with
 * from < k < to, from prefix counts. Every window is non-empty when `to[i] > from[i]`.
 */
function pairCounts(v: Float64Array, from: Int32Array, to: Int32Array, out: Float64Array, present: Uint8Array, isResets: boolean): number {
  if (pairPrefix.length < v.length) pairPrefix = new Int32Array(Math.max(v.length, 2 * pairPrefix.length));
  const p = pairPrefix;
  if (v.length > 0) p[0] = 0;
  for (let k = 1; k < v.length; k++) {
    const prev = v[k - 1];
    const cur = v[k];
    const changed = isResets ? resetPair(prev, cur) : changePair(prev, cur);
    p[k] = p[k - 1] + (changed ? 1 : 0);
  }
  let count = 0;
  for (let i = 0; i < out.length; i++) {
    if (to[i] <= from[i]) continue;
    out[i] = p[to[i] - 1] - p[from[i]];
    present[i] = 1;
    count++;
  }
  return count;
}

/** A counter reset between two float values. */
function resetPair(prev: number, cur: number): boolean {
  return cur < prev;
}

/** A change between two float values: NaN → NaN is not one; NaN → x and x → NaN are. */
function changePair(prev: number, cur: number): boolean {
  return cur !== prev && !(cur !== cur && prev !== prev);
}

const resetsFn = countPairs(true, (prev, cur) => cur.detectReset(prev));
const changesFn = countPairs(false, (prev, cur) => !cur.equals(prev));

/** `double_exponential_smoothing(v, sf, tf)` (formerly holt_winters). */
const doubleExponentialSmoothingFn: FunctionImpl = ({ ctx, args, grid }) => {
  const sfs = scalarArg(args, 1);
  const tfs = scalarArg(args, 2);
  const fn: WindowFn = (_t, v, from, to, step, out) => {
    const sf = sfs[step];
    const tf = tfs[step];
    if (sf <= 0 || sf >= 1) throw new EvalError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${formatFloatFixed6(sf)}`);
    if (tf <= 0 || tf >= 1) throw new EvalError(`invalid trend factor. Expected: 0 < tf < 1, got: ${formatFloatFixed6(tf)}`);
    if (to - from < 2) return false;
    let s0 = 0;
    let s1 = v[from];
    let b = v[from + 1] - v[from];
    for (let k = from + 1; k < to; k++) {
      const x = sf * v[k];
      if (k > from + 1) b = tf * (s1 - s0) + (1 - tf) * b;
      const y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    out[step] = s1;
    return true;
  };
  return windowVector(overWindows(ctx, args[0] as MatrixValue, grid, false, () => fn));
};

/** The counter and gauge range functions by name. */
export const RATE_FUNCTIONS: ReadonlyArray<[string, FunctionImpl]> = [
  ['rate', extrapolated(true, true)],
  ['increase', extrapolated(true, false)],
  ['delta', extrapolated(false, false)],
  ['irate', instant(true)],
  ['idelta', instant(false)],
  ['deriv', derivFn],
  ['predict_linear', predictLinearFn],
  ['resets', resetsFn],
  ['changes', changesFn],
  ['double_exponential_smoothing', doubleExponentialSmoothingFn],
];
