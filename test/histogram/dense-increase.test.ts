// The increase of a window of native histograms, computed in reusable dense arrays, against the
// same increase computed with FloatHistogram arithmetic (copy of the last, minus the first,
// counter resets added back, compacted): bit for bit, layout included, also for windows the
// dense arrays hand over to the histogram arithmetic midway.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DenseIncrease } from '../../src/histogram/dense-increase.js';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import type { CounterResetHint } from '../../src/histogram/types.js';
import { countedSideArb } from './helpers.js';
import { histogramIncrease, type HistogramSite } from '../../src/functions/rate-histogram.js';
import { Annotations } from '../../src/eval/annotations.js';


/** What sets a point apart from the window's schema and zero threshold, mostly nothing. */
type Oddity = 'none' | 'higher-schema' | 'lower-schema' | 'other-threshold' | 'bucketless-lower-threshold' | 'unordered';

const pointArb = (schema: number, zeroThreshold: number) => fc.record({
  oddity: fc.oneof({ weight: 12, arbitrary: fc.constant<Oddity>('none') }, {
    weight: 1, arbitrary: fc.constantFrom<Oddity>('higher-schema', 'lower-schema', 'other-threshold', 'bucketless-lower-threshold', 'unordered'),
  }),
  hint: fc.constantFrom<CounterResetHint>('unknown', 'unknown', 'not_reset', 'reset', 'gauge'),
  zeroCount: fc.double({ min: 0, max: 10, noNaN: true }), count: fc.double({ min: 0, max: 1e3, noNaN: true }),
  sum: fc.double({ min: -1e17, max: 1e17, noNaN: true }), pos: countedSideArb(false), neg: countedSideArb(false), odd: countedSideArb(true),
}).map((r) => {
  const bucketless = r.oddity === 'bucketless-lower-threshold';
  return new FloatHistogram({
    counterResetHint: r.hint,
    schema: r.oddity === 'higher-schema' ? schema + 1 : r.oddity === 'lower-schema' ? schema - 1 : schema,
    zeroThreshold: r.oddity === 'other-threshold' ? zeroThreshold + 0.5 : bucketless ? zeroThreshold / 2 : zeroThreshold,
    zeroCount: r.zeroCount, count: r.count, sum: r.sum,
    positiveSpans: bucketless ? [] : r.oddity === 'unordered' ? r.odd.spans : r.pos.spans,
    positiveBuckets: bucketless ? [] : r.oddity === 'unordered' ? r.odd.buckets : r.pos.buckets,
    negativeSpans: bucketless ? [] : r.neg.spans, negativeBuckets: bucketless ? [] : r.neg.buckets,
  });
});

const windowArb = fc.record({ schema: fc.constantFrom(0, 3, -2), zeroThreshold: fc.constantFrom(0, 1e-3, 1.5) })
  .chain(({ schema, zeroThreshold }) => fc.tuple(fc.array(pointArb(schema, zeroThreshold), { minLength: 2, maxLength: 7 }), fc.boolean()));

/** Every field, counts by bit pattern (−0, NaN). */
function shape(h: FloatHistogram | null) {
  if (!h) return null;
  const b = (xs: number[]) => xs.map((x) => (Object.is(x, -0) ? '-0' : String(x)));
  return {
    hint: h.counterResetHint, schema: h.schema, zeroThreshold: h.zeroThreshold, zeroCount: b([h.zeroCount]), count: b([h.count]), sum: b([h.sum]),
    positiveSpans: h.positiveSpans.map((s) => [s.offset, s.length]), positiveBuckets: b(h.positiveBuckets),
    negativeSpans: h.negativeSpans.map((s) => [s.offset, s.length]), negativeBuckets: b(h.negativeBuckets),
    customValues: h.customValues,
  };
}

/** The reference: Prometheus's `histogramRate` arithmetic, histogram by histogram (exponential windows, so nothing fails). */
function reference(points: FloatHistogram[], isCounter: boolean): FloatHistogram {
  let prev = points[0];
  const last = points[points.length - 1];
  if (isCounter && points[1].detectReset(prev)) prev = new FloatHistogram({ schema: points[1].schema });
  let minSchema = Math.min(last.schema, prev.schema);
  for (let k = 1; isCounter && k < points.length - 1; k++) minSchema = Math.min(minSchema, points[k].schema);
  const h = last.copyToSchema(minSchema);
  h.sub(prev);
  if (isCounter) {
    for (let k = 1; k < points.length; k++) {
      if (points[k].detectReset(prev)) h.add(prev);
      prev = points[k];
    }
  }
  h.counterResetHint = 'gauge';
  return h.compact(0);
}

/** The result's shape, or the error (spans stepping back make the span walk refuse them). */
function outcome(f: () => FloatHistogram | null) {
  try {
    return { ok: shape(f()) };
  } catch (err) {
    return { error: String(err) };
  }
}

const site = (): HistogramSite => ({ annotations: new Annotations(), name: 'm', pos: { start: 0, end: 1 } });

/** A deep copy, to check that nothing the increase reads is changed. */
const snapshot = (hs: FloatHistogram[]) => hs.map((h) => shape(h.copy()));

describe('window increase of native histograms', () => {
  test('equals the FloatHistogram arithmetic bit for bit, inputs unchanged', () => {
    fc.assert(fc.property(windowArb, ([points, isCounter]) => {
      const before = snapshot(points);
      const want = outcome(() => reference(points.map((p) => p.copy()), isCounter));
      const got = outcome(() => histogramIncrease(points, 0, points.length, isCounter, site()));
      expect(got).toEqual(want);
      expect(snapshot(points)).toEqual(before);
    }), { numRuns: 3000 });
  });

  test('a window inside a longer series: only its points count, and the scratch state of one window never leaks into the next', () => {
    fc.assert(fc.property(fc.array(windowArb, { minLength: 2, maxLength: 4 }), (windows) => {
      for (const [points, isCounter] of windows) {
        const series = [points[0].copy(), ...points, points[points.length - 1].copy()];
        const got = outcome(() => histogramIncrease(series, 1, series.length - 1, isCounter, site()));
        expect(got).toEqual(outcome(() => reference(points.map((p) => p.copy()), isCounter)));
      }
    }), { numRuns: 500 });
  });

  test('takes the same exponential schema, and the same zero threshold or a lower one without buckets', () => {
    const h = (schema: number, zeroThreshold: number, buckets = [1]) => new FloatHistogram({
      schema, zeroThreshold, count: 1, positiveSpans: buckets.length ? [{ offset: 0, length: buckets.length }] : [], positiveBuckets: buckets,
    });
    expect(DenseIncrease.startsWith(h(-53, 0))).toBe(false);
    expect(DenseIncrease.startsWith(h(3, NaN))).toBe(false);
    expect(DenseIncrease.startsWith(new FloatHistogram({ schema: 3, positiveSpans: [{ offset: 2, length: 1 }, { offset: -3, length: 1 }], positiveBuckets: [1, 1] }))).toBe(false);
    const d = new DenseIncrease();
    d.start(h(3, 0.001));
    expect(d.accepts(h(3, 0.001))).toBe(true);
    expect(d.accepts(h(3, 0.0001, []))).toBe(true);
    expect(d.accepts(h(3, 0.0001))).toBe(false);
    expect(d.accepts(h(3, 0.01, []))).toBe(false);
    expect(d.accepts(h(2, 0.001))).toBe(false);
  });

  test('buckets of the subtracted histogram inside the zero bucket are skipped up to the first outside; the last keeps its own', () => {
    // Schema 0, threshold 1.5: bucket 0 (upper bound 1) is inside, bucket 1 (bound 2) outside.
    const last = new FloatHistogram({ schema: 0, zeroThreshold: 1.5, count: 30, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [4, 26] });
    const first = new FloatHistogram({ schema: 0, zeroThreshold: 1.5, count: 20, positiveSpans: [{ offset: -1, length: 3 }], positiveBuckets: [7, 1, 12] });
    const d = new DenseIncrease();
    d.start(last);
    d.add(first, true);
    const r = d.result();
    expect(r.positiveSpans).toEqual([{ offset: 0, length: 2 }]);
    expect(r.positiveBuckets).toEqual([4, 14]);
    expect(r.counterResetHint).toBe('gauge');
  });
});
