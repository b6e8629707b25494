// topk and bottomk over many series in range queries (evaluated a chunk of steps at a time, series
// by series): at every step each group keeps exactly the k largest (smallest) values, NaN ranking
// below every number for both, whatever the order the series come in.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Engine, MemoryStorage } from '../../src/index.js';

const RUNS = Number(process.env.PROMQL_PROPERTY_RUNS ?? 100);
const key = (x: number) => (Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '0' : String(x));

/** The values a correct topk/bottomk keeps from `vs`, as sorted keys. */
function expected(vs: number[], k: number, top: boolean): string[] {
  const nums = vs.filter((v) => !Number.isNaN(v)).sort((a, b) => (top ? b - a : a - b));
  const nans = vs.filter((v) => Number.isNaN(v));
  return [...nums, ...nans].slice(0, Math.max(0, k)).map(key).sort();
}

describe('topk and bottomk over many series', () => {
  test.each([['topk', true], ['bottomk', false]] as const)('%s keeps the k extreme values of each group at each step', async (op, top) => {
    const STEPS = 9;
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 3 }),
      // Values from a small set (ties), NaN sometimes; a series may be missing at a step.
      fc.array(fc.array(fc.option(fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constant(NaN)), { nil: undefined, freq: 6 }), { minLength: STEPS, maxLength: STEPS }), { minLength: 40, maxLength: 40 }),
      fc.array(fc.integer({ min: 0, max: 6 }), { minLength: STEPS, maxLength: STEPS }),
      async (seriesCount, groupCount, grid, ks) => {
        const storage = new MemoryStorage();
        for (let s = 0; s < seriesCount; s++) {
          const pts = grid[s].flatMap((v, i) => (v === undefined ? [] : [{ t: i * 60_000, v }]));
          if (pts.length > 0) storage.add({ __name__: 'x', series: String(s), g: String(s % groupCount) }, pts);
        }
        storage.add({ __name__: 'k' }, ks.map((v, i) => ({ t: i * 60_000, v })));
        const e = new Engine({ storage, lookbackDeltaMs: 30_000 });
        const r = await e.rangeQuery(`${op} by (g) (scalar(k), x)`, 0, (STEPS - 1) * 60_000, 60_000);
        const got = new Map<string, string[]>();
        for (const s of r.result as { labels: { name: string; value: string }[]; timestamps: number[]; values: number[] }[]) {
          const g = s.labels.find((l) => l.name === 'g')?.value;
          s.timestamps.forEach((t, i) => {
            const at = `${t / 60_000}/${g}`;
            got.set(at, [...(got.get(at) ?? []), key(s.values[i])]);
          });
        }
        for (let i = 0; i < STEPS; i++) {
          for (let g = 0; g < groupCount; g++) {
            const vs: number[] = [];
            for (let s = g; s < seriesCount; s += groupCount) if (grid[s][i] !== undefined) vs.push(grid[s][i]!);
            expect((got.get(`${i}/${g}`) ?? []).sort()).toEqual(expected(vs, ks[i], top));
          }
        }
      },
    ), { numRuns: RUNS });
  });
});
