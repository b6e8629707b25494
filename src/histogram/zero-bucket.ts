// Reconciling zero buckets of different widths before two exponential histograms are combined:
// widening a zero bucket takes in the buckets it then covers.
import { kahanInc } from '../util/kahan.js';
import { HistogramError } from './errors.js';
import type { FloatHistogram } from './float-histogram.js';

/**
 * The zero count `h` would have with the larger (or equal) zero threshold `largerThreshold`, and
 * the threshold actually needed: when it falls inside a populated bucket it grows to that bucket's
 * bound. With `c` (a Kahan compensation histogram of `h`) its terms are summed in too. Returns
 * [zero count, threshold, compensation of the zero count] (Prometheus's zeroCountForLargerThreshold).
 */
export function zeroCountForLargerThreshold(
  h: FloatHistogram, largerThreshold: number, c: FloatHistogram | undefined,
): [number, number, number] {
  // Prometheus compatibility: the compensation is not reset when the search restarts below.
  let cZeroCount = c ? c.zeroCount : 0;
  if (largerThreshold === h.zeroThreshold) return [h.zeroCount, largerThreshold, cZeroCount];
  if (largerThreshold < h.zeroThreshold) {
    throw new HistogramError('schema-change', `new threshold ${largerThreshold} is less than old threshold ${h.zeroThreshold}`);
  }
  outer: for (;;) {
    let hZeroCount = h.zeroCount;
    let it = h.positiveBucketIterator();
    let idx = 0;
    while (it.advance()) {
      const b = it.at();
      if (b.lower >= largerThreshold) break;
      [hZeroCount, cZeroCount] = kahanInc(b.count, hZeroCount, cZeroCount);
      if (c) [hZeroCount, cZeroCount] = kahanInc(c.positiveBuckets[idx], hZeroCount, cZeroCount);
      if (b.upper > largerThreshold) {
        // The threshold is inside this bucket: if it is populated, the threshold moves to its bound.
        if (b.count !== 0) largerThreshold = b.upper;
        break;
      }
      idx++;
    }
    it = h.negativeBucketIterator();
    idx = 0;
    while (it.advance()) {
      const b = it.at();
      if (b.upper <= -largerThreshold) break;
      [hZeroCount, cZeroCount] = kahanInc(b.count, hZeroCount, cZeroCount);
      if (c) [hZeroCount, cZeroCount] = kahanInc(c.negativeBuckets[idx], hZeroCount, cZeroCount);
      if (b.lower < -largerThreshold) {
        // Inside a populated negative bucket the threshold grows, and the positive side is redone.
        if (b.count !== 0) {
          largerThreshold = -b.lower;
          continue outer;
        }
        break;
      }
      idx++;
    }
    return [hZeroCount, largerThreshold, cZeroCount];
  }
}

/**
 * Empties and removes the buckets of `h` (and of its compensation `c`) inside its zero bucket,
 * whose counts are already in the zero count.
 */
export function trimBucketsInZeroBucket(h: FloatHistogram, c: FloatHistogram | undefined): void {
  let it = h.positiveBucketIterator();
  let idx = 0;
  while (it.advance()) {
    if (it.at().lower >= h.zeroThreshold) break;
    h.positiveBuckets[idx] = 0;
    if (c) c.positiveBuckets[idx] = 0;
    idx++;
  }
  it = h.negativeBucketIterator();
  idx = 0;
  while (it.advance()) {
    if (it.at().upper <= -h.zeroThreshold) break;
    h.negativeBuckets[idx] = 0;
    if (c) c.negativeBuckets[idx] = 0;
    idx++;
  }
  h.compactWith(0, c);
}

/**
 * Widens the zero bucket of `h` (and `c`) until it also covers `other`'s, with a threshold inside
 * no populated bucket of either; `other` is left as it is. Returns the zero count `other` would
 * have with that threshold and its compensation term (Prometheus's reconcileZeroBuckets).
 */
export function reconcileZeroBuckets(h: FloatHistogram, other: FloatHistogram, c: FloatHistogram | undefined): [number, number] {
  let otherZeroCount = other.zeroCount;
  let otherZeroThreshold = other.zeroThreshold;
  let otherCZeroCount = 0;
  // Thresholds that are NaN never become equal; Prometheus would loop for ever.
  while (otherZeroThreshold !== h.zeroThreshold && otherZeroThreshold === otherZeroThreshold && h.zeroThreshold === h.zeroThreshold) {
    if (h.zeroThreshold > otherZeroThreshold) {
      [otherZeroCount, otherZeroThreshold, otherCZeroCount] = zeroCountForLargerThreshold(other, h.zeroThreshold, undefined);
    }
    if (otherZeroThreshold > h.zeroThreshold) {
      const [zc, zt, czc] = zeroCountForLargerThreshold(h, otherZeroThreshold, c);
      h.zeroCount = zc;
      h.zeroThreshold = zt;
      if (c) c.zeroCount = czc;
      trimBucketsInZeroBucket(h, c);
    }
  }
  return [otherZeroCount, otherCZeroCount];
}
