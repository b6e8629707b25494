// histogram_quantile and histogram_fraction over classic buckets gather each group's buckets in
// an order worked out once per query: at every step the answer must equal the quantile of that
// step's present buckets sorted and merged on their own (equal bounds such as "1" and "1.0"
// summed in input order, NaN bounds, missing +Inf, decreasing counts).
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Engine, MemoryStorage } from '../../src/index.js';
import { bucketFraction, bucketQuantile, type Bucket } from '../../src/functions/buckets.js';
import { bits, RUNS } from './every-step.js';

const BOUNDS = ['0.1', '0.5', '1', '1.0', '1e0', '2.5', '+Inf', 'Inf', 'NaN', '-1'];
const STEPS = 6;

describe('classic histogram functions', () => {
  test('match the per-step sort and merge of the present buckets', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({
        le: fc.constantFrom(...BOUNDS),
        group: fc.constantFrom('a', 'b'),
        counts: fc.array(fc.option(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0, max: 50, noNaN: true }), fc.constantFrom(1e16, 1, 0.1)), { nil: undefined, freq: 4 }), { minLength: STEPS, maxLength: STEPS }),
      }), { minLength: 1, maxLength: 12 }),
      fc.constantFrom(0, 0.25, 0.5, 0.9, 1),
      async (buckets, q) => {
        const storage = new MemoryStorage();
        const seen = new Set<string>();
        const kept = buckets.filter((b) => {
          const k = `${b.group}/${b.le}`;
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        for (const b of kept) {
          const pts = b.counts.flatMap((c, i) => (c === undefined ? [] : [{ t: i * 60_000, v: c }]));
          if (pts.length > 0) storage.add({ __name__: 'h_bucket', g: b.group, le: b.le }, pts);
        }
        const engine = new Engine({ storage, lookbackDeltaMs: 30_000 });
        const end = (STEPS - 1) * 60_000;
        const quantile = await engine.rangeQuery(`histogram_quantile(${q}, h_bucket)`, 0, end, 60_000);
        const fraction = await engine.rangeQuery('histogram_fraction(0.2, 1.5, h_bucket)', 0, end, 60_000);
        const at = (r: typeof quantile, g: string, t: number) => {
          const s = (r.result as { labels: { name: string; value: string }[]; timestamps: number[]; values: number[] }[])
            .find((x) => x.labels.find((l) => l.name === 'g')?.value === g);
          const i = s ? s.timestamps.indexOf(t) : -1;
          return i < 0 ? undefined : bits(s!.values[i]);
        };
        for (const g of ['a', 'b']) {
          for (let step = 0; step < STEPS; step++) {
            // The engine's series order: by labels (le sorted as strings) within the group.
            const present: Bucket[] = kept.filter((b) => b.group === g && b.counts[step] !== undefined)
              .sort((x, y) => (x.le < y.le ? -1 : x.le > y.le ? 1 : 0))
              .map((b) => ({ upper: b.le === 'Inf' || b.le === '+Inf' ? Infinity : Number(b.le), count: b.counts[step]! }));
            const t = step * 60_000;
            expect(at(quantile, g, t)).toBe(present.length ? bits(bucketQuantile(q, present).value) : undefined);
            expect(at(fraction, g, t)).toBe(present.length ? bits(bucketFraction(0.2, 1.5, present)) : undefined);
          }
        }
      },
    ), { numRuns: RUNS });
  });

  test('equal bounds are summed in series order', async () => {
    // "1", "1.0" and "1e0" merge: (1e16 + 1) + 1 rounds to 1e16, where 1 + 1 + 1e16 would not.
    const storage = new MemoryStorage();
    for (const [le, v] of [['1', 1e16], ['1.0', 1], ['1e0', 1], ['+Inf', 1e16 + 2]] as const) storage.add({ __name__: 'h_bucket', le }, [{ t: 0, v }]);
    const r = await new Engine({ storage }).rangeQuery('histogram_fraction(0, 1, h_bucket)', 0, 60_000, 60_000);
    expect((r.result as { values: number[] }[])[0].values).toEqual([1e16 / (1e16 + 2), 1e16 / (1e16 + 2)]);
  });
});
