// MemoryStorage: the storage contract, the inverted index and the fixture loaders' errors.
import { describe, expect, test } from 'vitest';
import { MemoryStorage } from '../../src/storage/memory.js';
import { loadExposition } from '../../src/storage/load-exposition.js';
import { loadJSONSeries } from '../../src/storage/load-json.js';
import { loadTestSeries } from '../../src/storage/load-series.js';
import { labelsFrom, labelsToObject } from '../../src/storage/labels.js';
import { isStaleNaN, STALE_NAN } from '../../src/storage/stale.js';
import type { Series, Storage } from '../../src/storage/types.js';
import { describeStorageContract } from '../../src/testing/storage-contract.js';

describeStorageContract('MemoryStorage', (fixture) => {
  const s = new MemoryStorage();
  for (const f of fixture) s.add(f.labels, f.samples);
  return s;
});

describeStorageContract('an async storage (wrapping MemoryStorage)', (fixture) => {
  const inner = new MemoryStorage();
  for (const f of fixture) inner.add(f.labels, f.samples);
  const wrapped: Storage = {
    async select(req) {
      const series = inner.select(req);
      return (async function* gen(): AsyncGenerator<Series> {
        for (const x of series) yield x;
      })();
    },
  };
  return wrapped;
});

describe('MemoryStorage', () => {
  test('out-of-order appends are sorted, the first write is kept on equal timestamps (as a TSDB does)', () => {
    const s = new MemoryStorage();
    const ls = labelsFrom({ __name__: 'x' });
    s.append(ls, 20, 2);
    s.append(ls, 10, 1);
    s.append(ls, 20, 3);
    const [x] = s.select({ matchers: [], start: 0, end: 100 });
    expect(Array.from(x.timestamps)).toEqual([10, 20]);
    expect(Array.from(x.values)).toEqual([1, 2]);
  });
  test('stale markers are kept as a flag and as StaleNaN', () => {
    const s = new MemoryStorage();
    s.append({ __name__: 'x' }, 0, STALE_NAN);
    const [x] = s.select({ matchers: [], start: 0, end: 0 });
    expect(x.stale?.[0]).toBe(1);
    expect(isStaleNaN(STALE_NAN)).toBe(true);
    expect(isStaleNaN(NaN)).toBe(false);
  });
  test('rejects non-integer timestamps', () => {
    expect(() => new MemoryStorage().append({ a: 'b' }, 1.5, 1)).toThrow(/integer/);
  });
});

describe('loaders', () => {
  test('OpenMetrics: seconds, escapes, quoted names, le normalised, # EOF', () => {
    const s = new MemoryStorage();
    const n = loadExposition(s, [
      '# TYPE h histogram',
      'h_bucket{le="1"} 3 1.5',
      '{"my.metric", path="a\\"b\\\\c\\nd"} +Inf 2',
      '# EOF',
    ].join('\n'), { format: 'openmetrics', file: 'x.om' });
    expect(n).toBe(2);
    const got = s.select({ matchers: [], start: 0, end: 10_000 }).map((x) => [labelsToObject(x.labels), x.timestamps[0], x.values[0]]);
    expect(got).toEqual([
      [{ __name__: 'h_bucket', le: '1.0' }, 1500, 3],
      [{ __name__: 'my.metric', path: 'a"b\\c\nd' }, 2000, Infinity],
    ]);
  });
  test.each([
    ['x{a="1"} 1', 'openmetrics', /x.om:1:11: sample has no timestamp/],
    ['x{a="1" 1 2\n# EOF', 'openmetrics', /x.om:1:9: expected "," or "}"/],
    ['x 1 2', 'openmetrics', /missing "# EOF"/],
    ['x one 2\n# EOF', 'openmetrics', /x.om:1:3: invalid value "one"/],
    ['x{a="\\q"} 1 2', 'text', /x.om:1:6: invalid escape sequence/],
    ['# EOF\nx 1 1', 'openmetrics', /x.om:2:1: content after "# EOF"/],
  ] as const)('exposition error %#', (text, format, msg) => {
    const s = new MemoryStorage();
    expect(() => loadExposition(s, text, { format, file: 'x.om' })).toThrow(msg);
    expect(s.size).toBe(0);
  });
  test('lenient: a repeated timestamp in a fixture keeps the first value, as promtool backfill does', () => {
    const s = new MemoryStorage();
    loadExposition(s, 'up 1 100\nup 0 100\nup 1 130\n# EOF\n', { format: 'openmetrics', lenient: true });
    const [x] = s.select({ matchers: [], start: 0, end: 200_000 });
    expect(Array.from(x.timestamps)).toEqual([100_000, 130_000]);
    expect(Array.from(x.values)).toEqual([1, 1]);
  });
  test('text format timestamps are milliseconds', () => {
    const s = new MemoryStorage();
    loadExposition(s, 'x 1 1500\n', { format: 'text' });
    expect(s.select({ matchers: [], start: 0, end: 2000 })[0].timestamps[0]).toBe(1500);
  });
  test('JSON series, with positions in errors and nothing half-loaded', () => {
    const s = new MemoryStorage();
    loadJSONSeries(s, '[{"labels": {"__name__": "x"}, "samples": [[0, 1], [1000, "NaN"], [2000, "stale"]]}]', { file: 'a.json' });
    const [x] = s.select({ matchers: [], start: 0, end: 5000 });
    expect(Array.from(x.timestamps)).toEqual([0, 1000, 2000]);
    expect(x.stale?.[2]).toBe(1);
    const t = new MemoryStorage();
    expect(() => loadJSONSeries(t, '[{"labels": {"__name__": "y"}, "samples": [[0, 1]]},\n {"labels": {}, "samples": [[0.5, 1]]}]', { file: 'b.json' }))
      .toThrow(/^b\.json:2:30: timestamp must be an integer/);
    expect(t.size).toBe(0);
    expect(() => loadJSONSeries(t, '[{"labels": 3}]', { file: 'c.json' })).toThrow(/c\.json:1:13: "labels" must be an object/);
    expect(() => loadJSONSeries(t, '[{', { file: 'd.json' })).toThrow(/^d\.json:1:/);
  });
  test('.series files use the load notation', () => {
    const s = new MemoryStorage();
    expect(loadTestSeries(s, 'load 15s\n  x{a="1"} 0+10x2 _ 5\n')).toBe(4);
    expect(() => loadTestSeries(s, 'load 15s\n  x{a="1"} 0+10y2\n', { file: 'f.series' })).toThrow(/^f\.series:2:12: bad series value/);
    expect(() => loadTestSeries(s, 'x 1 2\n', { file: 'g.series' })).toThrow(/g\.series:1:1: series before any "load/);
  });
});

describe('MemoryStorage options', () => {
  test('the chunk range is histogramChunkRangeMs; the old name and bad values are OptionsErrors', async () => {
    const { OptionsError } = await import('../../src/errors.js');
    expect(() => new MemoryStorage({ histogramChunkRangeMs: 3_600_000 })).not.toThrow();
    const old = () => new MemoryStorage({ histogramChunkRange: 3_600_000 } as never);
    expect(old).toThrow(OptionsError);
    expect(old).toThrow(/renamed histogramChunkRangeMs/);
    for (const bad of [0, -1, 1.5, NaN, Infinity]) {
      expect(() => new MemoryStorage({ histogramChunkRangeMs: bad })).toThrow(OptionsError);
    }
  });
});
