// Adding buckets that A already has: A's spans stay as they are and each bucket gets B's count.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addBuckets, type Side } from '../../src/histogram/span-ops.js';
import type { Span } from '../../src/histogram/types.js';

/** Spans of sorted distinct indexes. */
function spansOf(idx: number[]): Span[] {
  const out: Span[] = [];
  let end: number | null = null;
  for (const i of idx) {
    if (end === i) out[out.length - 1] = { offset: out[out.length - 1].offset, length: out[out.length - 1].length + 1 };
    else out.push({ offset: end === null ? i : i - end, length: 1 });
    end = i + 1;
  }
  return out;
}

const caseArb = fc.uniqueArray(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 25 })
  .map((xs) => xs.sort((a, b) => a - b))
  .chain((idxA) => fc.record({
    idxA: fc.constant(idxA),
    keep: fc.array(fc.boolean(), { minLength: idxA.length, maxLength: idxA.length }),
    countsA: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: idxA.length, maxLength: idxA.length }),
    countsB: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: idxA.length, maxLength: idxA.length }),
    negate: fc.boolean(),
  }));

describe('adding buckets A already has', () => {
  test('keeps the layout and adds bucket by bucket (subtracts with negate)', () => {
    fc.assert(fc.property(caseArb, ({ idxA, keep, countsA, countsB, negate }) => {
      const idxB = idxA.filter((_, k) => keep[k]);
      const bucketsB = countsB.filter((_, k) => keep[k]);
      const side: Side = { spans: spansOf(idxA), buckets: countsA.slice(), comp: null };
      const spansBefore = side.spans.slice();
      addBuckets(3, 0, negate, side, spansOf(idxB), bucketsB, null);
      expect(side.spans).toEqual(spansBefore);
      const want = countsA.map((c, k) => (keep[k] ? (negate ? c - countsB[k] : c + countsB[k]) : c));
      expect(side.buckets).toEqual(want);
    }), { numRuns: 1000 });
  });
});
