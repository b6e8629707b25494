// A reusable contract suite for Storage implementations: anything the engine relies on.
// Call storageContract(name, make) from a test file; `make` receives series to hold.
import { describe, expect, test } from 'vitest';
import type { Series, Storage } from '../../src/storage/types.js';
import { compareLabels, labelsFrom, type Labels } from '../../src/storage/labels.js';
import { checkSeries } from '../../src/storage/contract.js';

/** Fixture series: name, labels and samples. */
export interface FixtureSeries {
  readonly labels: Labels;
  readonly samples: readonly { t: number; v: number }[];
}

const FIXTURE: FixtureSeries[] = [
  { labels: labelsFrom({ __name__: 'up', job: 'api', instance: 'b' }), samples: [{ t: 0, v: 1 }, { t: 15_000, v: 1 }] },
  { labels: labelsFrom({ __name__: 'up', job: 'api', instance: 'a' }), samples: [{ t: 0, v: 0 }, { t: 30_000, v: 1 }] },
  { labels: labelsFrom({ __name__: 'up', job: 'db', instance: 'Z' }), samples: [{ t: 60_000, v: 1 }] },
  { labels: labelsFrom({ __name__: 'Up', job: 'db' }), samples: [{ t: 0, v: 5 }] },
  { labels: labelsFrom({ __name__: 'up', job: 'line\nbreak' }), samples: [{ t: 0, v: 2 }] },
];

async function collect(s: Storage, matchers: Parameters<Storage['select']>[0]['matchers'], start = 0, end = 100_000): Promise<Series[]> {
  const set = await s.select({ matchers, start, end });
  const out: Series[] = [];
  if (Symbol.asyncIterator in set) for await (const x of set as AsyncIterable<Series>) out.push(x);
  else for (const x of set as Iterable<Series>) out.push(x);
  return out;
}

function names(series: Series[]): string[] {
  return series.map((s) => s.labels.map((l) => `${l.name}=${l.value}`).join(','));
}

/** Runs the contract against a storage built by `make` from the fixture. */
export function storageContract(name: string, make: (series: FixtureSeries[]) => Storage): void {
  describe(`Storage contract: ${name}`, () => {
    const s = make(FIXTURE);
    test('equality matchers select exactly the matching series, sorted by labels', async () => {
      const got = await collect(s, [{ name: '__name__', op: '=', value: 'up' }]);
      expect(got).toHaveLength(4);
      for (let i = 1; i < got.length; i++) expect(compareLabels(got[i - 1].labels, got[i].labels)).toBeLessThan(0);
    });
    test('a missing label matches the empty value', async () => {
      const got = await collect(s, [{ name: '__name__', op: '=', value: 'up' }, { name: 'instance', op: '=', value: '' }]);
      expect(names(got)).toEqual(['__name__=up,job=line\nbreak']);
    });
    test('regex matchers are fully anchored and . matches newline', async () => {
      expect(await collect(s, [{ name: 'job', op: '=~', value: 'ap' }])).toHaveLength(0);
      expect(await collect(s, [{ name: 'job', op: '=~', value: 'line.break' }])).toHaveLength(1);
      expect(await collect(s, [{ name: 'instance', op: '!~', value: 'a|b' }, { name: '__name__', op: '=', value: 'up' }])).toHaveLength(2);
    });
    test('byte order: upper case sorts before __name__ and lower case', async () => {
      const got = await collect(s, [{ name: 'job', op: '=', value: 'db' }]);
      expect(names(got)).toEqual(['__name__=Up,job=db', '__name__=up,instance=Z,job=db']);
    });
    test('timestamps are ascending and values aligned with them', async () => {
      for (const x of await collect(s, [{ name: '__name__', op: '=~', value: '.+' }])) {
        expect(x.values.length).toBe(x.timestamps.length);
        for (let i = 1; i < x.timestamps.length; i++) expect(x.timestamps[i]).toBeGreaterThan(x.timestamps[i - 1]);
      }
    });
    test('every answer passes the engine\'s contract check unchanged (checkSeries)', async () => {
      for (const [matchers, start, end] of [
        [[{ name: '__name__', op: '=~', value: '.+' }], 0, 100_000],
        [[{ name: 'job', op: '!=', value: 'api' }], -100_000, 0],
        [[{ name: '__name__', op: '=', value: 'up' }], 15_000, 15_000],
      ] as const) {
        const got = await collect(s, matchers, start, end);
        expect(checkSeries(got, { matchers })).toBe(got);
      }
    });
    test('series without samples in the window are not required', async () => {
      const got = await collect(s, [{ name: '__name__', op: '=', value: 'up' }], 40_000, 100_000);
      expect(names(got)).toEqual(['__name__=up,instance=Z,job=db']);
    });
  });
}
