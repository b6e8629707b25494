// Counter-reset detection between consecutive samples, and the trim operators `</` and `>/`.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { exponentialArb, fh, type Short } from './helpers.js';

describe('detectReset', () => {
  const prev: Short = { zeroThreshold: 0.01, zeroCount: 2, buckets: [1, 2, 3], offset: 0, nBuckets: [4], nOffset: 1 };
  test.each([
    ['the same counts', {}, false],
    ['higher counts', { zeroCount: 3, buckets: [1, 3, 3] }, false],
    ['a new bucket', { buckets: [1, 2, 3, 1] }, false],
    ['a lower bucket', { buckets: [1, 1, 3], count: 10 }, true],
    ['a lower negative bucket', { nBuckets: [3], count: 10 }, true],
    ['a lower zero count', { zeroCount: 1, count: 10 }, true],
    ['a lower count, buckets alike', { count: 5 }, true],
    ['a populated bucket gone', { buckets: [1, 2], offset: 0, count: 12 }, true],
    ['an empty bucket gone', {}, false],
    ['a higher schema', { schema: 1, buckets: [1, 2, 3, 0, 0], count: 20 }, true],
    ['a smaller zero threshold', { zeroThreshold: 0.001 }, true],
    // A zero threshold of 1 takes (0.5,1] (1) into the zero count: 2 + 1.
    ['a larger zero threshold, the zero count grown by the buckets it covers', { zeroThreshold: 1, zeroCount: 3, buckets: [2, 3], offset: 1 }, false],
    ['a larger zero threshold, the zero count grown too little', { zeroThreshold: 1, zeroCount: 2, buckets: [2, 3], offset: 1, count: 20 }, true],
    ['a zero threshold inside a populated bucket', { zeroThreshold: 0.7, zeroCount: 3, buckets: [2, 3], offset: 1 }, true],
    ['the hint "reset" with higher counts', { counterResetHint: 'reset', buckets: [2, 3, 4] }, true],
    ['the hint "not_reset" with lower counts', { counterResetHint: 'not_reset', buckets: [0, 0, 0] }, false],
    ['a gauge treated as a counter', { counterResetHint: 'gauge', buckets: [0, 0, 3], count: 20 }, true],
  ] as [string, Short, boolean][])('%s', (_name, change, want) => {
    const previous = fh(prev);
    const current = fh({ ...prev, ...change });
    if (change.count === undefined) current.count = Math.max(current.count, previous.count);
    expect(current.detectReset(previous)).toBe(want);
  });

  test('a lower schema compares the merged buckets', () => {
    const previous = fh({ schema: 1, buckets: [1, 1, 1, 1] }); // schema 0: 1, 2, 1
    expect(fh({ schema: 0, buckets: [1, 2, 1] }).detectReset(previous)).toBe(false);
    expect(fh({ schema: 0, buckets: [1, 1, 2] }).detectReset(previous)).toBe(true);
  });

  test('NHCB: other bounds compare the buckets up to each common bound; exponential after NHCB is a reset', () => {
    const previous = fh({ schema: -53, customValues: [1, 2, 4], buckets: [1, 1, 1, 1] });
    expect(fh({ schema: -53, customValues: [2, 4], buckets: [2, 1, 1] }).detectReset(previous)).toBe(false);
    expect(fh({ schema: -53, customValues: [2, 4], buckets: [1, 1, 2] }).detectReset(previous)).toBe(true);
    expect(fh({ schema: -53, customValues: [2, 4], buckets: [3, 1, 0] }).detectReset(previous)).toBe(true);
    expect(fh({ schema: -53, customValues: [1, 2, 4], buckets: [1, 1, 1, 1] }).detectReset(fh({ buckets: [4] }))).toBe(true);
    expect(fh({ buckets: [4] }).detectReset(previous)).toBe(true);
  });

  test('growing never looks like a reset, shrinking always does', () => {
    fc.assert(fc.property(exponentialArb({ zeroThreshold: 0 }), exponentialArb({ zeroThreshold: 0 }), (h, g) => {
      h.counterResetHint = 'unknown';
      g.counterResetHint = 'unknown';
      g.schema = h.schema;
      const grown = h.copy();
      grown.add(g);
      grown.counterResetHint = 'unknown';
      expect(grown.detectReset(h)).toBe(false);
      if (g.count > 0) expect(h.detectReset(grown)).toBe(true);
    }));
  });
});

describe('trimBuckets', () => {
  // Schema 0: (0.5,1]:5 (1,2]:5 (2,4]:10 (4,8]:10.
  const h = () => fh({ count: 30, sum: 100, buckets: [5, 5, 10, 10] });
  const geo = (a: number, b: number) => Math.sqrt(a * b);

  test('</ at a bucket bound drops the buckets above and re-estimates the sum from midpoints', () => {
    const t = h().trimBuckets(4, true);
    expect(t.positiveBuckets).toEqual([5, 5, 10]);
    expect(t.count).toBe(20);
    expect(t.sum).toBe(geo(0.5, 1) * 5 + geo(1, 2) * 5 + geo(2, 4) * 10);
  });

  test('</ inside a bucket keeps the part below, interpolated on a log scale', () => {
    const t = h().trimBuckets(3, true);
    const keep = 10 * ((Math.log2(3) - 1) / (2 - 1));
    expect(t.positiveBuckets[2]).toBeCloseTo(keep, 12);
    expect(t.positiveBuckets.length).toBe(3);
    expect(t.count).toBeCloseTo(10 + keep, 12);
    expect(t.sum).toBeCloseTo(geo(0.5, 1) * 5 + geo(1, 2) * 5 + geo(2, 3) * keep, 12);
  });

  test('>/ keeps the part above', () => {
    const t = h().trimBuckets(3, false);
    const keep = 10 - 10 * (Math.log2(3) - 1);
    expect(t.positiveSpans).toEqual([{ offset: 2, length: 2 }]);
    expect(t.positiveBuckets[0]).toBeCloseTo(keep, 12);
    expect(t.count).toBeCloseTo(keep + 10, 12);
    expect(t.sum).toBeCloseTo(geo(3, 4) * keep + geo(4, 8) * 10, 12);
  });

  test('nothing trimmed: count and sum stay as they were', () => {
    const t = h().trimBuckets(100, true);
    expect([t.count, t.sum]).toEqual([30, 100]);
    expect(h().trimBuckets(0, false).sum).toBe(100);
  });

  test('NHCB: linear inside buckets; an open-ended bucket is kept or dropped whole', () => {
    const c = () => fh({ schema: -53, customValues: [1, 2, 4], buckets: [1, 2, 3, 4], sum: 50 });
    const up = c().trimBuckets(3, true);
    expect(up.positiveBuckets).toEqual([1, 2, 1.5]);
    expect(up.count).toBe(4.5);
    // Midpoints: (−Inf,1] counts as 0.5 (its lower bound taken as 0), (1,2] 1.5, (2,3] 2.5.
    expect(up.sum).toBe(0.5 * 1 + 1.5 * 2 + 2.5 * 1.5);
    const down = c().trimBuckets(3, false);
    expect(down.positiveBuckets).toEqual([1.5, 4]);
    expect(down.count).toBe(5.5);
    expect(down.sum).toBe(3.5 * 1.5 + 4 * 4);
  });

  test('the zero bucket is trimmed linearly, one-sided when only one side has buckets', () => {
    const z = fh({ zeroThreshold: 1, zeroCount: 2, buckets: [4], offset: 1, sum: 10 }).trimBuckets(0.5, true);
    // Zero bucket taken as [0, 1]: half of it is below 0.5.
    expect(z.zeroCount).toBe(1);
    expect(z.count).toBe(1);
    expect(z.sum).toBe(0.25);
  });

  test('trimming never adds observations, and both sides together keep about all', () => {
    fc.assert(fc.property(exponentialArb().map((x) => x.compact(0)), fc.double({ min: -20, max: 20, noNaN: true }), (x, rhs) => {
      const lo = x.copy().trimBuckets(rhs, true);
      const hi = x.copy().trimBuckets(rhs, false);
      expect(lo.count).toBeLessThanOrEqual(x.count + 1e-9);
      expect(hi.count).toBeLessThanOrEqual(x.count + 1e-9);
      for (const b of [...lo.positiveBuckets, ...lo.negativeBuckets, ...hi.positiveBuckets, ...hi.negativeBuckets]) expect(b).toBeGreaterThanOrEqual(0);
    }));
  });
});

describe('trimBuckets against the upstream trim-operator expectations (native_histograms.test)', () => {
  const hTest: Short = { schema: 0, sum: 123.75, count: 34, zeroCount: 1, zeroThreshold: 0.001, buckets: [2, 4, 8, 16], nBuckets: [1, 2] };
  const hTest2: Short = { schema: 2, sum: 12.8286080906, count: 28, zeroCount: 1, zeroThreshold: 0.001, buckets: [1, 2, 4, 7, 3], nBuckets: [1, 5, 3, 1] };
  const hPos: Short = { schema: 0, sum: 8.0210678118654755, count: 12, zeroCount: 2, zeroThreshold: 0.5, buckets: [10] };
  const hNeg: Short = { schema: 0, sum: -8.0210678118654755, count: 12, zeroCount: 2, zeroThreshold: 0.5, nBuckets: [10] };
  test.each([
    [hTest, '>/', -Infinity, hTest],
    [hTest, '</', Infinity, hTest],
    [hTest, '>/', Infinity, { zeroThreshold: 0.001 }],
    [hTest, '</', -Infinity, { zeroThreshold: 0.001 }],
    [hTest, '>/', 0, { sum: 120.20840280171308, count: 30.5, zeroCount: 0.5, zeroThreshold: 0.001, buckets: [2, 4, 8, 16] }],
    [hTest, '</', 0, { sum: -3.53578390593273768, count: 3.5, zeroCount: 0.5, zeroThreshold: 0.001, nBuckets: [1, 2] }],
    [hTest, '</', 1.4142135624, { count: 8, sum: 0.2570938865989847, zeroCount: 1, zeroThreshold: 0.001, buckets: [2, 2], nBuckets: [1, 2] }],
    [hTest, '>/', 1.4142135624, { count: 26, sum: 116.50067065070982, zeroThreshold: 0.001, buckets: [0, 2, 8, 16] }],
    [hTest2, '</', 1.13, { schema: 2, count: 13.410582181123704, sum: -9.385798726068233, zeroCount: 1, zeroThreshold: 0.001, buckets: [1, 1.410582181123704], nBuckets: [1, 5, 3, 1] }],
    [hTest2, '>/', 1.13, { schema: 2, count: 14.589417818876296, sum: 22.168126492693734, zeroThreshold: 0.001, offset: 1, buckets: [0.589417818876296, 4, 7, 3] }],
    [hTest2, '>/', -1.3, { schema: 2, count: 25.54213947904476, sum: 16.29588491217537, zeroCount: 1, zeroThreshold: 0.001, buckets: [1, 2, 4, 7, 3], nBuckets: [1, 5, 1.54213947904476] }],
    [hTest2, '</', -1.3, { schema: 2, count: 2.45786052095524, sum: -3.5189307983595066, zeroThreshold: 0.001, nOffset: 2, nBuckets: [1.45786052095524, 1] }],
    [hTest, '</', 2, { count: 10, sum: 3.5355339059327373, zeroCount: 1, zeroThreshold: 0.001, buckets: [2, 4], nBuckets: [1, 2] }],
    [hTest, '>/', 2, { count: 24, sum: 113.13708498984761, zeroThreshold: 0.001, offset: 2, buckets: [8, 16] }],
    [hTest, '>/', -1, { count: 32, sum: 119.50104602052653, zeroCount: 1, zeroThreshold: 0.001, buckets: [2, 4, 8, 16], nBuckets: [1] }],
    [hTest, '</', -1, { count: 2, sum: -2.8284271247461903, zeroThreshold: 0.001, nOffset: 1, nBuckets: [2] }],
    [hPos, '>/', 0.5, { count: 10, sum: 7.0710678118654755, zeroThreshold: 0.5, buckets: [10] }],
    [hPos, '>/', 0.1, { count: 11.6, sum: 7.551067811865476, zeroCount: 1.6, zeroThreshold: 0.5, buckets: [10] }],
    [hPos, '>/', 0, hPos],
    [hPos, '</', 0.5, { count: 2, sum: 0.5, zeroCount: 2, zeroThreshold: 0.5 }],
    [hPos, '</', 0.1, { count: 0.4, sum: 0.02, zeroCount: 0.4, zeroThreshold: 0.5 }],
    [hNeg, '</', -0.1, { count: 11.6, sum: -7.551067811865476, zeroCount: 1.6, zeroThreshold: 0.5, nBuckets: [10] }],
    [hNeg, '>/', -0.5, { count: 2, sum: -0.5, zeroCount: 2, zeroThreshold: 0.5 }],
    [hNeg, '>/', 0, { zeroThreshold: 0.5 }],
    [{ count: 5, sum: 0, zeroCount: 5, zeroThreshold: 0.1 }, '>/', 0.1, { count: 0, sum: 0, zeroThreshold: 0.1 }],
  ] as [Short, '</' | '>/', number, Short][])('%# %s %s', (input, op, rhs, want) => {
    // The script compares approximately, and some of its expectations are rounded (√2 as 1.4142135624).
    const digits = rhs === 1.4142135624 ? 8 : 12;
    const got = fh(input).trimBuckets(rhs, op === '</').compact(0);
    const exp = fh({ schema: input.schema, ...want }).compact(0);
    expect(got.schema).toBe(exp.schema);
    expect(got.zeroThreshold).toBe(exp.zeroThreshold);
    expect(got.count).toBeCloseTo(exp.count, digits);
    expect(got.sum).toBeCloseTo(exp.sum, digits);
    expect(got.zeroCount).toBeCloseTo(exp.zeroCount, digits);
    expect(got.positiveSpans).toEqual(exp.positiveSpans);
    expect(got.negativeSpans).toEqual(exp.negativeSpans);
    got.positiveBuckets.forEach((b, i) => expect(b).toBeCloseTo(exp.positiveBuckets[i], digits));
    got.negativeBuckets.forEach((b, i) => expect(b).toBeCloseTo(exp.negativeBuckets[i], digits));
  });
});

describe('same-layout fast paths agree with the general walk', () => {
  /** The same histogram with its first long span split in two adjacent spans (a layout the fast paths do not take). */
  const split = (x: ReturnType<typeof fh>) => {
    const c = x.copy();
    const i = c.positiveSpans.findIndex((s) => s.length > 1);
    if (i >= 0) {
      const s = c.positiveSpans[i];
      c.positiveSpans.splice(i, 1, { offset: s.offset, length: 1 }, { offset: 0, length: s.length - 1 });
    }
    return c;
  };
  const sameLayoutPair = exponentialArb().chain((h) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: h.positiveBuckets.length, maxLength: h.positiveBuckets.length })
    .map((counts) => {
      const g = h.copy();
      g.positiveBuckets = counts;
      g.count = counts.reduce((s, v) => s + v, g.zeroCount + g.negativeBuckets.reduce((s, v) => s + v, 0));
      g.counterResetHint = 'unknown';
      h.counterResetHint = 'unknown';
      return [h, g] as const;
    }));

  test('detectReset', () => {
    fc.assert(fc.property(sameLayoutPair, ([h, g]) => {
      expect(g.detectReset(h)).toBe(split(g).detectReset(h));
      expect(h.detectReset(g)).toBe(h.detectReset(split(g)));
    }));
  });

  test('add and sub', () => {
    fc.assert(fc.property(sameLayoutPair, fc.boolean(), ([h, g], negate) => {
      const fast = h.copy();
      const slow = split(h);
      if (negate) {
        fast.sub(g);
        slow.sub(g);
      } else {
        fast.add(g);
        slow.add(g);
      }
      expect([...fast.positiveBucketIterator()]).toEqual([...slow.positiveBucketIterator()]);
      expect([fast.count, fast.zeroCount]).toEqual([slow.count, slow.zeroCount]);
    }));
  });
});
