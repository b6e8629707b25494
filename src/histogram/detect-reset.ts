// Counter-reset detection between two consecutive histogram samples (Prometheus's DetectReset).
import { customBucketBoundsMatch, getBoundExponential } from './bounds.js';
import { detectResetWithMismatchedBounds } from './custom-bounds.js';
import type { FloatHistogram } from './float-histogram.js';
import type { ForwardBucketIterator } from './iterators.js';
import { sameSpans } from './span-ops.js';
import { CUSTOM_BUCKETS_SCHEMA, type Span } from './types.js';
import { zeroCountForLargerThreshold } from './zero-bucket.js';

/**
 * Whether `h`, following `previous`, shows a counter reset. The hints "reset" and "not_reset" are
 * trusted; otherwise (unknown, and gauge, which PromQL then treats as a counter) the counts decide:
 * a lower count, a higher schema, a smaller zero threshold, a threshold inside a populated bucket
 * of `previous`, a lower zero count, or any bucket lower or gone (compared in the lower schema).
 * NHCB histograms with other bounds compare the buckets up to each bound both have.
 */
export function detectReset(h: FloatHistogram, previous: FloatHistogram): boolean {
  if (h.counterResetHint === 'reset') return true;
  if (h.counterResetHint === 'not_reset') return false;
  if (h.count < previous.count) return true;
  if (h.usesCustomBuckets()) {
    if (!previous.usesCustomBuckets()) return true;
    if (!customBucketBoundsMatch(h.customValues, previous.customValues)) {
      return detectResetWithMismatchedBounds(
        h.mergedBucketIterator(true, 0, CUSTOM_BUCKETS_SCHEMA), h.customValues ?? [],
        previous.mergedBucketIterator(true, 0, CUSTOM_BUCKETS_SCHEMA), previous.customValues ?? [],
      );
    }
  }
  if (h.schema > previous.schema) return true;
  if (h.zeroThreshold < previous.zeroThreshold) return true;
  const [previousZeroCount, newThreshold] = zeroCountForLargerThreshold(previous, h.zeroThreshold, undefined);
  // The zero threshold lies inside a populated bucket of the previous histogram.
  if (newThreshold !== h.zeroThreshold) return true;
  if (h.zeroCount < previousZeroCount) return true;
  if (h.schema === previous.schema && h.zeroThreshold === previous.zeroThreshold &&
      sameLayout(h.positiveSpans, previous.positiveSpans, h) && sameLayout(h.negativeSpans, previous.negativeSpans, h) &&
      h.positiveBuckets.length === previous.positiveBuckets.length && h.negativeBuckets.length === previous.negativeBuckets.length) {
    // Fast path, the common case: the same layout with no bucket inside the zero bucket (which the
    // iterators would skip), so bucket i meets bucket i. NaN is no decrease.
    return lower(h.positiveBuckets, previous.positiveBuckets) || lower(h.negativeBuckets, previous.negativeBuckets);
  }
  if (bucketsReset(h.mergedBucketIterator(true, h.zeroThreshold, h.schema), previous.mergedBucketIterator(true, h.zeroThreshold, h.schema))) return true;
  return bucketsReset(h.mergedBucketIterator(false, h.zeroThreshold, h.schema), previous.mergedBucketIterator(false, h.zeroThreshold, h.schema));
}

/** Whether a populated bucket of `prev` is missing from `curr` or has a higher count there. */
function bucketsReset(curr: ForwardBucketIterator, prev: ForwardBucketIterator): boolean {
  const restPopulated = (): boolean => {
    do {
      if (prev.currCount !== 0) return true;
    } while (prev.advance());
    return false;
  };
  if (!prev.advance()) return false;
  if (!curr.advance()) return restPopulated();
  for (;;) {
    while (curr.currIdx < prev.currIdx) {
      if (!curr.advance()) return restPopulated();
    }
    if (curr.currIdx > prev.currIdx) {
      if (prev.currCount !== 0) return true;
    } else if (curr.currCount < prev.currCount) {
      return true;
    }
    if (!prev.advance()) return false;
  }
}

function sameLayout(a: readonly Span[], b: readonly Span[], h: FloatHistogram): boolean {
  if (a.length === 0) return b.length === 0;
  return sameSpans(a, b) && (h.usesCustomBuckets() || getBoundExponential(a[0].offset, h.schema) > h.zeroThreshold);
}

function lower(curr: readonly number[], prev: readonly number[]): boolean {
  for (let i = 0; i < curr.length; i++) if (curr[i] < prev[i]) return true;
  return false;
}
