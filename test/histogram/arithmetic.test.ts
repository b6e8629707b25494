// FloatHistogram arithmetic: add, sub, kahanAdd, mul, div, copyToSchema/reduceResolution, with
// hand-worked cases and properties (add/sub inverse, schema reduction keeps count and sum).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import { HistogramError } from '../../src/histogram/errors.js';
import type { CounterResetHint } from '../../src/histogram/types.js';
import { customArb, exponentialArb, fh, populated } from './helpers.js';

describe('add', () => {
  test('same layout: counts, zero counts and sums add', () => {
    const a = fh({ zeroThreshold: 0.01, zeroCount: 1, sum: 5, buckets: [1, 2] });
    const r = a.add(fh({ zeroThreshold: 0.01, zeroCount: 2, sum: 7, buckets: [3], offset: 1, nBuckets: [4] }));
    expect(r).toEqual({ counterResetCollision: false, nhcbBoundsReconciled: false });
    expect([a.count, a.sum, a.zeroCount]).toEqual([13, 12, 3]);
    expect(populated(a)).toEqual(['0:1', '1:5']);
    expect(populated(a, false)).toEqual(['0:4']);
  });

  test('buckets the receiver lacks are inserted, spans joined where they touch', () => {
    const a = fh({ positiveSpans: [[0, 1], [3, 1]], buckets: [1, 1] });
    a.add(fh({ positiveSpans: [[-2, 1], [2, 1], [1, 1]], buckets: [5, 6, 7] }));
    expect(populated(a)).toEqual(['-2:5', '0:1', '1:6', '3:7', '4:1']);
    expect(a.validate()).toBeUndefined();
  });

  test('the lower schema wins: schema 1 buckets merge pairwise into schema 0', () => {
    // Schema 1 buckets 0…3 are (2^-½,1], (1,√2], (√2,2], (2,2√2]; in schema 0 they fall into 0, 1, 1, 2.
    const a = fh({ schema: 1, buckets: [1, 1, 1, 1] });
    a.add(fh({ schema: 0, buckets: [2], offset: 1 }));
    expect(a.schema).toBe(0);
    expect(populated(a)).toEqual(['0:1', '1:4', '2:1']);
    const b = fh({ schema: 0, buckets: [2], offset: 1 });
    b.add(fh({ schema: 1, buckets: [1, 1, 1, 1] }));
    expect(b.schema).toBe(0);
    expect(populated(b)).toEqual(['0:1', '1:4', '2:1']);
  });

  test('the wider zero bucket wins and takes in the buckets it covers', () => {
    // Bucket −1 of schema 0 is (0.25, 0.5]: inside a zero bucket of width 0.5.
    const a = fh({ zeroThreshold: 0.01, zeroCount: 1, buckets: [3, 4], offset: -1 });
    a.add(fh({ zeroThreshold: 0.5, zeroCount: 2, buckets: [5], offset: 0 }));
    expect(a.zeroThreshold).toBe(0.5);
    expect(a.zeroCount).toBe(6);
    expect(populated(a)).toEqual(['0:9']);
  });

  test('a zero threshold inside a populated bucket grows to that bucket\'s upper bound', () => {
    const a = fh({ zeroThreshold: 0.01, buckets: [1, 1], offset: 0 }); // (0.5,1], (1,2]
    a.add(fh({ zeroThreshold: 0.7, zeroCount: 2 }));
    expect(a.zeroThreshold).toBe(1);
    expect(a.zeroCount).toBe(3);
    expect(populated(a)).toEqual(['1:1']);
  });

  test('NHCB with different bounds: added on the bounds both have', () => {
    const a = fh({ schema: -53, customValues: [1, 2, 4], buckets: [1, 2, 3, 4] });
    const r = a.add(fh({ schema: -53, customValues: [2, 4, 8], buckets: [1, 1, 1, 1] }));
    expect(r.nhcbBoundsReconciled).toBe(true);
    expect(a.customValues).toEqual([2, 4]);
    // (−Inf,2]: 1+2 and 1; (2,4]: 3 and 1; (4,+Inf]: 4 and 1+1.
    expect(a.positiveBuckets).toEqual([4, 4, 6]);
    expect(a.count).toBe(14);
  });

  test('NHCB with the same bounds are added bucket by bucket', () => {
    const a = fh({ schema: -53, customValues: [1, 2], buckets: [1, 2], offset: 1 });
    const r = a.add(fh({ schema: -53, customValues: [1, 2], buckets: [5] }));
    expect(r.nhcbBoundsReconciled).toBe(false);
    expect(a.positiveBuckets).toEqual([5, 1, 2]);
    expect(a.positiveSpans).toEqual([{ offset: 0, length: 3 }]);
  });

  test('exponential with custom buckets is an incompatible-schema HistogramError', () => {
    const err = (() => {
      try {
        fh({ buckets: [1] }).add(fh({ schema: -53, customValues: [1], buckets: [1] }));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(HistogramError);
    expect((err as HistogramError).kind).toBe('incompatible-schema');
    expect((err as HistogramError).message).toBe('cannot apply this operation on histograms with a mix of exponential and custom bucket schemas');
    expect(() => fh({ schema: -53 }).kahanAdd(fh({}))).toThrow(HistogramError);
    expect(() => fh({ schema: -53 }).sub(fh({}))).toThrow(HistogramError);
  });

  // [receiver, other, resulting hint, collision]
  const hints: [CounterResetHint, CounterResetHint, CounterResetHint, boolean][] = [
    ['unknown', 'unknown', 'unknown', false], ['unknown', 'reset', 'unknown', false], ['unknown', 'not_reset', 'unknown', false], ['unknown', 'gauge', 'gauge', false],
    ['reset', 'unknown', 'unknown', false], ['reset', 'reset', 'reset', false], ['reset', 'not_reset', 'unknown', true], ['reset', 'gauge', 'gauge', false],
    ['not_reset', 'unknown', 'unknown', false], ['not_reset', 'reset', 'unknown', true], ['not_reset', 'not_reset', 'not_reset', false], ['not_reset', 'gauge', 'gauge', false],
    ['gauge', 'unknown', 'gauge', false], ['gauge', 'reset', 'gauge', false], ['gauge', 'not_reset', 'gauge', false], ['gauge', 'gauge', 'gauge', false],
  ];
  test.each(hints)('hint %s + %s → %s (collision %s)', (a, b, want, collision) => {
    for (const op of ['add', 'sub', 'kahanAdd'] as const) {
      const h = fh({ counterResetHint: a, buckets: [1] });
      const r = h[op](fh({ counterResetHint: b, buckets: [1] }));
      expect(h.counterResetHint).toBe(want);
      expect(r.counterResetCollision).toBe(collision);
    }
  });

  test('add and sub are inverse (exponential, any schemas, integer counts)', () => {
    fc.assert(fc.property(exponentialArb({ zeroThreshold: 0 }), exponentialArb({ zeroThreshold: 0 }), (h, g) => {
      const r = h.copy();
      r.add(g);
      r.sub(g);
      const want = h.copyToSchema(Math.min(h.schema, g.schema)).compact(0);
      r.compact(0);
      expect([r.schema, r.count, r.sum, r.zeroCount]).toEqual([want.schema, want.count, want.sum, want.zeroCount]);
      expect(populated(r)).toEqual(populated(want));
      expect(populated(r, false)).toEqual(populated(want, false));
    }));
  });

  test('add is commutative in counts and buckets (zero thresholds at a boundary of every schema)', () => {
    fc.assert(fc.property(exponentialArb({ zeroThresholds: [0, 1] }), exponentialArb({ zeroThresholds: [0, 1] }), (h, g) => {
      const a = h.copy();
      a.add(g);
      const b = g.copy();
      b.add(h);
      a.compact(0);
      b.compact(0);
      expect([a.schema, a.zeroThreshold, a.zeroCount, a.count, a.sum]).toEqual([b.schema, b.zeroThreshold, b.zeroCount, b.count, b.sum]);
      expect(populated(a)).toEqual(populated(b));
      expect(populated(a, false)).toEqual(populated(b, false));
    }));
  });

  test('Prometheus compatibility: a bucket merged across the zero threshold by the schema change counts twice', () => {
    // Schema 0's (−0.25,−0.125] goes into the zero bucket of width 0.25, and, reduced to schema −2,
    // also into (−1,−0.0625]. Prometheus 3.5.3 prints the same for `sum` of these two.
    const a = fh({ schema: -2, zeroThreshold: 0.25 });
    a.add(fh({ schema: 0, nOffset: -2, nBuckets: [1] }));
    expect([a.count, a.zeroCount, a.negativeBuckets, a.negativeSpans]).toEqual([1, 1, [1], [{ offset: 0, length: 1 }]]);
  });

  // Zero thresholds at a boundary of every schema (0 or 1), so that the quirk above cannot happen.
  test('the sum keeps every observation: count and bucket totals add up', () => {
    fc.assert(fc.property(exponentialArb({ zeroThreshold: 1 }), exponentialArb({ zeroThreshold: 0 }), fc.boolean(), (x, y, swap) => {
      const [h, g] = swap ? [y, x] : [x, y];
      const a = h.copy();
      a.add(g);
      const total = (x: FloatHistogram) => x.zeroCount + [...x.positiveBuckets, ...x.negativeBuckets].reduce((s, v) => s + v, 0);
      expect(a.count).toBe(h.count + g.count);
      expect(total(a)).toBe(total(h) + total(g));
      expect(a.validate()).toBeUndefined();
    }));
  });

  test('NHCB with different bounds keep every observation', () => {
    fc.assert(fc.property(customArb([1, 2, 5, 10]), customArb([2, 3, 10, 20]), (h, g) => {
      const a = h.copy();
      a.add(g);
      expect(a.customValues).toEqual([2, 10]);
      expect(a.positiveBuckets.reduce((s, v) => s + v, 0)).toBe(h.count + g.count);
      expect(a.validate()).toBeUndefined();
    }));
  });
});

describe('kahanAdd', () => {
  test('compensation keeps what plain addition rounds away', () => {
    const plain = fh({ buckets: [1e16], sum: 1e16 });
    const kahan = plain.copy();
    let comp: FloatHistogram | undefined;
    for (let i = 0; i < 2; i++) {
      plain.add(fh({ buckets: [1], sum: 1 }));
      comp = kahan.kahanAdd(fh({ buckets: [1], sum: 1 }), comp).comp;
    }
    expect(plain.positiveBuckets).toEqual([1e16]);
    kahan.add(comp!);
    expect(kahan.positiveBuckets).toEqual([1e16 + 2]);
    expect(kahan.sum).toBe(1e16 + 2);
    expect(kahan.count).toBe(1e16 + 2);
  });

  test('the compensation follows the receiver\'s layout', () => {
    fc.assert(fc.property(fc.array(exponentialArb(), { minLength: 1, maxLength: 5 }), (hs) => {
      const sum = hs[0].copy();
      let comp: FloatHistogram | undefined;
      for (const h of hs.slice(1)) {
        comp = sum.kahanAdd(h, comp).comp;
        expect(comp.schema).toBe(sum.schema);
        expect(comp.positiveBuckets.length).toBe(sum.positiveBuckets.length);
        expect(comp.negativeBuckets.length).toBe(sum.negativeBuckets.length);
      }
      // With integer counts the compensation is zero and the Kahan sum is the plain sum.
      const plain = hs[0].copy();
      for (const h of hs.slice(1)) plain.add(h);
      if (comp) sum.add(comp);
      sum.compact(0);
      plain.compact(0);
      expect(populated(sum)).toEqual(populated(plain));
      expect([sum.count, sum.zeroCount, sum.schema]).toEqual([plain.count, plain.zeroCount, plain.schema]);
    }));
  });
});

describe('mul and div', () => {
  test('mul scales every count and the sum', () => {
    const h = fh({ zeroCount: 1, sum: 3, buckets: [1, 2], nBuckets: [4], counterResetHint: 'not_reset' }).mul(2.5);
    expect([h.count, h.sum, h.zeroCount, h.counterResetHint]).toEqual([20, 7.5, 2.5, 'not_reset']);
    expect(h.positiveBuckets).toEqual([2.5, 5]);
    expect(h.negativeBuckets).toEqual([10]);
  });

  test('a negative factor or divisor makes a gauge', () => {
    expect(fh({ buckets: [1], counterResetHint: 'reset' }).mul(-1).counterResetHint).toBe('gauge');
    expect(fh({ buckets: [1], counterResetHint: 'reset' }).div(-2).counterResetHint).toBe('gauge');
    expect(fh({ buckets: [1], counterResetHint: 'reset' }).mul(0).counterResetHint).toBe('reset');
  });

  test('division by zero: ±Inf or NaN totals, no buckets', () => {
    const h = fh({ zeroCount: 1, sum: -3, buckets: [1, 2], nBuckets: [4], counterResetHint: 'not_reset' }).div(0);
    expect([h.count, h.sum, h.zeroCount]).toEqual([Infinity, -Infinity, Infinity]);
    expect([h.positiveBuckets, h.negativeBuckets, h.positiveSpans, h.negativeSpans]).toEqual([[], [], [], []]);
    expect(h.counterResetHint).toBe('not_reset');
    const empty = fh({ sum: 0 }).div(0);
    expect(empty.count).toBeNaN();
    expect(empty.sum).toBeNaN();
  });

  test('div undoes mul for powers of two', () => {
    fc.assert(fc.property(exponentialArb(), fc.integer({ min: -10, max: 10 }), (h, e) => {
      const r = h.copy().mul(2 ** e).div(2 ** e);
      expect(r.equals(h)).toBe(true);
    }));
  });
});

describe('schema reduction', () => {
  test('copyToSchema and reduceResolution keep count, sum and every observation', () => {
    fc.assert(fc.property(exponentialArb(), fc.integer({ min: 0, max: 12 }), (h, d) => {
      const target = Math.max(-4, h.schema - d);
      const c = h.copyToSchema(target);
      expect([c.schema, c.count, c.sum, c.zeroCount, c.zeroThreshold]).toEqual([target, h.count, h.sum, h.zeroCount, h.zeroThreshold]);
      const sum = (b: number[]) => b.reduce((s, v) => s + v, 0);
      expect(sum(c.positiveBuckets)).toBe(sum(h.positiveBuckets));
      expect(sum(c.negativeBuckets)).toBe(sum(h.negativeBuckets));
      expect(c.validate()).toBeUndefined();
      if (target < h.schema) {
        const r = h.copy();
        r.reduceResolution(target);
        expect(r.equals(c)).toBe(true);
      }
    }));
  });

  test('every bucket lands in the merged bucket that contains it', () => {
    const h = fh({ schema: 2, buckets: [1, 2, 3, 4, 5, 6, 7, 8, 9], offset: -3 });
    const c = h.copyToSchema(0);
    for (const b of c.positiveBucketIterator()) {
      const inside = [...h.positiveBucketIterator()].filter((o) => o.lower >= b.lower && o.upper <= b.upper);
      expect(inside.reduce((s, o) => s + o.count, 0)).toBe(b.count);
    }
  });

  test.each([
    ['custom buckets', () => fh({ schema: -53, customValues: [1] }).copyToSchema(0)],
    ['to custom buckets', () => fh({ schema: 2 }).copyToSchema(-53)],
    ['a higher schema', () => fh({ schema: 2 }).copyToSchema(3)],
    ['reduceResolution to the same schema', () => fh({ schema: 2 }).reduceResolution(2)],
    ['spans needing more buckets than there are', () => new FloatHistogram({ schema: 2, positiveSpans: [{ offset: 0, length: 3 }], positiveBuckets: [1] }).reduceResolution(0)],
  ])('%s is a HistogramError', (_name, f) => {
    expect(f).toThrow(HistogramError);
  });
});

describe('the increase of a counter histogram (sub of the first sample from the last)', () => {
  test('a growing counter never gives a negative bucket, across schema reductions', () => {
    fc.assert(fc.property(exponentialArb({ zeroThreshold: 0 }), fc.array(fc.tuple(exponentialArb({ zeroThreshold: 0 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 4 }), (first, steps) => {
      first.counterResetHint = 'unknown';
      const samples = [first];
      for (const [g, drop] of steps) {
        const prev = samples[samples.length - 1];
        const next = prev.copyToSchema(Math.max(-4, prev.schema - drop));
        next.add(g);
        next.counterResetHint = 'unknown';
        samples.push(next);
      }
      for (let i = 1; i < samples.length; i++) expect(samples[i].detectReset(samples[i - 1])).toBe(false);
      const minSchema = Math.min(...samples.map((s) => s.schema));
      const inc = samples[samples.length - 1].copyToSchema(minSchema);
      inc.sub(first);
      inc.compact(0);
      for (const b of [...inc.positiveBuckets, ...inc.negativeBuckets, inc.zeroCount, inc.count]) expect(b).toBeGreaterThanOrEqual(0);
    }));
  });

  test('copyTo makes an independent deep copy', () => {
    const a = fh({ zeroCount: 1, buckets: [1, 2], nBuckets: [3], counterResetHint: 'gauge' });
    const b = fh({ schema: 3, buckets: [9] });
    a.copyTo(b);
    expect(b.equals(a)).toBe(true);
    expect(b.counterResetHint).toBe('gauge');
    b.positiveBuckets[0] = 7;
    expect(a.positiveBuckets[0]).toBe(1);
  });
});

describe('receivers with zero-length spans', () => {
  // Found by the add/sub property: a leading zero-length span made the added bucket land in the
  // first bucket of the next span (Prometheus would index out of range there).
  test('a leading zero-length span is dropped before adding', () => {
    const a = fh({ positiveSpans: [[3, 0], [2, 1]], buckets: [1] }); // one bucket, at index 5
    a.add(fh({ buckets: [2], offset: 3 }));
    expect(populated(a)).toEqual(['3:2', '5:1']);
    expect(a.positiveSpans).toEqual([{ offset: 3, length: 1 }, { offset: 1, length: 1 }]);
    const b = fh({ positiveSpans: [[3, 0]], buckets: [] });
    b.kahanAdd(fh({ buckets: [2], offset: 3 }));
    expect(populated(b)).toEqual(['3:2']);
  });
});
