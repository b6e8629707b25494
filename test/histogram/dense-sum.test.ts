// The dense histogram sum against the Kahan sum it stands for (`kahanAdd` for each further
// histogram, then the compensation added and the result compacted): bit for bit, layout included.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DenseHistogramSum } from '../../src/histogram/dense-sum.js';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import type { CounterResetHint, Span } from '../../src/histogram/types.js';

/** Raw sides, buckets inside the zero bucket allowed, counts fractional and now and then huge (compensation at work). */
const sideArb = fc.array(fc.record({ offset: fc.integer({ min: 0, max: 3 }), length: fc.integer({ min: 0, max: 4 }) }), { maxLength: 4 })
  .chain((spans) => {
    const n = spans.reduce((a, s) => a + s.length, 0);
    const count = fc.oneof({ weight: 6, arbitrary: fc.double({ min: 0, max: 100, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e17, 3e-17, NaN, Infinity) });
    return fc.record({ first: fc.integer({ min: -6, max: 6 }), buckets: fc.array(count, { minLength: n, maxLength: n }) })
      .map(({ first, buckets }) => ({ spans: spans.map((s, i): Span => (i === 0 ? { offset: s.offset + first, length: s.length } : s)), buckets }));
  });

const histArb = (schema: number, zeroThreshold: number) => fc.record({
  hint: fc.constantFrom<CounterResetHint>('unknown', 'reset', 'not_reset', 'gauge'),
  zeroCount: fc.double({ min: 0, max: 10, noNaN: true }), count: fc.double({ min: 0, max: 1e3, noNaN: true }),
  sum: fc.double({ min: -1e17, max: 1e17, noNaN: true }), pos: sideArb, neg: sideArb,
}).map((r) => new FloatHistogram({
  counterResetHint: r.hint, schema, zeroThreshold, zeroCount: r.zeroCount, count: r.count, sum: r.sum,
  positiveSpans: r.pos.spans, positiveBuckets: r.pos.buckets, negativeSpans: r.neg.spans, negativeBuckets: r.neg.buckets,
}));

const seriesArb = fc.record({ schema: fc.constantFrom(0, 3, -2), zeroThreshold: fc.constantFrom(0, 1e-3, 1.5) })
  .chain(({ schema, zeroThreshold }) => fc.tuple(fc.array(histArb(schema, zeroThreshold), { minLength: 1, maxLength: 8 }), fc.nat(8)));

/** Every field, counts by bit pattern (−0, NaN). */
function shape(h: FloatHistogram) {
  const b = (xs: number[]) => xs.map((x) => (Object.is(x, -0) ? '-0' : String(x)));
  return {
    hint: h.counterResetHint, schema: h.schema, zeroThreshold: h.zeroThreshold, zeroCount: b([h.zeroCount]), count: b([h.count]), sum: b([h.sum]),
    positiveSpans: h.positiveSpans, positiveBuckets: b(h.positiveBuckets), negativeSpans: h.negativeSpans, negativeBuckets: b(h.negativeBuckets),
  };
}

/** The reference: Prometheus's order, histogram by histogram. */
function kahanSum(hs: FloatHistogram[]): { value: FloatHistogram; collisions: number } {
  const value = hs[0].copy();
  let comp: FloatHistogram | undefined;
  let collisions = 0;
  for (const h of hs.slice(1)) {
    const r = value.kahanAdd(h, comp);
    comp = r.comp;
    if (r.counterResetCollision) collisions++;
  }
  if (comp) value.add(comp);
  return { value: value.compact(0), collisions };
}

/** Dense for the first `denseCount` histograms, then (as a sum meeting another layout does) kahanAdd for the rest. */
function denseSum(hs: FloatHistogram[], denseCount: number): { value: FloatHistogram; collisions: number } {
  const dense = DenseHistogramSum.of(hs[0].copy());
  let collisions = 0;
  const cut = Math.min(hs.length, 1 + denseCount);
  for (const h of hs.slice(1, cut)) {
    expect(dense.accepts(h)).toBe(true);
    if (dense.add(h)) collisions++;
  }
  let { value, comp } = dense.toHistograms();
  for (const h of hs.slice(cut)) {
    const r = value.kahanAdd(h, comp);
    comp = r.comp;
    if (r.counterResetCollision) collisions++;
  }
  if (comp) value.add(comp);
  value = value.compact(0);
  return { value, collisions };
}

describe('dense histogram sum', () => {
  test('equals the histogram-by-histogram Kahan sum bit for bit, also when it hands over midway', () => {
    fc.assert(fc.property(seriesArb, ([hs, denseCount]) => {
      const want = kahanSum(hs);
      const got = denseSum(hs, denseCount);
      expect(shape(got.value)).toEqual(shape(want.value));
      expect(got.collisions).toBe(want.collisions);
    }), { numRuns: 2000 });
  });

  test('result() is toHistograms(), the compensation added and compact(0), bit for bit', () => {
    fc.assert(fc.property(seriesArb, ([hs]) => {
      const dense = DenseHistogramSum.of(hs[0].copy());
      for (const h of hs.slice(1)) dense.add(h);
      const { value, comp } = dense.toHistograms();
      if (comp) value.add(comp);
      value.compact(0);
      expect(shape(dense.result())).toEqual(shape(value));
    }), { numRuns: 3000 });
  });

  test('takes only the same exponential schema and zero threshold', () => {
    const h = (schema: number, zeroThreshold: number) => new FloatHistogram({ schema, zeroThreshold, count: 1, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [1] });
    expect(DenseHistogramSum.startsWith(h(-53, 0))).toBe(false);
    expect(DenseHistogramSum.startsWith(h(3, NaN))).toBe(false);
    expect(DenseHistogramSum.startsWith(h(3, 0))).toBe(true);
    expect(DenseHistogramSum.startsWith(new FloatHistogram({ schema: 3, count: 4, sum: 2 }))).toBe(false);
    const d = DenseHistogramSum.of(h(3, 0.001));
    expect(d.accepts(h(3, 0.001))).toBe(true);
    expect(d.accepts(h(2, 0.001))).toBe(false);
    expect(d.accepts(h(3, 0.01))).toBe(false);
    expect(d.accepts(new FloatHistogram({ schema: 3, zeroThreshold: 0.001, positiveSpans: [{ offset: 2, length: 1 }, { offset: -3, length: 1 }], positiveBuckets: [1, 1] }))).toBe(false);
  });

  test('buckets inside the zero bucket are skipped as the span walk skips them, up to the first outside', () => {
    // Schema 0, threshold 1.5: bucket 0 (upper bound 1) is inside, bucket 1 (bound 2) outside.
    const first = new FloatHistogram({ schema: 0, zeroThreshold: 1.5, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [5] });
    const other = new FloatHistogram({ schema: 0, zeroThreshold: 1.5, positiveSpans: [{ offset: -1, length: 3 }], positiveBuckets: [7, 8, 9] });
    const d = DenseHistogramSum.of(first.copy());
    d.add(other);
    const { value } = d.toHistograms();
    expect(value.positiveSpans).toEqual([{ offset: 1, length: 1 }]);
    expect(value.positiveBuckets).toEqual([14]);
  });
});
