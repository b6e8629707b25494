// Staleness markers stored as the StaleNaN value, with or without a flag: a range selector leaves
// them out whichever way the storage hands them over (MemoryStorage flags every marker it stores,
// so its series are read by their flags alone; any other storage's values are read too).
import { describe, expect, test } from 'vitest';
import { Engine, MemoryStorage, STALE_NAN } from '../../src/index.js';
import { labelsFrom } from '../../src/storage/labels.js';
import type { Series, Storage } from '../../src/storage/types.js';

const X = labelsFrom({ __name__: 'x' });
// Samples every 10 s from 10 s to 50 s; the one at 30 s is a marker. The values live in a typed
// array: a plain array of doubles may canonicalise the marker's NaN payload.
const TS = [10_000, 20_000, 30_000, 40_000, 50_000];
function values(): Float64Array {
  const vs = Float64Array.from([1, 2, 0, 4, 5]);
  new DataView(vs.buffer).setFloat64(16, STALE_NAN, true);
  return vs;
}

async function counted(storage: Storage): Promise<{ count: number; last: number }> {
  const e = new Engine({ storage });
  const c = await e.instantQuery('count_over_time(x[1m])', 60_000);
  const l = await e.instantQuery('sum_over_time(x[1m])', 60_000);
  if (c.resultType !== 'vector' || l.resultType !== 'vector') throw new Error('expected vectors');
  return { count: c.result[0].value, last: l.result[0].value };
}

describe('staleness markers in range selectors', () => {
  test('a storage that stores a marker only as its value (typed arrays, no flags)', async () => {
    const series: Series = { labels: X, timestamps: Float64Array.from(TS), values: values() };
    const storage: Storage = { select: () => [series] };
    expect(await counted(storage)).toEqual({ count: 4, last: 12 });
  });

  test('the same with plain timestamps', async () => {
    const storage: Storage = { select: () => [{ labels: X, timestamps: TS, values: values() }] };
    expect(await counted(storage)).toEqual({ count: 4, last: 12 });
  });

  test('MemoryStorage, the marker appended as a value without the stale flag', async () => {
    const m = new MemoryStorage();
    const vs = values();
    TS.forEach((t, i) => m.append({ __name__: 'x' }, t, vs[i]));
    expect(await counted(m)).toEqual({ count: 4, last: 12 });
  });

  test('MemoryStorage, the marker appended among many floats at once, out of order', async () => {
    const m = new MemoryStorage();
    m.appendFloats({ __name__: 'x' }, Float64Array.from(TS).reverse(), values().reverse());
    expect(await counted(m)).toEqual({ count: 4, last: 12 });
  });
});
