// `.series` lines of plain numbers take a path of their own (one array of values per line, no
// point objects): it must read and store exactly what the general path does, in the text's order.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { MemoryStorage } from '../../src/storage/memory.js';
import { loadTestSeries } from '../../src/storage/load-series.js';
import { appendSeriesLine, ExpansionBudget, parseSeriesLine, parseValues, plainValues } from '../../src/storage/series-notation.js';
import { Engine } from '../../src/eval/engine.js';
import { parseDurationMs } from '../../src/util/durations.js';
import { DataError } from '../../src/errors.js';

/** Every sample of every series in the storage (a range query over its ten minutes), as JSON. */
async function dump(s: MemoryStorage): Promise<string> {
  const r = await new Engine({ storage: s, lookbackDeltaMs: 1 }).rangeQuery('{__name__=~".+"}', 0, 600_000, 1_000);
  return JSON.stringify(r.result);
}

/** The store of the general path alone: each line parsed to points and appended, in order. */
function loadLineByLine(text: string): MemoryStorage {
  const s = new MemoryStorage();
  let interval = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = /^load (\S+)$/.exec(line);
    if (m) interval = parseDurationMs(m[1]);
    else if (line) appendSeriesLine(s, parseSeriesLine(line, new ExpansionBudget()), interval);
  }
  return s;
}

describe('plain value lists', () => {
  test('read as parseValues reads them, or left to it', () => {
    const item = fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((v) => String(v)),
      fc.constantFrom('_', '1+2x3', 'stale', 'NaN', 'Inf', '-Inf', '0x10', '1e3', '.5', '007', '+4', '{{count:1}}'),
    );
    fc.assert(fc.property(fc.array(item, { maxLength: 12 }), fc.constantFrom(' ', '  ', '\t'), (items, sep) => {
      const text = ` ${items.join(sep)}`;
      const plain = plainValues(text, new ExpansionBudget());
      const points = parseValues(text, 0, new ExpansionBudget());
      if (plain === null) return;
      // Plain: every point a float, the same values, bit for bit (Object.is tells −0 and 0 apart).
      expect(points.map((p) => (p.kind === 'float' && !p.stale ? p.value : p.kind))).toEqual(Array.from(plain));
      plain.forEach((v, i) => expect(Object.is(v, (points[i] as { value: number }).value)).toBe(true));
    }), { numRuns: 500 });
  });

  test('a line over the budget is left to the general path, which says so', () => {
    expect(plainValues(' 1 2 3', new ExpansionBudget({ maxSeriesPoints: 2 }))).toBeNull();
    const s = new MemoryStorage();
    expect(() => loadTestSeries(s, 'load 1m\n  a 1 2 3\n', { maxSeriesPoints: 2 })).toThrow(DataError);
  });
});

describe('loadTestSeries with plain and other lines', () => {
  test('stores what the general path stores line by line, in the order of the text', async () => {
    const text = [
      'load 1m',
      '  a{x="1"} 1 2 3',
      '  a{x="1"} 4+1x2',
      '  b 5 _ 7',
      '  b 8 9',
      '  a{x="1"} 10 11 12 13',
      'load 30s',
      '  c 1.5 -2 0',
    ].join('\n');
    const s = new MemoryStorage();
    const general = loadLineByLine(text);
    expect(loadTestSeries(s, text)).toBe(3 + 3 + 2 + 2 + 4 + 3);
    const ours = await dump(s);
    expect(ours).toBe(await dump(general));
    expect(ours).toContain('"c"');
  });

  test('a bad metric on a plain line fails at its place', () => {
    expect(() => loadTestSeries(new MemoryStorage(), 'load 1m\n  9a 1 2\n')).toThrow(/<input>:2:3: invalid metric name "9a"/);
  });
});
