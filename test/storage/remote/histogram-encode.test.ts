// Float-histogram chunks written by our encoder read back exactly by our decoder (which the
// captured Prometheus chunks pin down), for any layout, counts and timestamps.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { FloatHistogram } from '../../../src/histogram/float-histogram.js';
import { decodeFloatHistogramChunk } from '../../../src/storage/remote/histogram-chunk.js';
import { encodeFloatHistogramChunk, floatHistogramChunks } from '../../../src/storage/remote/histogram-chunk-encode.js';

const spans = fc.array(fc.record({ offset: fc.integer({ min: -20, max: 20 }), length: fc.integer({ min: 0, max: 4 }) }), { maxLength: 3 });
const count = fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 1000 }), fc.constant(0));

const series = fc.record({
  schema: fc.oneof(fc.integer({ min: -4, max: 8 }), fc.constant(-53)),
  zeroThreshold: fc.oneof(fc.constant(0), fc.constant(2 ** -128), fc.constant(1e-3), fc.double({ min: 0, max: 1, noNaN: true })),
  pos: spans,
  neg: spans,
  custom: fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 100_000 }).map((x) => x / 1000)), { maxLength: 4 }),
  gauge: fc.boolean(),
  n: fc.integer({ min: 1, max: 40 }),
  t0: fc.integer({ min: -1e12, max: 4e12 }),
  step: fc.oneof(fc.constant(15_000), fc.integer({ min: 1, max: 1e7 })),
}).chain((l) => {
  const nPos = l.pos.reduce((a, s) => a + s.length, 0);
  const nNeg = l.schema === -53 ? 0 : l.neg.reduce((a, s) => a + s.length, 0);
  const h = fc.record({ count, zeroCount: count, sum: fc.double({ noNaN: true }), p: fc.array(count, { minLength: nPos, maxLength: nPos }), q: fc.array(count, { minLength: nNeg, maxLength: nNeg }) });
  return fc.tuple(fc.constant(l), fc.array(h, { minLength: l.n, maxLength: l.n }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: l.n, maxLength: l.n }));
});

test('encode then decode gives every histogram back, hints as a TSDB reads them', () => {
  fc.assert(fc.property(series, ([l, hs, jitter]) => {
    const custom = l.schema === -53 ? [...new Set(l.custom)].sort((a, b) => a - b) : undefined;
    const values = hs.map((h, i) => new FloatHistogram({
      counterResetHint: l.gauge ? 'gauge' : i === 0 ? 'unknown' : 'not_reset', schema: l.schema, zeroThreshold: l.zeroThreshold,
      count: h.count, zeroCount: h.zeroCount, sum: h.sum, positiveSpans: l.pos, positiveBuckets: h.p,
      negativeSpans: l.schema === -53 ? [] : l.neg, negativeBuckets: h.q, customValues: custom,
    }));
    const ts = values.map((_, i) => l.t0 + i * l.step + jitter[i]);
    const out = { timestamps: [] as number[], values: [] as FloatHistogram[] };
    decodeFloatHistogramChunk(encodeFloatHistogramChunk(ts, values), out);
    expect(out.timestamps).toEqual(ts);
    expect(out.values).toEqual(values);
  }), { numRuns: 300 });
});

test('a series is cut at layout changes, resets, gauge/counter switches and every 120 samples', () => {
  const mk = (i: number, o: Partial<ConstructorParameters<typeof FloatHistogram>[0]> = {}): FloatHistogram =>
    new FloatHistogram({ counterResetHint: 'not_reset', schema: 0, count: i, sum: i, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [i], ...o });
  const hs = [
    ...Array.from({ length: 130 }, (_, i) => mk(i)),
    mk(1, { counterResetHint: 'reset' }), mk(2),
    mk(3, { schema: 1 }),
    mk(4, { counterResetHint: 'gauge' }), mk(5, { counterResetHint: 'gauge' }),
  ];
  const ts = hs.map((_, i) => i * 1000);
  const chunks = floatHistogramChunks(ts, hs);
  expect(chunks.map((c) => [c.minTimeMs / 1000, c.maxTimeMs / 1000])).toEqual([[0, 119], [120, 129], [130, 131], [132, 132], [133, 134]]);
  const back = { timestamps: [] as number[], values: [] as FloatHistogram[] };
  for (const c of chunks) decodeFloatHistogramChunk(c.data, back);
  expect(back.timestamps).toEqual(ts);
  expect(back.values.map((h) => h.count)).toEqual(hs.map((h) => h.count));
  expect(back.values.slice(133).map((h) => h.counterResetHint)).toEqual(['gauge', 'gauge']);
});

test('a histogram with another layout inside one chunk is refused', () => {
  const a = new FloatHistogram({ positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [1], count: 1 });
  const b = new FloatHistogram({ schema: 3, count: 1 });
  expect(() => encodeFloatHistogramChunk([1, 2], [a, b])).toThrow(/another layout/);
});
