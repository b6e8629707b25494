// Bucket layout: iterators (bounds, order, zero-bucket clipping), compaction, validation,
// equality and Prometheus's String() form.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import { formatBucket } from '../../src/histogram/format.js';
import { exponentialArb, fh, populated } from './helpers.js';

const show = (it: Iterable<{ lower: number; upper: number; lowerInclusive: boolean; upperInclusive: boolean; count: number }>) => [...it].map(formatBucket);

describe('bucket iterators', () => {
  const h = () => fh({ zeroThreshold: 0.7, zeroCount: 5, positiveSpans: [[0, 2], [2, 1]], buckets: [1, 2, 3], nOffset: 1, nBuckets: [4] });

  test('positive buckets upwards, negative downwards, with bounds and indexes', () => {
    expect(show(h().positiveBucketIterator())).toEqual(['(0.5,1]:1', '(1,2]:2', '(8,16]:3']);
    expect([...h().positiveBucketIterator()].map((b) => b.index)).toEqual([0, 1, 4]);
    expect(show(h().negativeBucketIterator())).toEqual(['[-2,-1):4']);
    expect(show(h().positiveReverseBucketIterator())).toEqual(['(8,16]:3', '(1,2]:2', '(0.5,1]:1']);
  });

  test('all buckets in order, the zero bucket between, bounds clipped to the zero threshold', () => {
    expect(show(h().allBucketIterator())).toEqual(['[-2,-1):4', '[-0.7,0.7]:5', '(0.7,1]:1', '(1,2]:2', '(8,16]:3']);
    expect(show(h().allReverseBucketIterator())).toEqual(['(8,16]:3', '(1,2]:2', '(0.7,1]:1', '[-0.7,0.7]:5', '[-2,-1):4']);
  });

  test('an empty zero bucket is left out', () => {
    expect(show(fh({ zeroThreshold: 0.1, buckets: [1] }).allBucketIterator())).toEqual(['(0.5,1]:1']);
  });

  test('custom buckets: closed on the right, the first one from −Inf', () => {
    const c = fh({ schema: -53, customValues: [0, 5], buckets: [1, 2, 3] });
    expect(show(c.positiveBucketIterator())).toEqual(['[-Inf,0]:1', '(0,5]:2', '(5,+Inf]:3']);
    expect(show(c.allReverseBucketIterator())).toEqual(['(5,+Inf]:3', '(0,5]:2', '[-Inf,0]:1']);
  });

  test('iteration can stop and go on where it stopped', () => {
    const it = h().allBucketIterator();
    for (const b of it) if (b.count === 5) break;
    expect(show(it)).toEqual(['(0.7,1]:1', '(1,2]:2', '(8,16]:3']);
  });

  test('reverse is forward backwards; all is negative reversed, zero, positive', () => {
    fc.assert(fc.property(exponentialArb(), (x) => {
      expect(show(x.positiveReverseBucketIterator())).toEqual(show(x.positiveBucketIterator()).reverse());
      expect(show(x.negativeReverseBucketIterator())).toEqual(show(x.negativeBucketIterator()).reverse());
      const all = [...x.allBucketIterator()];
      expect(all.length).toBe(x.positiveBuckets.length + x.negativeBuckets.length + (x.zeroCount > 0 ? 1 : 0));
      expect(all.reduce((s, b) => s + b.count, 0)).toBe(x.count);
      expect(show(x.allReverseBucketIterator())).toEqual(all.map(formatBucket).reverse());
    }));
  });

  test('a merged iterator sums buckets into the lower schema', () => {
    const x = fh({ schema: 2, buckets: [1, 2, 3, 4, 5], offset: -1 });
    // Schema 2 buckets −1 and 0 lie in (0.5,1], buckets 1…3 in (1,2].
    expect(show(x.mergedBucketIterator(true, 0, 0))).toEqual(['(0.5,1]:3', '(1,2]:12']);
    // Buckets whose upper bound is at most the start value are skipped.
    expect(show(x.mergedBucketIterator(true, 1, 0))).toEqual(['(1,2]:12']);
  });
});

describe('compact', () => {
  test.each([
    // [spans, buckets, maxEmptyBuckets, spans after, buckets after]
    [[[0, 6]], [0, 1, 0, 0, 2, 0], 0, [[1, 1], [2, 1]], [1, 2]],
    [[[0, 6]], [0, 1, 0, 0, 2, 0], 1, [[1, 1], [2, 1]], [1, 2]],
    [[[0, 6]], [0, 1, 0, 0, 2, 0], 2, [[1, 4]], [1, 0, 0, 2]],
    [[[0, 2], [1, 2]], [1, 2, 3, 4], 1, [[0, 5]], [1, 2, 0, 3, 4]],
    [[[0, 2], [1, 2]], [1, 2, 3, 4], 0, [[0, 2], [1, 2]], [1, 2, 3, 4]],
    [[[1, 0], [2, 2]], [1, 1], 0, [[3, 2]], [1, 1]],
    [[[-3, 2], [0, 2]], [1, 2, 3, 4], 0, [[-3, 4]], [1, 2, 3, 4]],
    [[[0, 3]], [0, 0, 0], 0, [], []],
  ] as [[number, number][], number[], number, [number, number][], number[]][])('%j %j with %i empty allowed', (spans, buckets, max, wantSpans, wantBuckets) => {
    const h = fh({ positiveSpans: spans, buckets }).compact(max);
    expect(h.positiveSpans.map((s) => [s.offset, s.length])).toEqual(wantSpans);
    expect(h.positiveBuckets).toEqual(wantBuckets);
  });

  test('keeps every populated bucket where it was, and leaves no empty bucket at a span end', () => {
    fc.assert(fc.property(exponentialArb(), fc.integer({ min: 0, max: 3 }), (h, max) => {
      const c = h.copy().compact(max);
      expect(populated(c)).toEqual(populated(h));
      expect(populated(c, false)).toEqual(populated(h, false));
      expect(c.validate()).toBeUndefined();
      for (const [spans, buckets] of [[c.positiveSpans, c.positiveBuckets], [c.negativeSpans, c.negativeBuckets]] as const) {
        let i = 0;
        spans.forEach((s, k) => {
          expect(s.length).toBeGreaterThan(0);
          if (k > 0) expect(s.offset).toBeGreaterThan(max);
          expect(buckets[i]).not.toBe(0);
          expect(buckets[i + s.length - 1]).not.toBe(0);
          i += s.length;
        });
      }
    }));
  });
});

describe('validate', () => {
  test.each([
    ['a valid histogram', fh({ buckets: [1, 2], nBuckets: [3], zeroCount: 1 }), undefined, ''],
    ['spans and buckets that disagree', new FloatHistogram({ positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [1] }), 'spans-buckets-mismatch', 'positive side: spans need 2 buckets, have 1 buckets: histogram spans specify different number of buckets than provided'],
    ['a negative span offset after the first', fh({ positiveSpans: [[0, 1], [-1, 1]], buckets: [1, 1] }), 'negative-span-offset', 'positive side: span number 2 with offset -1: histogram has a span whose offset is negative'],
    ['a negative bucket', fh({ nBuckets: [1, -2] }), 'negative-bucket-count', 'negative side: bucket number 2 has observation count of -2: histogram has a bucket whose observation count is negative'],
    ['a negative zero count', fh({ zeroCount: -1, count: 0 }), 'negative-bucket-count', 'zero bucket has observation count of -1: histogram has a bucket whose observation count is negative'],
    ['a negative count', fh({ count: -1 }), 'negative-count', "observation count is  -1: histogram's observation count is negative"],
    ['schema 9', fh({ schema: 9 }), 'invalid-schema', 'histogram has an invalid schema, which must be between -4 and 8 for exponential buckets, or -53 for custom buckets, got schema 9'],
    ['custom bounds not increasing', fh({ schema: -53, customValues: [1, 1], buckets: [1] }), 'custom-bounds', 'custom buckets: previous bound is 1.000000 and current is 1.000000: histogram custom bounds must be in strictly increasing order'],
    ['too few custom bounds', fh({ schema: -53, customValues: [1], buckets: [1, 1, 1] }), 'custom-bounds', 'custom buckets: only 1 custom bounds defined which is insufficient to cover total span length of 3: histogram custom bounds are too few'],
    ['custom buckets with a zero count', fh({ schema: -53, customValues: [1], zeroCount: 1 }), 'custom-buckets-fields', 'custom buckets: must have zero count of 0'],
    ['custom bounds on an exponential histogram', fh({ customValues: [1] }), 'custom-buckets-fields', 'histogram with exponential schema must not have custom bounds'],
  ])('%s', (_name, h, kind, message) => {
    const e = h.validate();
    expect(e?.kind).toBe(kind);
    if (e) expect(e.message).toBe(message);
  });
});

describe('equals, size, hasOverflow, string', () => {
  test('counts compare by bit pattern, spans without zero-length ones, the hint not at all', () => {
    const a = fh({ sum: NaN, buckets: [1, 2], counterResetHint: 'reset' });
    expect(a.equals(fh({ sum: NaN, buckets: [1, 2] }))).toBe(true);
    expect(a.equals(fh({ sum: NaN, positiveSpans: [[0, 0], [0, 2]], buckets: [1, 2] }))).toBe(true);
    expect(a.equals(fh({ sum: NaN, positiveSpans: [[0, 1], [0, 1]], buckets: [1, 2] }))).toBe(false);
    expect(a.equals(fh({ sum: 0, buckets: [1, 2] }))).toBe(false);
    expect(fh({ sum: 0 }).equals(fh({ sum: -0 }))).toBe(false);
    expect(fh({ schema: -53, customValues: [1], buckets: [1] }).equals(fh({ schema: -53, customValues: [2], buckets: [1] }))).toBe(false);
    expect(a.equals(undefined)).toBe(false);
  });

  test('size counts 168 bytes plus 8 per span, bucket and bound', () => {
    expect(fh({ buckets: [1, 2], nBuckets: [3] }).size()).toBe(168 + 8 * 5);
  });

  test('hasOverflow sees an infinite count, sum or bucket', () => {
    expect(fh({ buckets: [1] }).hasOverflow()).toBe(false);
    expect(fh({ buckets: [Infinity] }).hasOverflow()).toBe(true);
    expect(fh({ sum: -Infinity }).hasOverflow()).toBe(true);
    expect(fh({ sum: NaN }).hasOverflow()).toBe(false);
  });

  test('string lists the populated buckets in ascending order', () => {
    expect(fh({ sum: 5, buckets: [1, 2, 1] }).string()).toBe('{count:4, sum:5, (0.5,1]:1, (1,2]:2, (2,4]:1}');
    expect(fh({ sum: 1e6, zeroCount: 2, zeroThreshold: 0.001, nBuckets: [0, 3] }).toString()).toBe('{count:5, sum:1e+06, [-2,-1):3, [-0.001,0.001]:2}');
  });
});
