// MemoryStorage's select as a pausable step (what the engine runs in its time slices): the same
// answer as select, pauses on a wide answer, and series added while it pauses.
import { describe, expect, test } from 'vitest';
import { MemoryStorage, pausableSelect } from '../../src/storage/memory.js';
import { getLabel } from '../../src/storage/labels.js';
import type { SelectRequest, Series } from '../../src/storage/types.js';
import { Engine } from '../../src/eval/engine.js';
import { runCountingPauses } from '../support/pausable.js';

const ALL: SelectRequest = { matchers: [{ name: '__name__', op: '=', value: 'm' }], start: 0, end: 60_000 };

/** 10,000 series m{i}, added out of label order. */
function wide(): MemoryStorage {
  const s = new MemoryStorage();
  for (let k = 0; k < 10_000; k++) s.add({ __name__: 'm', i: String((k * 7919) % 10_000) }, [{ t: 0, v: k }, { t: 60_000, v: k + 1 }]);
  return s;
}

function steps(g: Generator<void, Series[], void>, between?: () => void): { series: Series[]; pauses: number } {
  const { value, pauses } = runCountingPauses(g, between);
  return { series: value, pauses };
}

const names = (ss: Series[]) => ss.map((s) => getLabel(s.labels, 'i'));

describe('MemoryStorage selecting', () => {
  test('gives what select gives, pausing on the way', () => {
    const s = wide();
    const { series, pauses } = steps(pausableSelect(s)!(ALL));
    expect(pauses).toBeGreaterThan(2);
    expect(names(series)).toEqual(names(s.select(ALL)));
    expect(names(series)).toEqual(Array.from({ length: 10_000 }, (_, k) => String(k)).sort());
  });

  test('a series added while it pauses is left to the next select, which has it in label order', () => {
    const s = wide();
    let added = false;
    const { series } = steps(pausableSelect(s)!(ALL), () => {
      if (!added) s.add({ __name__: 'm', i: '5000a' }, [{ t: 0, v: 1 }]);
      added = true;
    });
    expect(series).toHaveLength(10_000);
    const next = names(s.select(ALL));
    expect(next).toHaveLength(10_001);
    expect(next.indexOf('5000a')).toBe(next.indexOf('5000') + 1);
  });

  test('a storage cleared while it pauses: the select ends with the series it started with', () => {
    const s = wide();
    let cleared = false;
    const { series } = steps(pausableSelect(s)!(ALL), () => {
      if (!cleared) s.clear();
      cleared = true;
    });
    expect(series).toHaveLength(10_000);
    expect(s.select(ALL)).toEqual([]);
  });

  test('a subclass with a select of its own is not bypassed', async () => {
    class Counting extends MemoryStorage {
      calls = 0;
      override select(req: SelectRequest): Series[] {
        this.calls++;
        return super.select(req);
      }
    }
    const s = new Counting();
    s.add({ __name__: 'm' }, [{ t: 0, v: 1 }]);
    expect(pausableSelect(s)).toBeUndefined();
    await new Engine({ storage: s }).instantQuery('m', 0);
    expect(s.calls).toBe(1);
  });

  test('a query over the wide selection gives the same answer as through a plain storage', async () => {
    const s = wide();
    const plain = { select: (req: SelectRequest) => s.select(req) };
    const q = 'sum by (i) (m) + on(i) m';
    const [a, b] = await Promise.all([new Engine({ storage: s }).rangeQuery(q, 0, 60_000, 15_000), new Engine({ storage: plain }).rangeQuery(q, 0, 60_000, 15_000)]);
    expect(a.result).toEqual(b.result);
    expect(a.result).toHaveLength(10_000);
  });
});

describe('the label-order sort behind a select', () => {
  /** 30,000 series added in an order far from label order. */
  const shuffled = (): MemoryStorage => {
    const s = new MemoryStorage();
    for (let k = 0; k < 30_000; k++) s.add({ __name__: 'm', i: String((k * 7919) % 30_000) }, [{ t: 0, v: k }]);
    return s;
  };

  test('a select abandoned halfway leaves the sort done so far to the next one', () => {
    const fresh = steps(pausableSelect(shuffled())!(ALL)).pauses;
    const s = shuffled();
    const first = pausableSelect(s)!(ALL);
    for (let k = 0; k < Math.floor(fresh / 2); k++) first.next();
    // `first` is dropped here, as a timed-out query's fetch is.
    const { series, pauses } = steps(pausableSelect(s)!(ALL));
    expect(pauses).toBeLessThan(fresh - fresh / 4);
    expect(names(series)).toEqual(Array.from({ length: 30_000 }, (_, k) => String(k)).sort());
  });

  test('selects running side by side share one sort', () => {
    const fresh = steps(pausableSelect(shuffled())!(ALL)).pauses;
    const s = shuffled();
    const a = pausableSelect(s)!(ALL);
    const b = pausableSelect(s)!(ALL);
    let ra = a.next();
    let rb = b.next();
    let turns = 2;
    while (!ra.done || !rb.done) {
      if (!ra.done) (ra = a.next()), turns++;
      if (!rb.done) (rb = b.next()), turns++;
    }
    expect(turns).toBeLessThan(1.5 * fresh);
    expect(names(ra.value as Series[])).toEqual(names(rb.value as Series[]));
    expect(names(ra.value as Series[])).toEqual(names(s.select(ALL)));
  });
});
