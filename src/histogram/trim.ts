// The trim operators `h </ x` and `h >/ x`: keep the observations below (above) x, interpolating
// inside the bucket that holds x, and re-estimate count and sum (Prometheus's TrimBuckets).
import { fractionBelow, type Bucket } from './bounds.js';
import type { FloatHistogram } from './float-histogram.js';

/** A representative value of the surviving interval [lower, upper]: arithmetic or (signed) geometric mean. */
function midpoint(lower: number, upper: number, positive: boolean, linear: boolean): number {
  const lowerInf = lower === Infinity || lower === -Infinity;
  const upperInf = upper === Infinity || upper === -Infinity;
  if (lowerInf) {
    if (upperInf) return 0;
    return upper > 0 ? upper / 2 : upper;
  }
  if (upperInf) return lower;
  if (linear) return (lower + upper) / 2;
  const geo = Math.sqrt(Math.abs(lower * upper));
  return positive ? geo : -geo;
}

const zeroIfInf = (x: number): number => (x === Infinity || x === -Infinity ? 0 : x);

/** Kept count and midpoint for a bucket with an infinite bound. */
function trimInfiniteBucket(upperTrim: boolean, b: Bucket, rhs: number): [number, number] {
  if (b.lower === -Infinity) {
    if (upperTrim) {
      if (rhs >= b.upper) return [b.count, 0];
      // A finite positive upper bound (NHCB only): the lower bound is taken as 0.
      if (rhs > 0 && b.upper > 0 && b.upper !== Infinity) return [b.count * rhs / b.upper, rhs / 2];
      if (b.upper <= 0) return [b.count, rhs];
      return [0, zeroIfInf(b.upper)];
    }
    if (rhs <= b.lower) return [b.count, 0];
    if (rhs >= 0 && b.upper > rhs && b.upper !== Infinity) return [b.count * (1 - rhs / b.upper), (rhs + b.upper) / 2];
    return [0, zeroIfInf(b.upper)];
  }
  // Upper bound +Inf: how the observations spread is unknown, so the bucket is kept or dropped whole.
  if (upperTrim) return [0, zeroIfInf(b.lower)];
  if (rhs >= b.lower) return [b.count, rhs];
  return [0, zeroIfInf(b.lower)];
}

/** Kept count and midpoint for a bucket holding `rhs`. */
function trimBucket(b: Bucket, rhs: number, upperTrim: boolean, positive: boolean, linear: boolean): [number, number] {
  if (b.lower === -Infinity || b.upper === Infinity) return trimInfiniteBucket(upperTrim, b, rhs);
  const under = rhs <= b.lower ? 0 : rhs >= b.upper ? b.count : b.count * fractionBelow(b, rhs, linear);
  if (upperTrim) return [under, midpoint(b.lower, rhs, positive, linear)];
  return [b.count - under, midpoint(rhs, b.upper, positive, linear)];
}

/** Kept count and midpoint of the zero bucket; it is taken as one-sided when only one side has buckets. */
function trimZeroBucket(zero: Bucket, rhs: number, hasNegative: boolean, hasPositive: boolean, upperTrim: boolean): [number, number] {
  let { lower, upper } = zero;
  if (hasNegative && !hasPositive) upper = 0;
  if (hasPositive && !hasNegative) lower = 0;
  if (upperTrim) {
    if (rhs <= lower) return [0, 0];
    if (rhs >= upper) return [zero.count, (lower + upper) / 2];
    return [zero.count * ((rhs - lower) / (upper - lower)), (lower + rhs) / 2];
  }
  if (rhs <= lower) return [zero.count, (lower + upper) / 2];
  if (rhs >= upper) return [0, 0];
  return [zero.count * ((upper - rhs) / (upper - lower)), (rhs + upper) / 2];
}

/** Trims `h` in place: see {@link FloatHistogram.trimBuckets}. */
export function trimBuckets(h: FloatHistogram, rhs: number, upperTrim: boolean): void {
  let count = 0;
  let sum = 0;
  let trimmed = false;
  const linear = h.usesCustomBuckets();
  let hasPositive = false;
  let hasNegative = false;

  const side = (positive: boolean): void => {
    const buckets = positive ? h.positiveBuckets : h.negativeBuckets;
    const it = positive ? h.positiveBucketIterator() : h.negativeBucketIterator();
    for (let i = 0; it.advance(); i++) {
      const b = it.at();
      if (b.count === 0) continue;
      if (positive) hasPositive = true;
      else hasNegative = true;
      const keepAll = upperTrim ? b.upper <= rhs : b.lower >= rhs;
      const partly = upperTrim ? b.lower < rhs : b.upper > rhs;
      if (keepAll) {
        count += b.count;
        sum += midpoint(b.lower, b.upper, positive, linear) * b.count;
      } else if (partly) {
        const [keep, mid] = trimBucket(b, rhs, upperTrim, positive, linear);
        count += keep;
        sum += mid * keep;
        if (buckets[i] !== keep) {
          buckets[i] = keep;
          trimmed = true;
        }
      } else {
        buckets[i] = 0;
        trimmed = true;
      }
    }
  };
  side(true);
  side(false);

  if (h.zeroCount > 0) {
    const [keep, mid] = trimZeroBucket(h.zeroBucket(), rhs, hasNegative, hasPositive, upperTrim);
    if (h.zeroCount !== keep) {
      h.zeroCount = keep;
      trimmed = true;
    }
    sum += mid * keep;
    count += keep;
  }
  // Count and sum are only re-estimated when some bucket was (partly) trimmed.
  if (trimmed) {
    h.count = count;
    h.sum = sum;
    h.compact(0);
  }
}
