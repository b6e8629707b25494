// One series' histograms as dense rows: which series qualify, where the counter resets are, and
// that a window's increase taken from two rows is, bit for bit, `last.copy().sub(first)` as a gauge
// compacted, and adds into a dense sum exactly as that histogram does.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { IncreaseRows } from '../../src/histogram/increase-rows.js';
import { DenseIncrease } from '../../src/histogram/dense-increase.js';
import { DenseHistogramSum } from '../../src/histogram/dense-sum.js';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import { countedSideArb, fh } from './helpers.js';

/** Every field, counts by bit pattern (−0, NaN). */
function bits(h: FloatHistogram) {
  const b = (xs: number[]) => xs.map((x) => (Object.is(x, -0) ? '-0' : String(x)));
  return {
    hint: h.counterResetHint, schema: h.schema, zeroThreshold: h.zeroThreshold, zeroCount: b([h.zeroCount]), count: b([h.count]), sum: b([h.sum]),
    positiveSpans: h.positiveSpans.map((s) => [s.offset, s.length]), positiveBuckets: b(h.positiveBuckets),
    negativeSpans: h.negativeSpans.map((s) => [s.offset, s.length]), negativeBuckets: b(h.negativeBuckets),
  };
}

describe('which series IncreaseRows takes', () => {
  const plain = (extra: Parameters<typeof fh>[0] = {}) => fh({ schema: 3, zeroThreshold: 1e-9, offset: 2, buckets: [1, 2, 3], ...extra });

  test('one schema and zero threshold, counters with spans in order: taken', () => {
    expect(new IncreaseRows().prepare([plain(), plain({ buckets: [2, 3, 4] })], 2)).toBe(true);
  });

  test('a gauge hint, another schema or zero threshold, custom buckets or spans out of order: not taken', () => {
    const rows = new IncreaseRows();
    expect(rows.prepare([plain(), plain({ counterResetHint: 'gauge' })], 2)).toBe(false);
    expect(rows.prepare([plain(), plain({ schema: 2 })], 2)).toBe(false);
    expect(rows.prepare([plain(), plain({ zeroThreshold: 1e-8 })], 2)).toBe(false);
    expect(rows.prepare([plain({ zeroThreshold: NaN }), plain({ zeroThreshold: NaN })], 2)).toBe(false);
    const custom = fh({ schema: -53, customValues: [1, 2, 3], buckets: [1, 1] });
    expect(rows.prepare([custom, custom], 2)).toBe(false);
    expect(rows.prepare([plain(), plain({ positiveSpans: [[3, 1], [-2, 2]] })], 2)).toBe(false);
  });

  test('a bucket inside the zero bucket (whose subtraction would skip it) on either side: not taken', () => {
    const rows = new IncreaseRows();
    // Schema 0: bucket 0's upper bound is 1, bucket 1's is 2.
    expect(rows.prepare([fh({ schema: 0, zeroThreshold: 1, offset: 1, buckets: [1] }), fh({ schema: 0, zeroThreshold: 1, offset: 0, buckets: [1, 1] })], 2)).toBe(false);
    expect(rows.prepare([fh({ schema: 0, zeroThreshold: 1, offset: 1, buckets: [1] }), fh({ schema: 0, zeroThreshold: 1, nOffset: 0, nBuckets: [1] })], 2)).toBe(false);
    expect(rows.prepare([fh({ schema: 0, zeroThreshold: 1, offset: 1, buckets: [1] }), fh({ schema: 0, zeroThreshold: 1, nOffset: 1, nBuckets: [1] })], 2)).toBe(true);
  });

  test('rows that would be too large: not taken', () => {
    const many = new Array<number>(3000).fill(1);
    const wide = [fh({ schema: 0, offset: 0, buckets: many }), fh({ schema: 0, offset: 1, buckets: many })];
    expect(new IncreaseRows().prepare(wide, 2)).toBe(true);
    expect(new IncreaseRows().prepare(wide, 1000)).toBe(false);
    // A ring that grows too large as windows widen: the windows then go without rows.
    const rows = new IncreaseRows();
    expect(rows.prepare(wide, 2)).toBe(true);
    expect(rows.fit(100)).toBe(true);
    expect(rows.fit(1000)).toBe(false);
  });

  test('a layout drifting far beyond any one histogram\'s width: not taken', () => {
    const drifting = [fh({ schema: 0, offset: 0, buckets: [1, 1] }), fh({ schema: 0, offset: 3000, buckets: [1, 1] })];
    expect(new IncreaseRows().prepare(drifting, 2)).toBe(false);
    const near = [fh({ schema: 0, offset: 0, buckets: [1, 1] }), fh({ schema: 0, offset: 60, buckets: [1, 1] })];
    expect(new IncreaseRows().prepare(near, 2)).toBe(true);
  });
});

describe('IncreaseRows', () => {
  test('finds the counter resets between neighbours, hints and counts alike', () => {
    const rows = new IncreaseRows();
    const hs = [
      fh({ schema: 3, buckets: [1, 1] }), fh({ schema: 3, buckets: [2, 2] }), fh({ schema: 3, buckets: [1, 2] }),
      fh({ schema: 3, buckets: [3, 3] }), fh({ schema: 3, buckets: [4, 4], counterResetHint: 'reset' }), fh({ schema: 3, buckets: [5, 5] }),
    ];
    expect(rows.prepare(hs, 3)).toBe(true);
    expect(rows.resetFree(0, 2)).toBe(true);
    expect(rows.resetFree(0, 3)).toBe(false);
    expect(rows.resetFree(1, 3)).toBe(false);
    expect(rows.resetFree(2, 4)).toBe(true);
    expect(rows.resetFree(3, 5)).toBe(false);
    expect(rows.resetFree(4, 6)).toBe(true);
  });

  test('rows hold each sample\'s counts at their absolute bucket index, rebuilt when a ring slot was reused', () => {
    const rows = new IncreaseRows();
    const hs = [
      fh({ schema: 1, offset: -2, buckets: [1, 2] }),
      fh({ schema: 1, positiveSpans: [[0, 1], [2, 1]], positiveBuckets: [3, 4], nOffset: 1, nBuckets: [5] }),
      fh({ schema: 1, offset: 1, buckets: [6, 7, 8] }),
    ];
    expect(rows.prepare(hs, 2)).toBe(true);
    const row = (k: number, side: 'positive' | 'negative') => {
      const s = rows[side];
      const r = rows.slot(k);
      return Object.fromEntries([...s.rows.subarray(r * s.width, (r + 1) * s.width)].map((v, j) => [s.base + j, v]).filter(([, v]) => v !== 0));
    };
    expect(row(0, 'positive')).toEqual({ '-2': 1, '-1': 2 });
    expect(row(1, 'positive')).toEqual({ 0: 3, 3: 4 });
    expect(row(1, 'negative')).toEqual({ 1: 5 });
    expect(row(2, 'positive')).toEqual({ 1: 6, 2: 7, 3: 8 });
    // Sample 2 took sample 0's slot: asking for 0 again rebuilds it.
    expect(row(0, 'positive')).toEqual({ '-2': 1, '-1': 2 });
    expect(row(0, 'negative')).toEqual({});
  });
});

describe('IncreaseRows over stored histograms sharing span arrays', () => {
  test('a slot refilled from another layout leaves no count of the one before', () => {
    const x = [{ offset: 0, length: 2 }];
    const y = [{ offset: 0, length: 1 }, { offset: 1, length: 1 }];
    const h = (spans: typeof x, buckets: number[]) => new FloatHistogram({ schema: 0, count: 100, positiveSpans: spans, positiveBuckets: buckets });
    const hs = [h(x, [1, 2]), h(y, [3, 4]), h(x, [5, 6]), h(y, [7, 8]), h(x, [9, 10]), h(y, [11, 12])];
    const rows = new IncreaseRows();
    // Three slots: sample k goes to slot k % 3, so slots change layout.
    expect(rows.prepare(hs, 3)).toBe(true);
    const row = (k: number) => {
      const s = rows.positive;
      const r = rows.slot(k);
      return [...s.rows.subarray(r * s.width, (r + 1) * s.width)];
    };
    expect(row(0)).toEqual([1, 2, 0]);
    expect(row(1)).toEqual([3, 0, 4]);
    expect(row(2)).toEqual([5, 6, 0]);
    expect(row(3)).toEqual([7, 0, 8]);
    // Back and forth: slots keep changing hands between layouts.
    expect(row(5)).toEqual([11, 0, 12]);
    expect(row(4)).toEqual([9, 10, 0]);
    expect(row(1)).toEqual([3, 0, 4]);
    expect(row(2)).toEqual([5, 6, 0]);
    expect(row(0)).toEqual([1, 2, 0]);
    // Another series, its union starting lower: the span array x lands elsewhere in the rows.
    const z = [{ offset: -1, length: 3 }];
    expect(rows.prepare([h(x, [1, 1]), h(z, [2, 2, 2])], 2)).toBe(true);
    expect(row(0)).toEqual([0, 1, 1]);
    expect(row(1)).toEqual([2, 2, 2]);
  });
});

/** Spans in order and counts (some 0, −0, fractional, huge, now and then NaN or Inf). */
const side = countedSideArb(false);

const point = fc.record({
  pos: side, neg: side, zeroCount: fc.double({ min: 0, max: 10, noNaN: true }), count: fc.double({ min: 0, max: 1e3, noNaN: true }),
  sum: fc.double({ min: -1e17, max: 1e17, noNaN: true }),
}).map((r) => new FloatHistogram({
  schema: 2, zeroThreshold: 1e-6, counterResetHint: 'not_reset', zeroCount: r.zeroCount, count: r.count, sum: r.sum,
  positiveSpans: r.pos.spans, positiveBuckets: r.pos.buckets, negativeSpans: r.neg.spans, negativeBuckets: r.neg.buckets,
}));

describe('an increase taken from rows', () => {
  test('is last.copy().sub(first) as a compacted gauge, and adds into a dense sum as that histogram does', () => {
    fc.assert(fc.property(fc.array(point, { minLength: 2, maxLength: 6 }), fc.nat(), fc.nat(), point, fc.double({ min: 0.01, max: 100, noNaN: true }), (hs, x, y, start, factor) => {
      const f = x % hs.length;
      const l = y % hs.length;
      const rows = new IncreaseRows();
      expect(rows.prepare(hs, hs.length)).toBe(true);
      const first = hs[f];
      const last = hs[l];
      const fs = rows.slot(f);
      const ls = rows.slot(l);
      const inc = new DenseIncrease();
      inc.fromRows(rows, fs, ls, first, last);
      const expected = last.copy();
      expected.sub(first);
      expected.counterResetHint = 'gauge';
      expected.compact(0);
      expect(bits(inc.result())).toEqual(bits(expected));
      // A dense sum: the increase as a histogram, or straight from the rows.
      const acc = () => new FloatHistogram({ ...start, counterResetHint: 'unknown', positiveSpans: start.positiveSpans, positiveBuckets: start.positiveBuckets.slice(), negativeBuckets: start.negativeBuckets.slice() });
      const byHistogram = DenseHistogramSum.of(acc());
      const scaled = expected.copy().mul(factor);
      byHistogram.add(scaled);
      const byRows = DenseHistogramSum.of(acc(), rows);
      expect(byRows.acceptsRows(rows)).toBe(true);
      expect(byRows.addRowIncrease(rows, fs, ls, first, last, factor)).toBe(scaled.size());
      const a = byHistogram.toHistograms();
      const b = byRows.toHistograms();
      expect(bits(b.value)).toEqual(bits(a.value));
      expect(b.comp && bits(b.comp)).toEqual(a.comp && bits(a.comp));
    }), { numRuns: 500 });
  });
});
