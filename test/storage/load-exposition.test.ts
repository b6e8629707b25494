// What the exposition loaders refuse, with positions, as Prometheus's text and OpenMetrics parsers
// and promtool's backfill refuse it; and what `lenient` lets through.
import { describe, expect, test } from 'vitest';
import { MemoryStorage } from '../../src/storage/memory.js';
import { loadExposition, parseExpositionFloat, type ExpositionOptions } from '../../src/storage/load-exposition.js';

const load = (text: string, o: Partial<ExpositionOptions> = {}) => {
  const s = new MemoryStorage();
  const n = loadExposition(s, text, { format: 'openmetrics', file: 'f.om', ...o });
  return { s, n };
};
const samples = (s: MemoryStorage) => s.select({ matchers: [], start: -1e15, end: 1e15 })
  .map((x) => [Array.from(x.timestamps), Array.from(x.values)]);

describe('values and timestamps as Prometheus parses them', () => {
  test.each([
    // Timestamps: OpenMetrics seconds are Go floats without hex or underscores; text ms are integers.
    ['a 1 0x10\n# EOF\n', 'openmetrics', 'f.om:1:5: invalid timestamp "0x10": strconv.ParseFloat: parsing "0x10": invalid syntax'],
    ['a 1 1e300\n# EOF\n', 'openmetrics', 'f.om:1:5: timestamp out of range: 1e300 is beyond ±9007199254740991 ms'],
    ['a 1 Inf\n# EOF\n', 'openmetrics', 'f.om:1:5: invalid timestamp "Inf"'],
    ['a 1 1_000\n# EOF\n', 'openmetrics', 'f.om:1:5: invalid timestamp "1_000": unsupported character in float'],
    ['a 1 0x10\n', 'text', 'f.om:1:5: invalid timestamp "0x10": an integer number of milliseconds is expected'],
    ['a 1 1e3\n', 'text', 'f.om:1:5: invalid timestamp "1e3": an integer number of milliseconds is expected'],
    ['a 1 1.5\n', 'text', 'f.om:1:5: invalid timestamp "1.5": an integer number of milliseconds is expected'],
    // Values: beyond float64, or in the forms Go 1.13 added that Prometheus keeps out.
    ['a 1e400 1\n# EOF\n', 'openmetrics', 'f.om:1:3: invalid value "1e400": strconv.ParseFloat: parsing "1e400": value out of range'],
    ['a 0x1p3 1\n# EOF\n', 'openmetrics', 'f.om:1:3: invalid value "0x1p3": unsupported character in float'],
    ['a 0x10 1\n', 'text', 'f.om:1:3: invalid value "0x10": strconv.ParseFloat: parsing "0x10": invalid syntax'],
    ['a 1_0 1\n', 'text', 'f.om:1:3: invalid value "1_0": unsupported character in float'],
    // Types.
    ['# TYPE a gauge\n# TYPE a counter\na 1 1\n# EOF\n', 'openmetrics', 'f.om:2:10: conflicting TYPE for a: counter here, gauge at line 1'],
    ['# TYPE a gauge\na 1 1\n# TYPE a counter\na 2 2\n', 'text', 'f.om:3:10: conflicting TYPE for a: counter here, gauge at line 1'],
    ['# TYPE a untyped\na 1 1\n# EOF\n', 'openmetrics', 'f.om:1:10: invalid metric type "untyped"'],
    ['# TYPE a stateset\na 1 1\n', 'text', 'f.om:1:10: invalid metric type "stateset"'],
    // Order within a series.
    ['a 1 100\na 2 100\n# EOF\n', 'openmetrics', 'f.om:2:5: duplicate sample for timestamp 100000 ms: the series already has one at line 1'],
    ['a{x="1"} 1 200\na{x="2"} 1 100\na{x="1"} 2 100\n# EOF\n', 'openmetrics',
      "f.om:3:12: out-of-order sample: timestamp 100000 ms is before the series' sample at 200000 ms (line 1)"],
  ] as const)('%j (%s)', (text, format, message) => {
    const s = new MemoryStorage();
    expect(() => loadExposition(s, text, { format, file: 'f.om' })).toThrow(message);
    expect(s.size).toBe(0);
  });

  test('what Prometheus accepts still loads: signs, Inf/NaN values, sub-ms OpenMetrics times truncated', () => {
    const { s } = load('a +Inf 1.0009\na -1.5e3 2\na NaN 3\n# EOF\n');
    const [[ts, vs]] = samples(s);
    expect(ts).toEqual([1000, 2000, 3000]);
    expect(vs.slice(0, 2)).toEqual([Infinity, -1500]);
    expect(Number.isNaN(vs[2])).toBe(true);
    expect(samples(load('a 1 -5\na 2 +7\n', { format: 'text' }).s)).toEqual([[[-5, 7], [1, 2]]]);
  });

  test('the same TYPE twice is no conflict', () => {
    expect(load('# TYPE a gauge\n# TYPE a gauge\na 1 1\n# EOF\n').n).toBe(1);
  });

  test('parseExpositionFloat', () => {
    expect(parseExpositionFloat('1e308')).toBe(1e308);
    expect(() => parseExpositionFloat('1e309')).toThrow('value out of range');
    expect(() => parseExpositionFloat('1P3')).toThrow('unsupported character in float');
  });
});

describe('lenient', () => {
  test('drops repeated and out-of-order samples, keeping the first, as promtool backfill does', () => {
    const { s, n } = load('a 1 100\na 2 100\na 3 50\na 4 200\n# EOF\n', { lenient: true });
    expect(n).toBe(2);
    expect(samples(s)).toEqual([[[100_000, 200_000], [1, 4]]]);
  });

  test('keeps the first TYPE of a metric', () => {
    expect(load('# TYPE a gauge\n# TYPE a counter\na 1 1\n# EOF\n', { lenient: true }).n).toBe(1);
  });

  test('malformed numbers are errors all the same', () => {
    expect(() => load('a 1 0x10\n# EOF\n', { lenient: true })).toThrow('invalid timestamp');
  });
});

test('progress is reported from 0 to the whole text', () => {
  const text = Array.from({ length: 70_000 }, (_, i) => `a ${i} ${i}`).join('\n') + '\n';
  const seen: number[] = [];
  loadExposition(new MemoryStorage(), text, { format: 'text', onProgress: (done, total) => {
    expect(total).toBe(text.length);
    seen.push(done);
  } });
  expect(seen[0]).toBe(0);
  expect(seen.at(-1)).toBe(text.length);
  expect(seen.length).toBe(3);
});
