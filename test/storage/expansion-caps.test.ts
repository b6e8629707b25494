// Series-notation expansion caps and loader timestamp ranges: a tiny fixture must never make a
// huge allocation, and every refusal names its place.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  ExpansionBudget, MAX_LOAD_POINTS, MAX_SERIES_POINTS, parseSeriesLine, parseStartOffsets, parseValues, SeriesNotationError,
} from '../../src/storage/series-notation.js';
import { loadTestSeries } from '../../src/storage/load-series.js';
import { loadExposition } from '../../src/storage/load-exposition.js';
import { loadJSONSeries } from '../../src/storage/load-json.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { DataError } from '../../src/errors.js';
import { series } from '../../src/testing/fixtures.js';
import { runTestScript } from '../../src/promqltest/runner.js';
import { runRuleTestFile } from '../../src/rules/unit-test.js';

const HUGE = 'too many points: "0+1x200000000" would expand this series to 200,000,001 points (limit: 10,000,000 per series)';

/** Memory in use: the JS heap and the buffers of typed arrays. */
const inUse = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/**
 * Runs `f` and checks that it (and the promise it returns, if any) left well under 64 MiB more in
 * use: a refusal must come before the points are made (200 million of them take gigabytes).
 */
function frugal<T>(f: () => T): T {
  const before = inUse();
  const check = () => expect(inUse() - before).toBeLessThan(64 * 2 ** 20);
  let r: T;
  try {
    r = f();
  } catch (e) {
    check();
    throw e;
  }
  if (r instanceof Promise) return r.finally(check) as T;
  check();
  return r;
}

describe('expansion caps', () => {
  test('constants', () => {
    expect(MAX_SERIES_POINTS).toBe(10_000_000);
    expect(MAX_LOAD_POINTS).toBe(20_000_000);
  });

  test('m 0+1x200000000 in a .series fixture fails fast with a positioned error', () => {
    const e = frugal(() => {
      try {
        loadTestSeries(new MemoryStorage(), 'load 1m\n  m 0+1x200000000\n', { file: 'big.series' });
      } catch (err) {
        return err;
      }
      return null;
    });
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).message).toBe(`big.series:2:5: ${HUGE}`);
    expect([(e as DataError).line, (e as DataError).column]).toEqual([2, 5]);
  });

  test.each([
    ['_x200000000', 1, '"_x200000000" would expand this series to 200,000,000 points'],
    ['{{schema:0 sum:1}}x200000000', 1, '"{{schema:0 sum:1}}x200000000" would expand this series to 200,000,001 points'],
    ['1 2 3 stalex200000000', 7, '"stalex200000000" would expand this series to 200,000,004 points'],
    ['1 2 3 1x200000000', 7, '"1x200000000" would expand this series to 200,000,004 points'],
  ])('%s is refused before allocating', (values, col, message) => {
    const e = frugal(() => {
      try {
        parseValues(values);
      } catch (err) {
        return err as SeriesNotationError;
      }
      throw new Error('expected an error');
    });
    expect(e).toBeInstanceOf(SeriesNotationError);
    expect(e.column).toBe(col);
    expect(e.message).toContain(message);
  });

  test('the default per-series cap is exact (a repeated value shares one point)', () => {
    const ok = parseValues('1x9999999');
    expect(ok).toHaveLength(MAX_SERIES_POINTS);
    expect(ok[MAX_SERIES_POINTS - 1]).toEqual({ kind: 'float', value: 1, stale: false });
    expect(() => parseValues('1x10000000')).toThrow('would expand this series to 10,000,001 points (limit: 10,000,000 per series)');
  });

  test('normal expansions are unchanged', () => {
    expect(parseSeriesLine('m{a="b"} 1+2x2 _ stale -1x1 _x2 3-0.5x1').points).toEqual([
      { kind: 'float', value: 1, stale: false }, { kind: 'float', value: 3, stale: false }, { kind: 'float', value: 5, stale: false },
      { kind: 'omitted' }, { kind: 'float', value: NaN, stale: true }, { kind: 'float', value: -1, stale: false },
      { kind: 'float', value: -1, stale: false }, { kind: 'omitted' }, { kind: 'omitted' },
      { kind: 'float', value: 3, stale: false }, { kind: 'float', value: 2.5, stale: false },
    ]);
  });

  test('per-series and per-load limits are options of the loader', () => {
    const limits = { maxSeriesPoints: 5, maxLoadPoints: 8 };
    const m = new MemoryStorage();
    expect(loadTestSeries(m, 'load 1m\n a 1x4\n', { file: 'x.series', ...limits })).toBe(5);
    expect(() => loadTestSeries(new MemoryStorage(), 'load 1m\n a 1x2 _x3\n', { file: 'x.series', ...limits })).toThrow(
      'x.series:2:8: too many points: "_x3" would expand this series to 6 points (limit: 5 per series)',
    );
    expect(() => loadTestSeries(new MemoryStorage(), 'load 1m\n a 1x4\n b 1 1x1\n c 1x2\n', { file: 'x.series', ...limits })).toThrow(
      'x.series:4:4: too many points: "1x2" would bring the load to 11 points (limit: 8 per load)',
    );
    // Nothing was stored: the load is all or nothing.
    const n = new MemoryStorage();
    expect(() => loadTestSeries(n, 'load 1m\n a 1x4\n b 1x4\n', { file: 'x.series', ...limits })).toThrow(DataError);
    expect(n.size).toBe(0);
  });

  test('a shared budget caps the total across lines', () => {
    const budget = new ExpansionBudget({ maxLoadPoints: 4 });
    parseSeriesLine('a 1 2', budget);
    expect(budget.used).toBe(2);
    expect(() => parseSeriesLine('b 1x2', budget)).toThrow('would bring the load to 5 points (limit: 4 per load)');
  });

  test('@st offset lines are capped too', () => {
    expect(() => parseStartOffsets('0x200000000')).toThrow('would expand this series to 200,000,001 points');
    expect(() => parseStartOffsets('_x200000000')).toThrow('would expand this series to 200,000,000 points');
    expect(parseStartOffsets('0 1s+1sx2 _x2')).toEqual([0, 1000, 2000, 3000, null, null]);
  });

  test('the series template helper', () => {
    expect(() => frugal(() => series`
      load 1m
        m 0+1x200000000
    `)).toThrow(`<series\`…\`>:3:11: ${HUGE}`);
  });

  test('promqltest scripts: load blocks and expected results', async () => {
    const load = await runTestScript('load 1m\n  m 0+1x200000000\n', { file: 'a.test' });
    expect(load.failures.map((f) => [f.line, f.message])).toEqual([[2, `2:3: ${HUGE}`]]);
    const expected = await runTestScript('load 1m\n  m 1\n\neval range from 0 to 1m step 1m m\n  m 0+1x200000000\n', { file: 'b.test' });
    expect(expected.failures.map((f) => f.message)).toEqual([`5:3: ${HUGE}`]);
    const total = await runTestScript(`load 1m\n  a 1x9999999\n\nload 1m\n  b 1x9999999\n\nload 1m\n  c 1x1\n`);
    expect(total.failures.map((f) => f.message)).toEqual([
      '8:3: too many points: "1x1" would bring the load to 20,000,002 points (limit: 20,000,000 per load)',
    ]);
  });

  test('rule unit tests: input_series', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caps-'));
    writeFileSync(join(dir, 'r.yml'), 'groups: []\n');
    const file = join(dir, 'big.test.yml');
    writeFileSync(file, `rule_files: [r.yml]\ntests:\n  - interval: 1m\n    input_series:\n      - series: m\n        values: 0+1x200000000\n`);
    const r = await frugal(() => runRuleTestFile(file));
    expect(r.cases[0].failures[0]).toContain(HUGE);
  });

  test('timestamps beyond 2^53 ms are refused', () => {
    expect(() => loadTestSeries(new MemoryStorage(), 'load 200y\n m 1x2000\n', { file: 'y.series' })).toThrow(
      'y.series:2:2: the last sample\'s timestamp (12614400000000000 ms) is beyond ±9007199254740991 ms',
    );
  });
});

describe('loader timestamp ranges', () => {
  test.each([
    ['text', 'm 1 1e300\n', 'a.prom:1:5: invalid timestamp "1e300": an integer number of milliseconds is expected'],
    ['text', 'm 1 9007199254740993\n', 'a.prom:1:5: timestamp out of range: 9007199254740993 is beyond ±9007199254740991 ms'],
    ['openmetrics', 'm 1 1e300\n# EOF\n', 'a.prom:1:5: timestamp out of range: 1e300 is beyond ±9007199254740991 ms'],
  ] as const)('%s: %j', (format, text, message) => {
    expect(() => loadExposition(new MemoryStorage(), text, { format, file: 'a.prom' })).toThrow(message);
  });

  test('JSON', () => {
    expect(() => loadJSONSeries(new MemoryStorage(), '[{"labels":{"a":"b"},"samples":[[1e300, 1]]}]', { file: 'a.json' })).toThrow(
      'a.json:1:34: timestamp out of range: 1e+300 is beyond ±9007199254740991 ms',
    );
  });

  test('MemoryStorage.append', () => {
    const m = new MemoryStorage();
    expect(() => m.append({ a: 'b' }, 2 ** 60, 1)).toThrow(RangeError);
    expect(() => m.add({ a: 'b' }, [{ t: -(2 ** 60), v: 1 }])).toThrow('timestamp out of range');
    m.append({ a: 'b' }, Number.MAX_SAFE_INTEGER, 1);
    expect(m.size).toBe(1);
  });
});
