// `promql query` for a first-time user: promtool's range defaults, notes and warnings on stderr
// when the result is empty or the times look wrong, fixtures without timestamps, charts, streamed
// JSON, the progress line, and output errors. In-process except where a real process is needed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { cli } from './in-process.js';
import { defaultStep, parseTimeFlags, resolveRange, emptyResultNote } from '../../src/cli/query-times.js';
import { chart, resample } from '../../src/cli/chart.js';
import { writeChunks } from '../../src/cli/output.js';
import { envelopeChunks } from '../../src/cli/query-output.js';
import { loadingProgress, PROGRESS_MIN_CHARS } from '../../src/cli/progress.js';
import { labelsFrom } from '../../src/storage/labels.js';
import { toPrometheusJSON, type QueryResult } from '../../src/eval/result.js';

const EXAMPLE = new URL('../../examples/node.om', import.meta.url).pathname;
const BIN = new URL('../../dist/src/bin/promql.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'promql-cli-ux-'));
const NEWEST = 1700003585; // the newest sample of examples/node.om

describe('range defaults as promtool', () => {
  test('defaultStep: the span / 250 in whole seconds, at least 1s', () => {
    expect(defaultStep(0, 3600_000)).toBe(14_000);
    expect(defaultStep(0, 100_000)).toBe(1000);
    expect(defaultStep(0, 86400_000)).toBe(345_000);
  });

  test('--range: the last hour of the data, ~250 points', async () => {
    const r = await cli('query', 'max(node_memory_MemTotal_bytes)', '--data', EXAMPLE, '--range', '-o', 'json');
    expect(r.status).toBe(0);
    const values = JSON.parse(r.stdout).data.result[0].values as [number, string][];
    // The grid starts an hour before the newest sample (before the data begins) in 14s steps.
    for (const [t] of values) expect((t - (NEWEST - 3600)) % 14).toBe(0);
    expect(values[1][0] - values[0][0]).toBe(14);
    expect(values.at(-1)![0]).toBe(NEWEST - 3600 + 257 * 14);
    expect(values.length).toBe(258 - (1700000000 + 13 - (NEWEST - 3600)) / 14);
  });

  test('--start alone ends at the newest sample; --step alone spans the last hour', () => {
    const p = parseTimeFlags({ start: '1700003000' });
    expect(resolveRange(p, NEWEST * 1000)).toEqual({ start: 1700003000_000, end: NEWEST * 1000, step: 2000 });
    expect(resolveRange(parseTimeFlags({ step: '1m' }), NEWEST * 1000)).toEqual({ start: (NEWEST - 3600) * 1000, end: NEWEST * 1000, step: 60_000 });
  });

  test('--time with a range flag is a usage error', async () => {
    const r = await cli('query', 'up', '--data', EXAMPLE, '--time', '1', '--range');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('promql: query: --time cannot be combined with a range query (--start/--end/--step/--range)\n');
  });
});

describe('notes and warnings', () => {
  test('an empty result says when the query ran and what the data covers', async () => {
    const r = await cli('query', 'up', '--data', EXAMPLE, '--time', '1600000000');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("promql: note: empty result at 2020-09-13T12:26:40Z (1600000000); the data's samples span 2023-11-14T22:13:20Z to 2023-11-14T23:13:05Z (1700000000..1700003585)\n");
  });

  test('a time in milliseconds is warned about, with the seconds meant', async () => {
    const r = await cli('query', 'node_memory_MemTotal_bytes', '--data', EXAMPLE, '--time', '1700003000000');
    expect(r.stderr.split('\n')[0]).toBe('promql: warning: --time 1700003000000 looks like milliseconds; times are Unix seconds or RFC 3339 (did you mean 1700003000?)');
    expect(r.stderr).toContain('note: empty result');
    const range = parseTimeFlags({ start: '1700000000000', end: '1700003000' });
    expect(range.warnings).toEqual(['warning: --start 1700000000000 looks like milliseconds; times are Unix seconds or RFC 3339 (did you mean 1700000000?)']);
  });

  test('the note for data with no samples', () => {
    expect(emptyResultNote(5000, null)).toBe('note: empty result at 1970-01-01T00:00:05Z (5): the data holds no samples');
  });
});

describe('a saved /metrics page (no timestamps)', () => {
  const page = join(dir, 'metrics.prom');
  writeFileSync(page, '# TYPE up gauge\nup{job="a"} 1\n');

  test('without --time: exit 2, the position, and the hint to give --time', async () => {
    const r = await cli('query', 'up', '--data', page);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`promql: ${page}:2:14: sample has no timestamp (fixtures need explicit timestamps)\n` +
      '(a saved /metrics page has no timestamps: give --time T to evaluate it as scraped at T, e.g. --time 2024-01-01T00:00:00Z)\n');
  });

  test('with --time it is evaluated as scraped then', async () => {
    const r = await cli('query', 'up', '--data', page, '--time', '1700000000');
    expect(r).toEqual({ status: 0, stdout: '{__name__="up", job="a"} 1\n', stderr: '' });
  });
});

test('--lenient loads a fixture with a repeated sample; without it the position is reported', async () => {
  const f = join(dir, 'dup.om');
  writeFileSync(f, 'a 1 100\na 2 100\n# EOF\n');
  const strict = await cli('query', 'a', '--data', f);
  expect(strict.status).toBe(2);
  expect(strict.stderr).toBe(`promql: ${f}:2:5: duplicate sample for timestamp 100000 ms: the series already has one at line 1\n`);
  expect((await cli('query', 'a', '--data', f, '--lenient')).stdout).toBe('{__name__="a"} 1\n');
});

describe('-o chart', () => {
  test('draws the last hour of the data with a time axis and a legend (no colour off a terminal)', async () => {
    const r = await cli('query', 'sum by (code) (rate(http_requests_total[5m]))', '--data', EXAMPLE, '-o', 'chart');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual(['  ── {code="200"}', '  ** {code="500"}']);
    expect(lines).toContain('          2023-11-14T22:13:05Z' + ' '.repeat(lines.find((l) => l.includes('2023-11-14T23:13:05Z'))!.length - 30 - 20) + '2023-11-14T23:13:05Z');
    expect(r.stdout).not.toContain('\x1b[');
    expect(lines.filter((l) => /┤|┼/.test(l)).length).toBe(15);
  });

  test('gaps stay blank and an isolated point shows as a dash', () => {
    const s = { labels: labelsFrom([['s', 'a']]), timestamps: [0, 1000, 3000], values: [1, 1, 1] };
    const text = chart([s], { width: 100, height: 3, color: false, start: 0, end: 4000, step: 1000 });
    const row = text.split('\n')[0];
    expect(row).toBe('         1┼── ─');
  });

  test('a series that starts after the range does not mark the axis', () => {
    const s = { labels: labelsFrom([]), timestamps: [1000, 2000], values: [5, 6] };
    const text = chart([s], { width: 100, height: 3, color: false, start: 0, end: 2000, step: 1000 });
    expect(text).not.toContain('┼');
    const started = chart([{ ...s, timestamps: [0, 1000] }], { width: 100, height: 3, color: false, start: 0, end: 2000, step: 1000 });
    expect(started).toContain('┼');
  });

  test('resample keeps the last finite value per column and NaN for gaps', () => {
    const s = { labels: labelsFrom([]), timestamps: [0, 10, 20, 90], values: [1, 2, Infinity, 4] };
    expect(resample(s, 0, 90, 4)).toEqual([2, NaN, NaN, 4]);
  });

  test('more series than marks: the legend says how many are shown', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ labels: labelsFrom([['i', String(i)]]), timestamps: [0, 1000], values: [i, i] }));
    const text = chart(many, { width: 80, height: 5, color: true, start: 0, end: 1000, step: 1000 });
    expect(text).toContain('(10 of 12 series shown; narrow the query to see the others)');
    expect(text).toContain('\x1b[32m──\x1b[0m {i="0"}');
  });
});

describe('streamed JSON', () => {
  const result: QueryResult = {
    resultType: 'matrix', warnings: [], infos: [],
    result: [1, 2, 3].map((k) => ({ labels: labelsFrom([['k', String(k)]]), timestamps: [0, 15_000], values: [k, k / 3] })),
  };

  test('the pieces join to the same document toPrometheusJSON describes', () => {
    const chunks = [...envelopeChunks(result)];
    expect(chunks.length).toBeGreaterThan(4);
    const doc = JSON.parse(chunks.join(''));
    expect(doc).toEqual({ status: 'success', data: toPrometheusJSON(result) });
  });

  test('writeChunks waits for drain when the stream asks, and writes everything in order', async () => {
    const written: string[] = [];
    let waits = 0;
    const stream = Object.assign(new EventEmitter(), {
      write(s: string) {
        written.push(s);
        setImmediate(() => {
          waits++;
          stream.emit('drain');
        });
        return false;
      },
    }) as unknown as NodeJS.WritableStream;
    const piece = 'x'.repeat(40_000);
    await writeChunks([piece, piece, piece, piece], stream);
    expect(written.join('')).toBe(piece.repeat(4) + '\n');
    expect(written.length).toBe(3);
    expect(waits).toBe(3);
  });

  test('a result larger than a JavaScript string can hold is written without building it', async () => {
    // 600 series of 1 MB labels: ~600 MB of JSON, past V8's ~512 MB string limit.
    const big = 'v'.repeat(1 << 20);
    const huge: QueryResult = { resultType: 'vector', warnings: [], infos: [], result: Array.from({ length: 600 }, (_, i) => ({ labels: labelsFrom([['big', big], ['i', String(i)]]), t: 0, value: i })) };
    let total = 0;
    const sink = Object.assign(new EventEmitter(), { write: (s: string) => ((total += s.length), true) }) as unknown as NodeJS.WritableStream;
    await writeChunks(envelopeChunks(huge), sink);
    expect(total).toBeGreaterThan(600 * (1 << 20));
  });
});

test('the progress line: only on a terminal and for large inputs, redrawn in place, erased at the end', () => {
  const out: string[] = [];
  const tty = { isTTY: true, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream;
  expect(loadingProgress({ ...tty, isTTY: false } as NodeJS.WriteStream)).toBeUndefined();
  const p = loadingProgress(tty)!;
  p.update('small.om', 0, 1000);
  expect(out).toEqual([]);
  const total = PROGRESS_MIN_CHARS * 2;
  p.update('big.om', 0, total);
  p.update('big.om', total / 2, total);
  p.update('big.om', total / 2 + 1, total);
  p.done();
  expect(out).toEqual(['\r\x1b[Kloading big.om: 0% of 16 MiB', '\r\x1b[Kloading big.om: 50% of 16 MiB', '\r\x1b[K']);
});

test('output that cannot be written (> /dev/full): one line on stderr, exit 2, no stack trace', () => {
  let fd: number;
  try {
    fd = openSync('/dev/full', 'w');
  } catch {
    return; // no /dev/full on this system
  }
  try {
    const r = spawnSync('node', [BIN, 'format', 'up'], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    expect(r.stderr).toBe('promql: cannot write to standard output: no space left on device (ENOSPC)\n');
    expect(r.status).toBe(2);
  } finally {
    closeSync(fd);
  }
});
