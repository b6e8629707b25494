// Once a range query has answered and its caller has dropped the answer, nothing of the engine
// may keep it reachable for the young-generation collector: otherwise every later query's minor
// collections copy the dead result once more and promote it to the old generation.
import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/eval/engine.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { gc, spaceBytes } from '../support/heap.js';

function youngBytes(): number {
  return spaceBytes('new_space');
}

/** Bytes still in the young generation after `run` and a minor collection, beyond those before it. */
async function keptBy(run: () => Promise<unknown>): Promise<number> {
  await new Promise((r) => setTimeout(r, 5));
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  const before = youngBytes();
  await run();
  await new Promise((r) => setTimeout(r, 5));
  gc({ type: 'minor' });
  return youngBytes() - before;
}

describe('a finished range query', () => {
  const storage = new MemoryStorage();
  const series = 40;
  const samples = 1_000;
  for (let s = 0; s < series; s++) {
    for (let i = 0; i < samples; i++) storage.append({ __name__: 'm', instance: `i${s}` }, i * 15_000, s * 1_000 + i);
  }
  const engine = new Engine({ storage });
  // The answer: 40 series of 1,000 float timestamps and values, about 640 KB in number[] arrays.
  const resultBytes = series * samples * 2 * 8;

  test.each([
    ['a selector', 'm'],
    ['a function of a range selector', 'rate(m[1m])'],
    ['an aggregation', 'sum by (instance) (m * 2)'],
  ])('leaves nothing of its result for the minor collector (%s)', async (_, query) => {
    const run = async (): Promise<void> => {
      const r = await engine.rangeQuery(query, 0, (samples - 1) * 15_000, 15_000);
      expect(r.resultType).toBe('matrix');
    };
    // Warm: the first runs compile the code and fill the caches that live across queries.
    for (let i = 0; i < 5; i++) await run();
    const kept = Math.min(await keptBy(run), await keptBy(run), await keptBy(run));
    expect(kept).toBeLessThan(resultBytes / 4);
  });

  test('the check sees a result that is held (the measurement can fail)', async () => {
    const held: unknown[] = [];
    const hold = async (): Promise<void> => {
      held.push(await engine.rangeQuery('m', 0, (samples - 1) * 15_000, 15_000));
    };
    // The largest of three, as the checks above take the smallest: a collection the runtime
    // starts by itself in between (a loaded machine) can promote a held result out of the young
    // generation before it is measured.
    const kept = Math.max(await keptBy(hold), await keptBy(hold), await keptBy(hold));
    expect(held).toHaveLength(3);
    expect(kept).toBeGreaterThan(resultBytes / 2);
  });
});
