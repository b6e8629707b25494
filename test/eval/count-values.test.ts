// count_values over long ranges: groups are remembered per value, and the memory of values starts
// over after a few thousand; the counts must not notice (no duplicate groups, −0 apart from 0).
import { describe, expect, it } from 'vitest';
import { Engine, MemoryStorage } from '../../src/index.js';

const STEPS = 5000;

function storage(): MemoryStorage {
  const s = new MemoryStorage();
  const at = (f: (j: number) => number) => Array.from({ length: STEPS }, (_, j) => ({ t: j * 1000, v: f(j) }));
  s.add({ __name__: 'm', k: 'distinct' }, at((j) => j));
  s.add({ __name__: 'm', k: 'cycle' }, at((j) => j % 3));
  s.add({ __name__: 'm', k: 'zero' }, at((j) => (j % 2 === 0 ? -0 : 0)));
  return s;
}

/** The expected counts by value text at step j. */
function expected(j: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const text of [String(j), String(j % 3), j % 2 === 0 ? '-0' : '0']) m.set(text, (m.get(text) ?? 0) + 1);
  return m;
}

describe('count_values', () => {
  it('counts each value at each step, past the memory of values', async () => {
    const r = await new Engine({ storage: storage() }).rangeQuery('count_values("v", m)', 0, (STEPS - 1) * 1000, 1000);
    expect(r.resultType).toBe('matrix');
    const got = new Map<number, Map<string, number>>();
    for (const s of r.result as { labels: { name: string; value: string }[]; timestamps: number[]; values: number[] }[]) {
      expect(s.labels.map((l) => l.name)).toEqual(['v']);
      s.timestamps.forEach((t, i) => {
        const step = got.get(t / 1000) ?? new Map<string, number>();
        expect(step.has(s.labels[0].value)).toBe(false);
        step.set(s.labels[0].value, s.values[i]);
        got.set(t / 1000, step);
      });
    }
    for (let j = 0; j < STEPS; j++) expect(got.get(j)).toEqual(expected(j));
  });

  it('leaves the value out of the group when `without` names its label', async () => {
    const r = await new Engine({ storage: storage() }).instantQuery('count_values without (v) ("v", m)', 4000);
    const rows = (r.result as { labels: { name: string; value: string }[]; value: number }[]).map((s) => [s.labels.map((l) => `${l.name}=${l.value}`).join(','), s.value]);
    expect(rows.sort()).toEqual([['k=cycle', 1], ['k=distinct', 1], ['k=zero', 1]]);
  });
});
