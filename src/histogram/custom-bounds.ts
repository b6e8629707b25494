// Custom-bucket (NHCB) histograms whose bounds differ: adding them on the bounds both have, and
// detecting a counter reset between them (Prometheus main reconciles mismatched bounds).
import { kahanInc } from '../util/kahan.js';
import type { Span } from './types.js';
import type { BucketIterator } from './iterators.js';
import type { Bucket } from './bounds.js';

/** One NHCB side: spans, buckets and bounds. */
export interface CustomSide {
  spans: readonly Span[];
  buckets: readonly number[];
  bounds: readonly number[] | undefined;
}

/**
 * Maps A and B (B negated when `negate`) onto `intersected` bounds and adds them, each bucket
 * going to the first intersected bound ≥ its own upper bound (+Inf when none), all as Kahan sums;
 * `compA` holds A's compensation terms, added in too when given. Buckets that end up zero (with
 * zero compensation) are left out. Returns the new spans, buckets and compensation buckets
 * (Prometheus's addCustomBucketsWithMismatches).
 */
export function addCustomBucketsWithMismatches(
  negate: boolean, a: CustomSide, b: CustomSide, compA: readonly number[] | null,
  intersected: readonly number[] | undefined,
): { spans: Span[]; buckets: number[]; comp: number[] } {
  const inter = intersected ?? [];
  const target = new Array<number>(inter.length + 1).fill(0);
  const cTarget = new Array<number>(inter.length + 1).fill(0);

  const map = (side: CustomSide, neg: boolean, comp: readonly number[] | null): void => {
    const bounds = side.bounds ?? [];
    let srcIdx = 0;
    let bucketIdx = 0;
    let interIdx = 0;
    for (const span of side.spans) {
      srcIdx += span.offset;
      for (let k = 0; k < span.length; k++) {
        if (bucketIdx < side.buckets.length) {
          const value = side.buckets[bucketIdx];
          let t = target.length - 1;
          if (srcIdx < bounds.length) {
            const srcBound = bounds[srcIdx];
            // Both lists are sorted, so the search goes on where it stopped.
            while (interIdx < inter.length) {
              if (inter[interIdx] >= srcBound) {
                t = interIdx;
                break;
              }
              interIdx++;
            }
          }
          [target[t], cTarget[t]] = kahanInc(neg ? -value : value, target[t], cTarget[t]);
          if (!neg && comp !== null) [target[t], cTarget[t]] = kahanInc(comp[bucketIdx], target[t], cTarget[t]);
        }
        srcIdx++;
        bucketIdx++;
      }
    }
  };
  map(a, false, compA);
  map(b, negate, null);

  const spans: Span[] = [];
  const buckets: number[] = [];
  const comp: number[] = [];
  let lastIdx = -1;
  for (let i = 0; i < target.length; i++) {
    if (target[i] === 0 && cTarget[i] === 0) continue;
    buckets.push(target[i]);
    comp.push(cTarget[i]);
    if (spans.length > 0 && i === lastIdx + 1) {
      const last = spans[spans.length - 1];
      spans[spans.length - 1] = { offset: last.offset, length: last.length + 1 };
    } else {
      spans.push({ offset: spans.length > 0 ? i - lastIdx - 1 : i, length: 1 });
    }
    lastIdx = i;
  }
  return { spans, buckets, comp };
}

/**
 * Whether some count decreased from `prev` to `curr`, two NHCB bucket iterators over different
 * bounds: at each bound both lists have, the counts of the buckets up to that bound not yet
 * compared are summed and compared (Prometheus's detectResetWithMismatchedCustomBounds).
 */
export function detectResetWithMismatchedBounds(
  curr: BucketIterator, currBounds: readonly number[], prev: BucketIterator, prevBounds: readonly number[],
): boolean {
  interface Cursor { it: BucketIterator; started: boolean; hasMore: boolean; bucket: Bucket | undefined }
  const rollup = (c: Cursor, bound: number): number => {
    if (!c.started) {
      c.started = true;
      if (!c.it.advance()) {
        c.hasMore = false;
        return 0;
      }
      c.bucket = c.it.at();
    }
    let sum = 0;
    while (c.bucket!.upper <= bound) {
      sum += c.bucket!.count;
      if (!c.it.advance()) {
        c.hasMore = false;
        return sum;
      }
      c.bucket = c.it.at();
    }
    c.hasMore = true;
    return sum;
  };
  const cc: Cursor = { it: curr, started: false, hasMore: false, bucket: undefined };
  const pc: Cursor = { it: prev, started: false, hasMore: false, bucket: undefined };
  let ci = 0;
  let pi = 0;
  while (ci <= currBounds.length && pi <= prevBounds.length) {
    const cb = ci < currBounds.length ? currBounds[ci] : Infinity;
    const pb = pi < prevBounds.length ? prevBounds[pi] : Infinity;
    if (cb === pb) {
      const currSum = !cc.started || cc.hasMore ? rollup(cc, cb) : 0;
      const prevSum = !pc.started || pc.hasMore ? rollup(pc, cb) : 0;
      if (currSum < prevSum) return true;
      ci++;
      pi++;
    } else if (cb < pb) {
      ci++;
    } else {
      pi++;
    }
  }
  return false;
}
