// compact(0) of a well-formed side: exactly the non-empty buckets, in maximal runs of indexes.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compactBuckets, type Side } from '../../src/histogram/span-ops.js';
import type { Span } from '../../src/histogram/types.js';

const sideArb = fc.record({
  first: fc.integer({ min: -5, max: 5 }),
  spans: fc.array(fc.record({ offset: fc.integer({ min: 0, max: 3 }), length: fc.integer({ min: 0, max: 5 }) }), { maxLength: 6 }),
  withComp: fc.boolean(),
}).chain(({ first, spans, withComp }) => {
  const n = spans.reduce((a, s) => a + s.length, 0);
  const v = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: -3, max: 9 }) }, { weight: 1, arbitrary: fc.constantFrom(-0, NaN) });
  return fc.record({ buckets: fc.array(v, { minLength: n, maxLength: n }), comp: fc.array(fc.constantFrom(0, 0, 0, 1), { minLength: n, maxLength: n }) })
    .map(({ buckets, comp }): Side => ({
      spans: spans.map((s, i): Span => (i === 0 ? { offset: s.offset + first, length: s.length } : s)), buckets, comp: withComp ? comp : null,
    }));
});

/** index → [count, compensation] of the non-empty buckets. */
function nonEmpty(side: Side): [number, number, number][] {
  const out: [number, number, number][] = [];
  let idx = 0;
  let k = 0;
  for (const s of side.spans) {
    idx += s.offset;
    for (let j = 0; j < s.length; j++, idx++, k++) {
      const c = side.comp ? side.comp[k] : 0;
      if (side.buckets[k] !== 0 || c !== 0) out.push([idx, side.buckets[k], c]);
    }
  }
  return out;
}

describe('compact(0)', () => {
  test('keeps every non-empty bucket with its terms and nothing else, spans being maximal runs', () => {
    fc.assert(fc.property(sideArb, (side) => {
      const before = nonEmpty(side);
      const after: Side = { spans: side.spans.slice(), buckets: side.buckets.slice(), comp: side.comp && side.comp.slice() };
      compactBuckets(after, 0);
      expect(nonEmpty(after)).toEqual(before);
      expect(after.buckets.length).toBe(before.length);
      expect(after.spans.every((s, i) => s.length > 0 && (i === 0 || s.offset > 0))).toBe(true);
      if (before.length > 0) expect(after.spans[0].offset).toBe(before[0][0]);
    }), { numRuns: 2000 });
  });
});
