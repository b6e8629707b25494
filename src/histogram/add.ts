// Adding and subtracting native histograms, plainly or with Kahan compensation (Prometheus's Add,
// Sub and KahanAdd): zero buckets and schemas reconciled, NHCB bounds intersected when they differ.
import { kahanInc } from '../util/kahan.js';
import { customBucketBoundsMatch, intersectCustomBucketBounds } from './bounds.js';
import { addCustomBucketsWithMismatches } from './custom-bounds.js';
import { incompatibleSchemaError } from './errors.js';
import type { FloatHistogram } from './float-histogram.js';
import { addBuckets, reduceResolution, type Side } from './span-ops.js';
import type { CounterResetHint, Span } from './types.js';
import { reconcileZeroBuckets } from './zero-bucket.js';

/** What `add` and `sub` report besides changing the receiver. */
export interface AddResult {
  /** One histogram said "counter reset", the other "no counter reset"; the hint became unknown. */
  counterResetCollision: boolean;
  /** The two NHCB histograms had different bounds; the result has the bounds both have. */
  nhcbBoundsReconciled: boolean;
}

/** What `kahanAdd` reports: {@link AddResult} and the compensation histogram to pass next time. */
export interface KahanAddResult extends AddResult {
  comp: FloatHistogram;
}

/** Adds (or with `negate` subtracts) `other` into `h`: see {@link FloatHistogram.add}. */
export function addInto(h: FloatHistogram, other: FloatHistogram, negate: boolean): AddResult {
  if (h.usesCustomBuckets() !== other.usesCustomBuckets()) throw incompatibleSchemaError();
  dropEmptySpans(h);
  const counterResetCollision = adjustCounterReset(h, other);
  let nhcbBoundsReconciled = false;
  if (!h.usesCustomBuckets()) {
    const [otherZeroCount] = reconcileZeroBuckets(h, other, undefined);
    h.zeroCount = negate ? h.zeroCount - otherZeroCount : h.zeroCount + otherZeroCount;
  }
  h.count = negate ? h.count - other.count : h.count + other.count;
  h.sum = negate ? h.sum - other.sum : h.sum + other.sum;

  if (h.usesCustomBuckets()) {
    if (customBucketBoundsMatch(h.customValues, other.customValues)) {
      addBuckets(h.schema, h.zeroThreshold, negate, side(h, true, null), other.positiveSpans, other.positiveBuckets, null);
    } else {
      nhcbBoundsReconciled = true;
      const bounds = intersectCustomBucketBounds(h.customValues, other.customValues);
      const r = addCustomBucketsWithMismatches(negate, customSide(h), customSide(other), null, bounds);
      h.positiveSpans = r.spans;
      h.positiveBuckets = r.buckets;
      h.customValues = bounds;
    }
    return { counterResetCollision, nhcbBoundsReconciled };
  }

  let oPos: { spans: readonly Span[]; buckets: readonly number[] } = { spans: other.positiveSpans, buckets: other.positiveBuckets };
  let oNeg: { spans: readonly Span[]; buckets: readonly number[] } = { spans: other.negativeSpans, buckets: other.negativeBuckets };
  if (other.schema < h.schema) {
    h.reduceResolution(other.schema);
  } else if (other.schema > h.schema) {
    oPos = reduceResolution(oPos.spans, oPos.buckets, null, other.schema, h.schema);
    oNeg = reduceResolution(oNeg.spans, oNeg.buckets, null, other.schema, h.schema);
  }
  addBuckets(h.schema, h.zeroThreshold, negate, side(h, true, null), oPos.spans, oPos.buckets, null);
  addBuckets(h.schema, h.zeroThreshold, negate, side(h, false, null), oNeg.spans, oNeg.buckets, null);
  return { counterResetCollision, nhcbBoundsReconciled };
}

/** Kahan-compensated addition of `other` into `h`: see {@link FloatHistogram.kahanAdd}. */
export function kahanAddInto(h: FloatHistogram, other: FloatHistogram, comp: FloatHistogram | undefined): KahanAddResult {
  if (h.usesCustomBuckets() !== other.usesCustomBuckets()) throw incompatibleSchemaError();
  dropEmptySpans(h);
  const counterResetCollision = adjustCounterReset(h, other);
  let nhcbBoundsReconciled = false;
  const c = comp ?? h.newCompensationHistogram();
  if (!h.usesCustomBuckets()) {
    const [otherZeroCount, otherCZeroCount] = reconcileZeroBuckets(h, other, c);
    [h.zeroCount, c.zeroCount] = kahanInc(otherZeroCount, h.zeroCount, c.zeroCount);
    [h.zeroCount, c.zeroCount] = kahanInc(otherCZeroCount, h.zeroCount, c.zeroCount);
  }
  [h.count, c.count] = kahanInc(other.count, h.count, c.count);
  [h.sum, c.sum] = kahanInc(other.sum, h.sum, c.sum);

  if (h.usesCustomBuckets()) {
    if (customBucketBoundsMatch(h.customValues, other.customValues)) {
      addBuckets(h.schema, h.zeroThreshold, false, side(h, true, c.positiveBuckets), other.positiveSpans, other.positiveBuckets, null);
    } else {
      nhcbBoundsReconciled = true;
      const bounds = intersectCustomBucketBounds(h.customValues, other.customValues);
      const r = addCustomBucketsWithMismatches(false, customSide(h), customSide(other), c.positiveBuckets, bounds);
      h.positiveSpans = r.spans;
      h.positiveBuckets = r.buckets;
      c.positiveBuckets = r.comp;
      h.customValues = bounds;
      c.customValues = bounds;
    }
    c.positiveSpans = h.positiveSpans;
    return { comp: c, counterResetCollision, nhcbBoundsReconciled };
  }

  type Merged = { spans: readonly Span[]; buckets: readonly number[]; comp: readonly number[] | null };
  let oPos: Merged = { spans: other.positiveSpans, buckets: other.positiveBuckets, comp: null };
  let oNeg: Merged = { spans: other.negativeSpans, buckets: other.negativeBuckets, comp: null };
  if (other.schema < h.schema) {
    const pos = reduceResolution(h.positiveSpans, h.positiveBuckets, c.positiveBuckets, h.schema, other.schema);
    const neg = reduceResolution(h.negativeSpans, h.negativeBuckets, c.negativeBuckets, h.schema, other.schema);
    h.positiveSpans = pos.spans;
    h.positiveBuckets = pos.buckets;
    c.positiveBuckets = pos.comp!;
    h.negativeSpans = neg.spans;
    h.negativeBuckets = neg.buckets;
    c.negativeBuckets = neg.comp!;
    h.schema = other.schema;
  } else if (other.schema > h.schema) {
    if (oPos.buckets.length > 0) oPos = reduceResolution(oPos.spans, oPos.buckets, new Array<number>(oPos.buckets.length).fill(0), other.schema, h.schema);
    if (oNeg.buckets.length > 0) oNeg = reduceResolution(oNeg.spans, oNeg.buckets, new Array<number>(oNeg.buckets.length).fill(0), other.schema, h.schema);
  }
  addBuckets(h.schema, h.zeroThreshold, false, side(h, true, c.positiveBuckets), oPos.spans, oPos.buckets, oPos.comp);
  addBuckets(h.schema, h.zeroThreshold, false, side(h, false, c.negativeBuckets), oNeg.spans, oNeg.buckets, oNeg.comp);
  c.schema = h.schema;
  c.zeroThreshold = h.zeroThreshold;
  c.positiveSpans = h.positiveSpans;
  c.negativeSpans = h.negativeSpans;
  return { comp: c, counterResetCollision, nhcbBoundsReconciled };
}

/**
 * Removes zero-length spans of the receiver (their offsets carried on), which describe no bucket.
 * Prometheus's bucket addition assumes there are none (a leading one makes it add into the wrong
 * bucket or panic); histograms that have none are not changed.
 */
function dropEmptySpans(h: FloatHistogram): void {
  dropEmptySpansOf(h.positiveSpans);
  dropEmptySpansOf(h.negativeSpans);
}

/** {@link dropEmptySpans} for one side's spans, in place. */
function dropEmptySpansOf(spans: Span[]): void {
  let empty = false;
  for (let i = 0; i < spans.length && !empty; i++) empty = spans[i].length === 0;
  if (!empty) return;
  let carry = 0;
  let n = 0;
  for (const s of spans) {
    if (s.length === 0) {
      carry += s.offset;
      continue;
    }
    spans[n++] = carry === 0 ? s : { offset: s.offset + carry, length: s.length };
    carry = 0;
  }
  spans.length = n;
}

/**
 * Sets the hint for a sum or difference: equal hints stay, a gauge wins, then unknown; "reset"
 * with "not reset" is a collision (result unknown, returns true).
 * @internal
 */
export function adjustCounterReset(h: { counterResetHint: CounterResetHint }, other: { readonly counterResetHint: CounterResetHint }): boolean {
  const a = h.counterResetHint;
  const b = other.counterResetHint;
  if (a === b || a === 'gauge') return false;
  if (b === 'gauge') {
    h.counterResetHint = 'gauge';
    return false;
  }
  if (a === 'unknown') return false;
  h.counterResetHint = 'unknown';
  return b !== 'unknown';
}

/** One side of `h` for the span operations, with `comp` as its compensation. */
function side(h: FloatHistogram, positive: boolean, comp: number[] | null): Side {
  return positive
    ? { spans: h.positiveSpans, buckets: h.positiveBuckets, comp }
    : { spans: h.negativeSpans, buckets: h.negativeBuckets, comp };
}

/** The positive side of an NHCB histogram with its bounds. */
function customSide(h: FloatHistogram): { spans: Span[]; buckets: number[]; bounds: number[] | undefined } {
  return { spans: h.positiveSpans, buckets: h.positiveBuckets, bounds: h.customValues };
}
