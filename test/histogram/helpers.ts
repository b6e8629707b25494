// Shorthand and random generators for FloatHistogram tests: one span per side by default (as the
// `{{…}}` notation writes them), and fast-check arbitraries for valid histograms.
import fc from 'fast-check';
import { FloatHistogram, type FloatHistogramInit } from '../../src/histogram/float-histogram.js';
import { CUSTOM_BUCKETS_SCHEMA, type CounterResetHint, type Span } from '../../src/histogram/types.js';

/** A histogram description: the constructor's fields, or `buckets`/`offset` for a single span per side. */
export interface Short extends Omit<FloatHistogramInit, 'positiveSpans' | 'negativeSpans'> {
  offset?: number;
  nOffset?: number;
  buckets?: number[];
  nBuckets?: number[];
  positiveSpans?: [number, number][];
  negativeSpans?: [number, number][];
}

const spans = (s: [number, number][]): Span[] => s.map(([offset, length]) => ({ offset, length }));

/** Builds a histogram; count defaults to the total of all buckets. */
export function fh(s: Short): FloatHistogram {
  const pos = s.buckets ?? s.positiveBuckets ?? [];
  const neg = s.nBuckets ?? s.negativeBuckets ?? [];
  const total = [...pos, ...neg].reduce((a, b) => a + b, s.zeroCount ?? 0);
  return new FloatHistogram({
    ...s,
    count: s.count ?? total,
    positiveBuckets: pos.slice(),
    negativeBuckets: neg.slice(),
    positiveSpans: s.positiveSpans ? spans(s.positiveSpans) : pos.length ? [{ offset: s.offset ?? 0, length: pos.length }] : [],
    negativeSpans: s.negativeSpans ? spans(s.negativeSpans) : neg.length ? [{ offset: s.nOffset ?? 0, length: neg.length }] : [],
  });
}

/** Every populated bucket of one side as `index:count`, in order. */
export function populated(h: FloatHistogram, positive = true): string[] {
  const it = positive ? h.positiveBucketIterator() : h.negativeBucketIterator();
  return [...it].filter((b) => b.count !== 0).map((b) => `${b.index}:${b.count}`);
}

/** Random spans and integer buckets (some zero) for one side. */
function sideArb(maxSpans: number, firstMin: number): fc.Arbitrary<{ spans: Span[]; buckets: number[] }> {
  return fc.array(fc.record({ offset: fc.integer({ min: 0, max: 4 }), counts: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 0, maxLength: 5 }) }), { maxLength: maxSpans })
    .chain((parts) => fc.integer({ min: firstMin, max: 3 }).map((first) => ({
      spans: parts.map((p, i) => ({ offset: i === 0 ? first + p.offset : p.offset, length: p.counts.length })),
      buckets: parts.flatMap((p) => p.counts),
    })));
}

const hintArb: fc.Arbitrary<CounterResetHint> = fc.constantFrom('unknown', 'reset', 'not_reset', 'gauge');

/**
 * A valid exponential histogram with integer counts; `schema` and `zeroThreshold` fixed when given,
 * or the zero threshold drawn from `zeroThresholds`.
 */
export function exponentialArb(opts: { schema?: number; zeroThreshold?: number; zeroThresholds?: number[] } = {}): fc.Arbitrary<FloatHistogram> {
  return fc.record({
    schema: opts.schema !== undefined ? fc.constant(opts.schema) : fc.integer({ min: -4, max: 8 }),
    zeroThreshold: opts.zeroThreshold !== undefined ? fc.constant(opts.zeroThreshold) : fc.constantFrom(...(opts.zeroThresholds ?? [0, 0.001, 0.25, 1])),
    zeroCount: fc.integer({ min: 0, max: 9 }),
    sum: fc.integer({ min: -1000, max: 1000 }),
    pos: sideArb(3, -6),
    neg: sideArb(3, -6),
    hint: hintArb,
  }).map((r) => inZeroBucket(new FloatHistogram({
    counterResetHint: r.hint,
    schema: r.schema,
    zeroThreshold: r.zeroThreshold,
    zeroCount: r.zeroCount,
    sum: r.sum,
    count: r.zeroCount + [...r.pos.buckets, ...r.neg.buckets].reduce((a, b) => a + b, 0),
    positiveSpans: r.pos.spans,
    positiveBuckets: r.pos.buckets,
    negativeSpans: r.neg.spans,
    negativeBuckets: r.neg.buckets,
  })));
}

/**
 * Moves the counts of buckets that lie inside the zero bucket into the zero count, as an
 * instrumented histogram would have counted them (Prometheus's addition ignores such buckets of the
 * operand it adds, since their observations are expected in its zero count).
 */
function inZeroBucket(h: FloatHistogram): FloatHistogram {
  for (const positive of [true, false]) {
    const buckets = positive ? h.positiveBuckets : h.negativeBuckets;
    let i = 0;
    for (const b of positive ? h.positiveBucketIterator() : h.negativeBucketIterator()) {
      if (Math.abs(positive ? b.upper : b.lower) <= h.zeroThreshold) {
        h.zeroCount += buckets[i];
        buckets[i] = 0;
      }
      i++;
    }
  }
  return h;
}

/** A valid NHCB histogram over `bounds` (buckets 0…bounds.length, the last one up to +Inf). */
export function customArb(bounds: number[]): fc.Arbitrary<FloatHistogram> {
  return fc.record({ counts: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: bounds.length + 1, maxLength: bounds.length + 1 }), sum: fc.integer({ min: 0, max: 1000 }) })
    .map(({ counts, sum }) => new FloatHistogram({
      schema: CUSTOM_BUCKETS_SCHEMA,
      customValues: bounds,
      count: counts.reduce((a, b) => a + b, 0),
      sum,
      positiveSpans: [{ offset: 0, length: counts.length }],
      positiveBuckets: counts,
    }).compact(0));
}

/** Spans in order (or, with `unordered`, a later span stepping back) and counts: fractional, some 0, now and then NaN, Inf, huge. */
export const countedSideArb = (unordered: boolean) => fc.array(fc.record({ offset: fc.integer({ min: unordered ? -3 : 0, max: 3 }), length: fc.integer({ min: 0, max: 4 }) }), { maxLength: 4 })
  .chain((spans) => {
    const n = spans.reduce((a, s) => a + s.length, 0);
    const count = fc.oneof(
      { weight: 6, arbitrary: fc.double({ min: 0, max: 100, noNaN: true }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 5 }) },
      { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e17, 3e-17, NaN, Infinity) },
    );
    return fc.record({ first: fc.integer({ min: -6, max: 6 }), buckets: fc.array(count, { minLength: n, maxLength: n }) })
      .map(({ first, buckets }) => ({ spans: spans.map((s, i): Span => (i === 0 ? { offset: s.offset + first, length: s.length } : s)), buckets }));
  });
