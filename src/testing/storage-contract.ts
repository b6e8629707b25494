/**
 * The Storage contract test suite, for your own vitest project: everything the engine relies on
 * from `Storage.select`, checked against your implementation.
 *
 * ```ts
 * import { describeStorageContract } from 'promql-ts/testing/storage-contract';
 * describeStorageContract('MyStorage', (series) => MyStorage.from(series));
 * ```
 *
 * @module promql-ts/testing/storage-contract
 */
// Built from the suite the repository runs against MemoryStorage, an async wrapper of it and
// RemoteReadStorage.
import { beforeAll, describe, expect, test } from 'vitest';
import type { Matcher, Series, SelectRequest, Storage } from '../storage/types.js';
import { compareLabels, labelsFrom, type Labels } from '../storage/labels.js';
import { checkSeries } from '../storage/contract.js';

/** One series the storage under test must hold: its labels and float samples (`t` in ms). */
export interface ContractSeries {
  readonly labels: Labels;
  readonly samples: readonly { readonly t: number; readonly v: number }[];
}

/**
 * The series the suite gives `makeStorage`: label sets that test sorting in UTF-8 byte order
 * (`Up` before `up`, `Z` before `a`), a label value with a newline, and samples spread over
 * 0–60 s.
 */
export const CONTRACT_SERIES: readonly ContractSeries[] = Object.freeze([
  { labels: labelsFrom({ __name__: 'up', job: 'api', instance: 'b' }), samples: [{ t: 0, v: 1 }, { t: 15_000, v: 1 }] },
  { labels: labelsFrom({ __name__: 'up', job: 'api', instance: 'a' }), samples: [{ t: 0, v: 0 }, { t: 30_000, v: 1 }] },
  { labels: labelsFrom({ __name__: 'up', job: 'db', instance: 'Z' }), samples: [{ t: 60_000, v: 1 }] },
  { labels: labelsFrom({ __name__: 'Up', job: 'db' }), samples: [{ t: 0, v: 5 }] },
  { labels: labelsFrom({ __name__: 'up', job: 'line\nbreak' }), samples: [{ t: 0, v: 2 }] },
]);

/**
 * Builds the storage under test holding `series`. It runs in the `describe` block (so it may
 * register `afterAll` clean-ups); a promise it returns is awaited in `beforeAll`.
 */
export type MakeStorage = (series: readonly ContractSeries[]) => Storage | Promise<Storage>;

/** A frozen request, so that a storage that mutates it fails (in strict mode) instead of passing. */
function request(matchers: readonly Matcher[], start: number, end: number): SelectRequest {
  return Object.freeze({ matchers: Object.freeze(matchers.map((m) => Object.freeze({ ...m }))), start, end });
}

async function collect(s: Storage, matchers: readonly Matcher[], start = 0, end = 100_000): Promise<Series[]> {
  const set = await s.select(request(matchers, start, end));
  const out: Series[] = [];
  if (Symbol.asyncIterator in set) for await (const x of set as AsyncIterable<Series>) out.push(x);
  else for (const x of set as Iterable<Series>) out.push(x);
  return out;
}

/** Series that have a sample in [start, end], as `name=value,…` strings. */
function present(series: Series[], start = 0, end = 100_000): string[] {
  return series
    .filter((s) => Array.from(s.timestamps).some((t) => t >= start && t <= end))
    .map((s) => s.labels.map((l) => `${l.name}=${l.value}`).join(','));
}

const eq = (name: string, value: string): Matcher => ({ name, op: '=', value });

/**
 * Registers a vitest `describe` block that checks a Storage against the contract the engine
 * relies on (see {@link Storage}): matcher semantics (a missing label is the empty value;
 * regexes fully anchored, `.` matching newline), series sorted by label set in UTF-8 byte order
 * without duplicates, the window `[start, end]` honoured, answers that pass the engine's own
 * check (`checkSeries`) unchanged, sync or async iterables, and requests left unmutated.
 * `makeStorage` receives {@link CONTRACT_SERIES} and returns the storage holding them.
 */
export function describeStorageContract(name: string, makeStorage: MakeStorage): void {
  describe(`Storage contract: ${name}`, () => {
    let s: Storage;
    const made = Promise.resolve(makeStorage(CONTRACT_SERIES));
    made.catch(() => {}); // reported by beforeAll below, not as an unhandled rejection
    beforeAll(async () => {
      s = await made;
    });

    test('equality matchers select exactly the matching series, sorted by labels', async () => {
      const got = await collect(s, [eq('__name__', 'up')]);
      expect(present(got)).toEqual([
        '__name__=up,instance=Z,job=db', '__name__=up,instance=a,job=api', '__name__=up,instance=b,job=api', '__name__=up,job=line\nbreak',
      ]);
      for (let i = 1; i < got.length; i++) expect(compareLabels(got[i - 1].labels, got[i].labels)).toBeLessThan(0);
    });

    test('a missing label matches the empty value', async () => {
      expect(present(await collect(s, [eq('__name__', 'up'), eq('instance', '')]))).toEqual(['__name__=up,job=line\nbreak']);
      expect(present(await collect(s, [eq('job', 'db'), { name: 'instance', op: '!=', value: '' }]))).toEqual(['__name__=up,instance=Z,job=db']);
      expect(present(await collect(s, [eq('job', 'db'), { name: 'instance', op: '=~', value: 'Z?' }]))).toEqual(['__name__=Up,job=db', '__name__=up,instance=Z,job=db']);
    });

    test('regex matchers are fully anchored and . matches newline', async () => {
      expect(await collect(s, [{ name: 'job', op: '=~', value: 'ap' }])).toHaveLength(0);
      expect(present(await collect(s, [{ name: 'job', op: '=~', value: 'line.break' }]))).toEqual(['__name__=up,job=line\nbreak']);
      expect(present(await collect(s, [{ name: 'instance', op: '!~', value: 'a|b' }, eq('__name__', 'up')]))).toEqual([
        '__name__=up,instance=Z,job=db', '__name__=up,job=line\nbreak',
      ]);
    });

    test('byte order: upper case sorts before __name__ and lower case', async () => {
      expect(present(await collect(s, [eq('job', 'db')]))).toEqual(['__name__=Up,job=db', '__name__=up,instance=Z,job=db']);
    });

    test('no series for matchers nothing satisfies', async () => {
      expect(present(await collect(s, [eq('__name__', 'nothing')]))).toEqual([]);
    });

    test('timestamps are ascending and values aligned with them', async () => {
      for (const x of await collect(s, [{ name: '__name__', op: '=~', value: '.+' }])) {
        expect(x.values.length).toBe(x.timestamps.length);
        for (let i = 1; i < x.timestamps.length; i++) expect(x.timestamps[i]).toBeGreaterThan(x.timestamps[i - 1]);
      }
    });

    test('the samples in the window are the ones it holds', async () => {
      const got = await collect(s, [eq('__name__', 'up'), eq('instance', 'a')], 0, 30_000);
      expect(got).toHaveLength(1);
      const inWindow = Array.from(got[0].timestamps).flatMap((t, i) => (t >= 0 && t <= 30_000 ? [[t, got[0].values[i]]] : []));
      expect(inWindow).toEqual([[0, 0], [30_000, 1]]);
    });

    test("every answer passes the engine's contract check unchanged (checkSeries)", async () => {
      for (const [matchers, start, end] of [
        [[{ name: '__name__', op: '=~', value: '.+' }], 0, 100_000],
        [[{ name: 'job', op: '!=', value: 'api' }], -100_000, 0],
        [[eq('__name__', 'up')], 15_000, 15_000],
      ] as const) {
        const got = await collect(s, matchers, start, end);
        expect(checkSeries(got, { matchers })).toBe(got);
      }
    });

    test('series without samples in the window are absent or empty there', async () => {
      expect(present(await collect(s, [eq('__name__', 'up')], 40_000, 100_000), 40_000, 100_000)).toEqual(['__name__=up,instance=Z,job=db']);
    });
  });
}
