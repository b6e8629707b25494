// `sum` over native histograms keeps its first input as it is until it has to change the sum:
// whatever path the sum takes (one histogram, the dense sum, histogram arithmetic), the stored
// histograms stay as they were and results never alias them.
import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/eval/engine.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { FloatHistogram } from '../../src/histogram/float-histogram.js';
import type { Series } from '../../src/storage/types.js';

/** An uncompacted histogram (an empty bucket inside its span), which the sum's result compacts. */
const withEmptyBucket = (schema: number, customValues?: number[]) => new FloatHistogram({
  schema, count: 3, sum: 4, customValues,
  positiveSpans: [{ offset: 0, length: 3 }], positiveBuckets: [1, 0, 2],
});

async function stored(storage: MemoryStorage): Promise<FloatHistogram[]> {
  const out: FloatHistogram[] = [];
  for await (const s of (await storage.select({ matchers: [{ name: '__name__', op: '=', value: 'h' }], start: 0, end: 10_000 })) as Iterable<Series>) {
    out.push(...(s.histograms?.values ?? []));
  }
  return out;
}

describe('sum of native histograms and its inputs', () => {
  test.each([
    ['one histogram per group', [withEmptyBucket(3)]],
    ['a dense sum', [withEmptyBucket(3), withEmptyBucket(3)]],
    ['histogram arithmetic (schemas differ)', [withEmptyBucket(3), withEmptyBucket(1)]],
    ['custom buckets', [withEmptyBucket(-53, [1, 2, 3]), withEmptyBucket(-53, [1, 2, 3])]],
  ])('%s: stored histograms unchanged, result compacted', async (_name, hs) => {
    const storage = new MemoryStorage();
    hs.forEach((h, i) => storage.appendHistogram({ __name__: 'h', i: String(i) }, 1000, h));
    const engine = new Engine({ storage });
    const before = (await stored(storage)).map((h) => [h.positiveSpans.map((s) => [s.offset, s.length]), h.positiveBuckets.slice()]);
    for (let round = 0; round < 2; round++) {
      const r = await engine.instantQuery('sum(h)', 1000);
      if (r.resultType !== 'vector') throw new Error('sum(h) is a vector');
      const got = r.result[0].histogram!;
      expect(got.positiveBuckets).not.toContain(0);
      for (const s of await stored(storage)) expect(s).not.toBe(got);
    }
    const after = (await stored(storage)).map((h) => [h.positiveSpans.map((s) => [s.offset, s.length]), h.positiveBuckets.slice()]);
    expect(after).toEqual(before);
  });
});
