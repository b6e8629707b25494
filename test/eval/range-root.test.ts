// The result of a range query: each label set's points in step order, series that come to share
// their labels at the root (delayed name removal) merged, and failing where two share a step.
import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/eval/engine.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { getLabel, type Labels } from '../../src/storage/labels.js';

type Row = { labels: Labels; timestamps: number[]; values: number[] };

/** a{i} and b{i} for `n` values of i, at the minutes `aSteps(i)` and `bSteps(i)`, value = minute + 0.5 (a) or + 0.25 (b). */
function storageOf(n: number, aSteps: (i: number) => number[], bSteps: (i: number) => number[]): MemoryStorage {
  const s = new MemoryStorage();
  for (let i = 0; i < n; i++) {
    s.add({ __name__: 'a', i: String(i) }, aSteps(i).map((m) => ({ t: m * 60_000, v: m + 0.5 })));
    s.add({ __name__: 'b', i: String(i) }, bSteps(i).map((m) => ({ t: m * 60_000, v: m + 0.25 })));
  }
  return s;
}

const rows = (r: { result: unknown }) => r.result as Row[];

describe('series merged at the root of a range query (delayed name removal)', () => {
  const q = 'abs({__name__=~"a|b"})';

  test('a later step that comes first in the input still ends in step order', async () => {
    // a (first in label order) at minute 2, b at minute 0: one batch of 3 steps.
    const engine = new Engine({ storage: storageOf(1, () => [2], () => [0]), lookbackDeltaMs: 1000, delayedNameRemoval: true });
    const [s, ...rest] = rows(await engine.rangeQuery(q, 0, 120_000, 60_000));
    expect(rest).toHaveLength(0);
    expect(s.timestamps).toEqual([0, 120_000]);
    expect(s.values).toEqual([0.25, 2.5]);
  });

  test('interleaved steps over many batches and series, every series in step order', async () => {
    // a{i} at the odd minutes, b{i} at the even ones, except that each i skips minutes ≡ i (mod 7).
    const minutes = 3000;
    const steps = (parity: number) => (i: number) => Array.from({ length: minutes }, (_, m) => m).filter((m) => m % 2 === parity && m % 7 !== i % 7);
    const engine = new Engine({ storage: storageOf(40, steps(1), steps(0)), lookbackDeltaMs: 1000, delayedNameRemoval: true });
    const got = rows(await engine.rangeQuery(q, 0, (minutes - 1) * 60_000, 60_000));
    expect(got.map((s) => getLabel(s.labels, 'i'))).toEqual(Array.from({ length: 40 }, (_, i) => String(i)).sort());
    for (const s of got) {
      const i = Number(getLabel(s.labels, 'i'));
      const want = Array.from({ length: minutes }, (_, m) => m).filter((m) => m % 7 !== i % 7);
      expect(s.timestamps).toEqual(want.map((m) => m * 60_000));
      expect(s.values).toEqual(want.map((m) => m + (m % 2 ? 0.5 : 0.25)));
    }
  });

  test('two series of one label set at the same step fail, in the first batch or a later one', async () => {
    for (const clashAt of [0, 2, 500, 2999]) {
      const engine = new Engine({
        storage: storageOf(3, (i) => (i === 1 ? [1, clashAt] : [1]), (i) => (i === 1 ? [clashAt] : [3])),
        lookbackDeltaMs: 1000, delayedNameRemoval: true,
      });
      await expect(engine.rangeQuery(q, 0, 2999 * 60_000, 60_000), String(clashAt)).rejects.toThrow('vector cannot contain metrics with the same labelset');
    }
  });

  test('without delayed name removal the function merges them itself, to the same answer', async () => {
    const storage = storageOf(1, () => [2], () => [0]);
    const now = rows(await new Engine({ storage, lookbackDeltaMs: 1000 }).rangeQuery(q, 0, 120_000, 60_000));
    const later = rows(await new Engine({ storage, lookbackDeltaMs: 1000, delayedNameRemoval: true }).rangeQuery(q, 0, 120_000, 60_000));
    expect(later).toEqual(now);
  });
});
