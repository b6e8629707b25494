// Estimates from a native histogram's buckets, as Prometheus computes them: quantiles
// (histogram_quantile), the fraction between two values (histogram_fraction) and the variance
// (histogram_stdvar, histogram_stddev). Plain numbers plus flags the engine turns into annotations.
import { goExp2, goLog2 } from '../util/go-math.js';
import { kahanInc } from '../util/kahan.js';
import { fractionBelow, type Bucket } from './bounds.js';
import type { FloatHistogram } from './float-histogram.js';

/** A quantile estimate and what the engine reports about it. */
export interface HistogramQuantileResult {
  value: number;
  /** NaN observations made the result NaN (Prometheus's NativeHistogramQuantileNaNResultInfo). */
  nanResult: boolean;
  /** NaN observations may have skewed the result (Prometheus's NativeHistogramQuantileNaNSkewInfo). */
  nanSkew: boolean;
}

const result = (value: number, nanResult = false, nanSkew = false): HistogramQuantileResult => ({ value, nanResult, nanSkew });

/**
 * The φ-quantile `q` of `h`: q < 0 gives −Inf, q > 1 +Inf, an empty histogram or NaN q NaN. The
 * bucket holding the rank is found from below (q < 0.5, or a NaN sum, which signals NaN
 * observations) or from above; inside it the value is interpolated linearly for custom buckets and
 * the zero bucket, exponentially (on a log2 scale) otherwise. With only positive (negative)
 * buckets the zero bucket is taken to start (end) at 0; the open-ended NHCB buckets return their
 * finite bound.
 */
export function histogramQuantile(q: number, h: FloatHistogram): HistogramQuantileResult {
  if (q < 0) return result(-Infinity);
  if (q > 1) return result(Infinity);
  if (h.count === 0 || q !== q) return result(NaN);

  const nanSum = h.sum !== h.sum;
  const forward = nanSum || q < 0.5;
  const it = forward ? h.allBucketIterator() : h.allReverseBucketIterator();
  let rank = forward ? q * h.count : (1 - q) * h.count;
  let bucket: Bucket = { lower: 0, upper: 0, lowerInclusive: false, upperInclusive: false, count: 0, index: 0 };
  let count = 0;
  let any = false;
  // Counts only: the bucket (its bounds) is built for the one the walk stops at.
  while (it.advance()) {
    any = true;
    const c = it.currCount;
    if (c === 0) continue;
    count += c;
    if (count >= rank) break;
  }
  if (any) bucket = it.at();
  const custom = h.usesCustomBuckets();
  if (!custom && bucket.lower < 0 && bucket.upper > 0) {
    if (h.negativeBuckets.length === 0 && h.positiveBuckets.length > 0) bucket.lower = 0;
    else if (h.positiveBuckets.length === 0 && h.negativeBuckets.length > 0) bucket.upper = 0;
  } else if (custom) {
    if (bucket.lower === -Infinity) {
      if (bucket.upper <= 0) return result(bucket.upper);
      bucket.lower = 0;
    } else if (bucket.upper === Infinity) {
      return result(bucket.lower);
    }
  }
  // Rounding can make the running count exceed the total.
  if (count > h.count) count = h.count;
  if (count < rank) {
    // The rank lies beyond the buckets: NaN observations, or a broken histogram.
    if (nanSum) return result(NaN, true);
    return result(bucket.upper);
  }
  if (forward) rank -= count - bucket.count;
  else rank = count - rank;

  let nanSkew = false;
  if (nanSum) {
    // Prometheus compatibility: this walk over the remaining buckets also leaves `bucket` at the
    // last of them, and the interpolation below uses that bucket.
    while (it.advance()) {
      any = true;
      count += it.currCount;
    }
    if (any) bucket = it.at();
    if (count < h.count) nanSkew = true;
  }

  const fraction = rank / bucket.count;
  if (custom || (bucket.lower <= 0 && bucket.upper >= 0)) {
    return result(bucket.lower + (bucket.upper - bucket.lower) * fraction, false, nanSkew);
  }
  const logLower = goLog2(Math.abs(bucket.lower));
  const logUpper = goLog2(Math.abs(bucket.upper));
  if (bucket.lower > 0) return result(goExp2(logLower + (logUpper - logLower) * fraction), false, nanSkew);
  return result(-goExp2(logUpper + (logLower - logUpper) * (1 - fraction)), false, nanSkew);
}

/** A fraction estimate and whether NaN observations were left out of it. */
export interface HistogramFractionResult {
  value: number;
  /** The histogram has NaN observations, which no bucket holds (Prometheus's NativeHistogramFractionNaNsInfo). */
  nanObservations: boolean;
}

/**
 * The rank at `v` inside bucket `b` (custom buckets and the zero bucket), `rank` being the count
 * below the bucket.
 * @internal
 */
export type LinearInterpolation = (b: Bucket, v: number, rank: number) => number;

/**
 * Prometheus main's: the fraction of the width below `v` times the count. Inside a bucket with an
 * infinite bound nothing can be interpolated: a −Inf lower bound counts the whole bucket, a +Inf
 * upper bound none of it (v/Inf is 0).
 */
const linearInterpolation: LinearInterpolation = (b, v, rank) => (b.lower === -Infinity ? b.count : rank + b.count * fractionBelow(b, v, true));

/**
 * The estimated fraction of observations between `lower` and `upper`: NaN for an empty histogram
 * or a NaN bound, 0 when lower ≥ upper. Interpolation as in {@link histogramQuantile}; an
 * open-ended NHCB bucket contributes nothing of itself. `linear` replaces the linear
 * interpolation (for comparisons with older Prometheus versions; leave it out).
 */
export function histogramFraction(lower: number, upper: number, h: FloatHistogram, linear: LinearInterpolation = linearInterpolation): HistogramFractionResult {
  if (h.count === 0 || lower !== lower || upper !== upper) return { value: NaN, nanObservations: false };
  if (lower >= upper) return { value: 0, nanObservations: false };

  const custom = h.usesCustomBuckets();
  let count = 0;
  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  const it = h.allBucketIterator();
  while (it.advance()) {
    const b = it.at();
    count += b.count;
    let zeroBucket = false;
    if (b.lower <= 0 && b.upper >= 0) {
      zeroBucket = true;
      if (h.negativeBuckets.length === 0 && h.positiveBuckets.length > 0) b.lower = 0;
      else if (h.positiveBuckets.length === 0 && h.negativeBuckets.length > 0) b.upper = 0;
    }
    const interpolate = (v: number): number => (custom || zeroBucket ? linear(b, v, rank) : rank + b.count * fractionBelow(b, v, false));
    if (!lowerSet && b.lower >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && b.lower >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && b.lower < lower && b.upper > lower) {
      lowerRank = interpolate(lower);
      lowerSet = true;
    }
    if (!upperSet && b.lower < upper && b.upper > upper) {
      upperRank = interpolate(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank += b.count;
  }
  let nanObservations = false;
  if (h.sum !== h.sum) {
    // NaN observations are counted in h.count but in no bucket.
    while (it.advance()) count += it.at().count;
    if (count < h.count) nanObservations = true;
  } else {
    count = h.count;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return { value: (upperRank - lowerRank) / h.count, nanObservations };
}

/**
 * The estimated variance of the observations (histogram_stdvar; its square root is
 * histogram_stddev): every observation is taken to sit at its bucket's midpoint — the arithmetic
 * mean for custom buckets, 0 in the zero bucket, the signed geometric mean of the bounds
 * otherwise — around the mean sum/count, summed with Kahan compensation.
 */
export function histogramVariance(h: FloatHistogram): number {
  const mean = h.sum / h.count;
  const custom = h.usesCustomBuckets();
  let variance = 0;
  let c = 0;
  const it = h.allBucketIterator();
  while (it.advance()) {
    const b = it.at();
    if (b.count === 0) continue;
    let val: number;
    if (custom) val = (b.upper + b.lower) / 2;
    else if (b.lower <= 0 && b.upper >= 0) val = 0;
    else {
      val = Math.sqrt(b.upper * b.lower);
      if (b.upper < 0) val = -val;
    }
    const delta = val - mean;
    [variance, c] = kahanInc(b.count * delta * delta, variance, c);
  }
  return (variance + c) / h.count;
}

/** histogram_stddev: the square root of {@link histogramVariance}. */
export function histogramStdDev(h: FloatHistogram): number {
  return Math.sqrt(histogramVariance(h));
}
