// Walking every bucket of a histogram: counts read as the walk goes (currCount) and a bucket built
// only when asked for (at()) give what building each bucket in turn gives, and after the end at()
// still answers the last bucket (histogram_quantile relies on both).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { customArb, exponentialArb } from './helpers.js';
import type { Bucket } from '../../src/histogram/bounds.js';
import type { FloatHistogram } from '../../src/histogram/float-histogram.js';

const histogram = fc.oneof(exponentialArb(), exponentialArb({ zeroThresholds: [0, 0.001, 0.5] }), customArb([0.1, 1, 10]));

function eager(h: FloatHistogram, reverse: boolean): Bucket[] {
  return [...(reverse ? h.allReverseBucketIterator() : h.allBucketIterator())].map((b) => ({ ...b }));
}

describe('AllBucketIterator', () => {
  test('counts as it walks and builds the buckets asked for, the last one also after the end', () => {
    fc.assert(fc.property(histogram, fc.boolean(), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (h, reverse, ask) => {
      const all = eager(h, reverse);
      const it = reverse ? h.allReverseBucketIterator() : h.allBucketIterator();
      let k = 0;
      while (it.advance()) {
        expect(it.currCount).toBe(all[k].count);
        if (ask[k % ask.length]) {
          expect(it.at()).toEqual(all[k]);
          // Asked twice: the same bucket.
          expect(it.at()).toBe(it.at());
        }
        k++;
      }
      expect(k).toBe(all.length);
      if (k > 0) expect(it.at()).toEqual(all[k - 1]);
    }), { numRuns: 500 });
  });
});
