// loadExpositionFile: an OpenMetrics file read a piece at a time loads exactly as its whole bytes
// do, whatever the pieces' size: the same samples, the same errors at the same line and column.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MemoryStorage } from '../../src/storage/memory.js';
import { loadExposition } from '../../src/storage/load-exposition.js';
import { loadDataFiles, loadExpositionFile } from '../../src/storage/load-files.js';
import { FileReadError } from '../../src/util/read-file.js';

const dir = mkdtempSync(join(tmpdir(), 'om-pieces-'));
let files = 0;
function fileOf(text: string): string {
  const f = join(dir, `f${files++}.om`);
  writeFileSync(f, text);
  return f;
}

const dump = (s: MemoryStorage) => s.select({ matchers: [], start: -1e15, end: 1e15 })
  .map((x) => ({ labels: x.labels, t: Array.from(x.timestamps), v: Array.from(x.values), stale: x.stale && Array.from(x.stale) }));

/** The storage (or the error message) of loading `text` whole and in pieces of `piece` bytes. */
function both(text: string, piece: number): { whole: unknown; pieces: unknown } {
  const outcome = (f: (s: MemoryStorage) => number) => {
    const s = new MemoryStorage();
    try {
      const n = f(s);
      return { n, series: dump(s) };
    } catch (e) {
      return { error: String(e) };
    }
  };
  const file = fileOf(text);
  return {
    whole: outcome((s) => loadExposition(s, new TextEncoder().encode(text), { format: 'openmetrics', file })),
    pieces: outcome((s) => loadExpositionFile(s, file, { format: 'openmetrics', file }, piece)),
  };
}

// Comments, types that change how `le` is read, CRLF endings, a long label value, non-ASCII
// labels (the full parser's path), a staleness marker and a line without a timestamp's newline.
const long = 'x'.repeat(300);
const GOOD = [
  '# HELP http_requests_total Requests.',
  '# TYPE http_requests_total counter',
  'http_requests_total{code="200",path="/a"} 1 0',
  'http_requests_total{code="200",path="/a"} 2 15',
  `http_requests_total{code="500",path="/${long}"} 3 15\r`,
  'http_requests_total{code="200",path="/a"} 3.5e3 30',
  '# TYPE lat histogram',
  'lat_bucket{le="0.1"} 1 0',
  'lat_bucket{le="+Inf"} 2 0',
  'lat_count 2 0',
  'lat_sum 0.3 0',
  'temp{city="Zürich"} -4.5 0',
  'temp{city="Zürich"} NaN 15',
  'up 1 0',
  'up 0 15',
  '# EOF',
].join('\n');

describe('pieces of any size load as the whole file does', () => {
  test.each([1, 2, 3, 7, 16, 64, 333, 4096])('pieces of %i bytes', (piece) => {
    const r = both(GOOD, piece);
    expect(r.whole).toHaveProperty('n', 12);
    expect(r.pieces).toEqual(r.whole);
  });

  test.each([
    ['an error on a late line', `${GOOD.replace('up 0 15', 'up 0 zz')}`],
    ['an out-of-order sample', `${GOOD.replace('up 0 15', 'up 0 -5')}`],
    ['no # EOF', GOOD.replace('\n# EOF', '')],
    ['content after # EOF', `${GOOD}\nup 2 30\n`],
    ['an invalid line in the middle', GOOD.replace('lat_count 2 0', 'lat_count{ 2 0')],
  ])('%s: the same error at the same place', (_, text) => {
    for (const piece of [1, 5, 64, 100_000]) {
      const r = both(text, piece);
      expect(r.whole).toHaveProperty('error');
      expect(r.pieces).toEqual(r.whole);
    }
  });

  test('a file ending without a newline, and an empty file', () => {
    for (const piece of [1, 4, 1000]) {
      const r = both('a 1 0\n# EOF', piece);
      expect(r.pieces).toEqual(r.whole);
      expect(r.pieces).toHaveProperty('n', 1);
      const e = both('', piece);
      expect(e.pieces).toEqual(e.whole);
      expect(e.pieces).toHaveProperty('error', expect.stringMatching(/\.om:1:1: missing "# EOF" at the end of OpenMetrics input$/));
    }
  });
});

test('progress is reported at the same places as for the whole file, once each', () => {
  const text = `${Array.from({ length: 140_000 }, (_, i) => `a ${i} ${i}`).join('\n')}\n# EOF\n`;
  const bytes = new TextEncoder().encode(text);
  const file = fileOf(text);
  const whole: [number, number][] = [];
  loadExposition(new MemoryStorage(), bytes, { format: 'openmetrics', file, onProgress: (done, total) => whole.push([done, total]) });
  expect(whole.length).toBe(4);
  // Pieces that end inside the lines where progress is reported (and one that does not).
  for (const piece of [whole[1][0] + 3, whole[2][0] + 1, 1 << 16]) {
    const seen: [number, number][] = [];
    loadExpositionFile(new MemoryStorage(), file, { format: 'openmetrics', file, onProgress: (done, total) => seen.push([done, total]) }, piece);
    expect(seen).toEqual(whole);
  }
});

test('options: errors name the path unless a file name is given; a format is required; pieces of at least a byte', () => {
  const file = fileOf('a 1 0\na zz 1\n# EOF\n');
  expect(() => loadExpositionFile(new MemoryStorage(), file, { format: 'openmetrics' })).toThrow(`${file}:2:3: invalid value "zz"`);
  expect(() => loadExpositionFile(new MemoryStorage(), file, { format: 'openmetrics', file: 'x.om' })).toThrow('x.om:2:3: invalid value "zz"');
  expect(() => loadExpositionFile(new MemoryStorage(), file, {} as never)).toThrow(
    new TypeError("loadExpositionFile: options.format must be 'openmetrics' or 'text', got undefined"),
  );
  expect(() => loadExpositionFile(new MemoryStorage(), file, undefined as never)).toThrow(TypeError);
  for (const piece of [0, 0.5, -1, NaN]) {
    expect(() => loadExpositionFile(new MemoryStorage(), file, { format: 'openmetrics' }, piece)).toThrow(RangeError);
  }
});

test('loadDataFiles reads .om files in pieces, with the CLI\'s read errors', () => {
  const file = fileOf(GOOD);
  expect(dump(loadDataFiles([file]))).toEqual(dump((() => {
    const s = new MemoryStorage();
    loadExposition(s, GOOD, { format: 'openmetrics', file });
    return s;
  })()));
  expect(() => loadDataFiles([join(dir, 'missing.om')])).toThrow(new FileReadError(join(dir, 'missing.om'), 'no such file'));
  const sub = join(dir, 'sub.om');
  mkdirSync(sub);
  expect(() => loadDataFiles([sub])).toThrow(new FileReadError(sub, 'is a directory'));
});
