// The linear merge of bucket layouts against the bucket-by-bucket span walk it replaces: same
// spans (offset-0 spans included), same counts bit for bit, same compensation terms.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addBuckets, setBucketMerge, type Side } from '../../src/histogram/span-ops.js';
import type { Span } from '../../src/histogram/types.js';

/** A side: spans with small gaps (offset 0 allowed after the first), counts with fractions, NaN and ±Inf now and then. */
const sideArb = (maxOffset: number) => fc.array(fc.record({ offset: fc.integer({ min: 0, max: maxOffset }), length: fc.integer({ min: 1, max: 4 }) }), { maxLength: 6 })
  .chain((spans) => {
    const n = spans.reduce((a, s) => a + s.length, 0);
    const count = fc.oneof({ weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, 1e300) });
    return fc.record({
      first: fc.integer({ min: -8, max: 8 }),
      spans: fc.constant(spans),
      buckets: fc.array(count, { minLength: n, maxLength: n }),
      comp: fc.array(count, { minLength: n, maxLength: n }),
    });
  })
  .map(({ first, spans, buckets, comp }) => ({ spans: spans.map((s, i) => (i === 0 ? { offset: s.offset + first, length: s.length } : s)), buckets, comp }));

type Input = { spans: Span[]; buckets: number[]; comp: number[] };

function run(merge: boolean, schema: number, threshold: number, negate: boolean, a: Input, b: Input, kahan: boolean, withCompB: boolean): Side {
  const side: Side = { spans: a.spans.slice(), buckets: a.buckets.slice(), comp: kahan ? a.comp.slice() : null };
  const was = setBucketMerge(merge);
  try {
    addBuckets(schema, threshold, negate, side, b.spans, b.buckets, withCompB ? b.comp : null);
  } finally {
    setBucketMerge(was);
  }
  return side;
}

/** Bit patterns, so that NaN, −0 and +0 are told apart as the walk would leave them. */
const bits = (xs: number[] | null) => xs && xs.map((x) => (Object.is(x, -0) ? '-0' : String(x)));

describe('bucket merge', () => {
  test('gives exactly what the span walk gives, for any two layouts', () => {
    fc.assert(fc.property(
      sideArb(3), sideArb(3), fc.boolean(), fc.boolean(), fc.boolean(), fc.constantFrom(3, 0, -53), fc.constantFrom(0, 0.001, 1.5),
      (a, b, negate, kahan, withCompB, schema, threshold) => {
        const walk = run(false, schema, threshold, negate, a, b, kahan, withCompB && kahan);
        const merged = run(true, schema, threshold, negate, a, b, kahan, withCompB && kahan);
        expect(merged.spans).toEqual(walk.spans);
        expect(bits(merged.buckets)).toEqual(bits(walk.buckets));
        expect(bits(merged.comp)).toEqual(bits(walk.comp));
      },
    ), { numRuns: 3000 });
  });

  test('a gap filled completely leaves the two spans apart (offset 0), as the walk does', () => {
    const a = { spans: [{ offset: 0, length: 1 }, { offset: 2, length: 1 }], buckets: [1, 1], comp: [0, 0] };
    const b = { spans: [{ offset: 1, length: 2 }], buckets: [5, 6], comp: [0, 0] };
    const merged = run(true, 0, 0, false, a, b, false, false);
    expect(merged.spans).toEqual([{ offset: 0, length: 3 }, { offset: 0, length: 1 }]);
    expect(merged.buckets).toEqual([1, 5, 6, 1]);
  });

  test('a bucket right before a span joins it; one after a span extends that span', () => {
    const a = { spans: [{ offset: 0, length: 1 }, { offset: 3, length: 1 }], buckets: [1, 1], comp: [0, 0] };
    const b = { spans: [{ offset: 3, length: 1 }], buckets: [7], comp: [0] };
    expect(run(true, 0, 0, false, a, b, false, false).spans).toEqual([{ offset: 0, length: 1 }, { offset: 2, length: 2 }]);
    const c = { spans: [{ offset: 1, length: 1 }], buckets: [7], comp: [0] };
    expect(run(true, 0, 0, false, a, c, false, false).spans).toEqual([{ offset: 0, length: 2 }, { offset: 2, length: 1 }]);
  });
});
