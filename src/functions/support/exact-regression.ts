// deriv's and predict_linear's least squares in O(1) per window where floating point cannot tell. When every
// value of a series is an integer, its timestamps lie whole seconds apart, and the magnitudes are
// small enough, every term and every partial sum of Prometheus's four Kahan sums (x, y, x·y, x²
// with x in seconds from the window's first sample) is an exact integer: each Kahan sum is then the
// exact sum with a compensation of +0. Sums kept exactly as the window slides (terms leaving,
// re-based on the new first sample, terms entering) are those same exact sums, so the slope has
// the same bits as the window-by-window computation.
import type { SeriesKernel } from '../shapes.js';

/** 2^53: integers up to this magnitude are exact doubles, and so are sums staying below it. */
const EXACT_LIMIT = 2 ** 53;

/**
 * The most points any window `(e − range, e]` can hold: the most points closer than `range` to
 * one another (t ascending).
 */
function mostPointsInRange(t: Float64Array, range: number): number {
  let most = 0;
  let hi = 0;
  for (let lo = 0; lo < t.length; lo++) {
    if (hi < lo) hi = lo;
    while (hi < t.length && t[hi] - t[lo] < range) hi++;
    if (hi - lo > most) most = hi - lo;
  }
  return most;
}

/**
 * The largest magnitude M of the values, or −1 unless every window sum of deriv's regression over (t, v) with windows of `range` ms is exact:
 * integer values, timestamps whole seconds apart, and the bounds below for the largest window
 * (N points, spanning less than R seconds, values up to M in magnitude) — covering the sums of a
 * window, their intermediate values while a window slides and is re-based, and each product.
 */
function exactlySummable(t: Float64Array, v: Float64Array, range: number): number {
  if (t.length === 0 || !(range > 0)) return -1;
  let m = 0;
  const t0 = t[0];
  for (let k = 0; k < v.length; k++) {
    const y = v[k];
    if (Math.trunc(y) !== y) return -1;
    const a = Math.abs(y);
    if (a > m) m = a;
    if ((t[k] - t0) % 1000 !== 0) return -1;
  }
  const n = mostPointsInRange(t, range);
  const r = Math.ceil(range / 1000);
  return 4 * n * r * (m + r + 1) < EXACT_LIMIT ? m : -1;
}

/**
 * A whole-series deriv kernel for (t, v) with windows of `range` ms (plain windows, float points
 * only), or null when its sums might not be exact (then the window-by-window Kahan sums apply).
 */
export function exactDerivKernel(t: Float64Array, v: Float64Array, range: number): SeriesKernel | null {
  if (exactlySummable(t, v, range) < 0) return null;
  return { run: (t, v, from, to, out, present) => exactRegressionSeries(t, v, from, to, out, present, null, 0) };
}

/**
 * What predict_linear needs beyond deriv: per step, the evaluation time (ms) the regression's x
 * is measured from, the step's prediction duration (seconds), and the window-by-window result to
 * fall back to where re-basing the sums on that time might not stay exact.
 */
export interface Prediction {
  readonly at: (step: number) => number;
  readonly duration: Float64Array;
  readonly fallback: (t: Float64Array, v: Float64Array, from: number, to: number, step: number) => number;
}

/** A whole-series predict_linear kernel, as {@link exactDerivKernel}. */
export function exactPredictKernel(t: Float64Array, v: Float64Array, range: number, prediction: Prediction): SeriesKernel | null {
  const m = exactlySummable(t, v, range);
  if (m < 0) return null;
  return { run: (t, v, from, to, out, present) => exactRegressionSeries(t, v, from, to, out, present, prediction, m) };
}

/** Seconds from the series' first sample to sample k (an exact integer under the preconditions). */
function secondsAt(t: Float64Array, k: number): number {
  return (t[k] - t[0]) / 1000;
}

/**
 * The slope (deriv, `prediction` null) or the prediction of every window. Sums slide from window
 * to window with x measured from the window's first sample; a prediction re-bases them on the
 * evaluation time when every intermediate value stays an exact integer, else computes the window
 * by `prediction.fallback`.
 */
function exactRegressionSeries(
  t: Float64Array, v: Float64Array, fromAt: Int32Array, toAt: Int32Array, out: Float64Array, present: Uint8Array,
  prediction: Prediction | null, maxAbsValue: number,
): number {
  // The current window [lo, hi), its sums with x measured from `base` (the seconds of lo), and
  // the last index k < hi where v[k] differs from v[k − 1] (0 when none).
  let lo = 0;
  let hi = 0;
  let base = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXY = 0;
  let sumX2 = 0;
  let lastChange = 0;
  let count = 0;
  for (let i = 0; i < out.length; i++) {
    const from = fromAt[i];
    const to = toAt[i];
    if (to - from < 2) continue;
    if (from < lo || to < hi || from >= hi) {
      // No overlap with the current window (or going back): start afresh.
      lo = hi = from;
      base = secondsAt(t, from);
      sumX = sumY = sumXY = sumX2 = 0;
      lastChange = 0;
    } else {
      for (let k = lo; k < from; k++) {
        const x = secondsAt(t, k) - base;
        const y = v[k];
        sumX -= x;
        sumY -= y;
        sumXY -= x * y;
        sumX2 -= x * x;
      }
      // Measure x from the new first sample: x' = x − d for the n points kept.
      const d = secondsAt(t, from) - base;
      const n = hi - from;
      sumXY -= d * sumY;
      sumX2 = sumX2 - 2 * d * sumX + n * d * d;
      sumX -= n * d;
      base += d;
      lo = from;
    }
    for (let k = hi; k < to; k++) {
      const x = secondsAt(t, k) - base;
      const y = v[k];
      sumX += x;
      sumY += y;
      sumXY += x * y;
      sumX2 += x * x;
      if (k > 0 && y !== v[k - 1]) lastChange = k;
    }
    hi = to;
    const n = to - from;
    const constant = lastChange <= from;
    if (prediction === null) {
      out[i] = constant ? 0 : slopeOf(n, sumX, sumY, sumXY, sumX2);
    } else if (constant) {
      // A slope of 0 and the value as the intercept, combined as for any other window.
      out[i] = 0 * prediction.duration[i] + v[from];
    } else {
      // x from the evaluation time instead: x'' = x − e for every point. Prometheus's own sums
      // then add terms up to |x''|·M and |x''|² with |x''| ≤ |e| + the window's span, so the
      // bound is on those terms summed in any order (not on the window's sums, which values of
      // opposite signs can keep small while single terms are not exact).
      const at = prediction.at(i);
      const e = (at - t[0]) / 1000 - base;
      const far = Math.abs(e) + secondsAt(t, to - 1) - base;
      const bound = 2 * n * far * (maxAbsValue + far + 1);
      if ((at - t[0]) % 1000 !== 0 || !(bound < EXACT_LIMIT)) {
        out[i] = prediction.fallback(t, v, from, to, i);
      } else {
        const sx = sumX - n * e;
        const sxy = sumXY - e * sumY;
        const sx2 = sumX2 - 2 * e * sumX + n * e * e;
        const slope = slopeOf(n, sx, sumY, sxy, sx2);
        const intercept = sumY / n - (slope * sx) / n;
        out[i] = slope * prediction.duration[i] + intercept;
      }
    }
    present[i] = 1;
    count++;
  }
  return count;
}

/** The least-squares slope from exact sums, as Prometheus's linearRegression computes it. */
function slopeOf(n: number, sumX: number, sumY: number, sumXY: number, sumX2: number): number {
  const cov = sumXY - (sumX * sumY) / n;
  const variance = sumX2 - (sumX * sumX) / n;
  return cov / variance;
}
