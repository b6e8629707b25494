// RemoteReadStorage against a real Prometheus (every version found: Debian's 2.42 in CI, 3.5.3
// where installed): the series it reads equal the backfilled data bit for bit, and queries
// evaluated over it equal the same queries over MemoryStorage and the server's own answers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateFixture, FIXTURE_START, FIXTURE_LENGTH } from '../../../tools/differential/fixture.mjs';
import { MemoryStorage } from '../../../src/storage/memory.js';
import { loadExposition } from '../../../src/storage/load-exposition.js';
import { Engine } from '../../../src/eval/engine.js';
import { toPrometheusJSON } from '../../../src/eval/result.js';
import { formatLabels, type Labels } from '../../../src/storage/labels.js';
import type { Matcher, Series } from '../../../src/storage/types.js';
import { RemoteReadStorage } from '../../../src/storage/remote/remote-read-storage.js';
import { RemoteStorageError } from '../../../src/storage/remote/errors.js';
import { PrometheusAPIStorage } from '../../../src/storage/remote/api-storage.js';
import { findPrometheus, startPrometheus, type RunningPrometheus } from './prometheus-process.js';

const installs = findPrometheus();
const BIN = new URL('../../../dist/src/bin/promql.js', import.meta.url).pathname;
const fixture = generateFixture(1) as { text: string; series: number; samples: number };
const memory = new MemoryStorage();
loadExposition(memory, fixture.text, { format: 'openmetrics', file: 'fixture.om' });

const ALL: Matcher[] = [{ name: '__name__', op: '=~', value: '.+' }];
const END = FIXTURE_START + FIXTURE_LENGTH;

function bitsOf(vs: ArrayLike<number>): string[] {
  const d = new DataView(new ArrayBuffer(8));
  return Array.from(vs, (v) => {
    d.setFloat64(0, v);
    return Number.isNaN(v) ? 'NaN' : d.getBigUint64(0).toString(16);
  });
}

/**
 * Prometheus 2.x keeps `le` and `quantile` as written in OpenMetrics (`le="1"`); 3.x, and our
 * loader, normalise them (`le="1.0"`). Compared through their numeric value.
 */
function normaliseBounds(ls: Labels): Labels {
  return ls.map((l) => ((l.name === 'le' || l.name === 'quantile') && !Number.isNaN(Number(l.value)) ? { name: l.name, value: String(Number(l.value)) } : l));
}

/** Series as comparable plain data: labels, timestamps and value bits within [start, end]. */
function plain(series: Iterable<Series>, start: number, end: number): { labels: string; t: number[]; v: string[] }[] {
  return [...series].map((s) => {
    const idx = Array.from(s.timestamps, (t, i) => [t, i] as const).filter(([t]) => t >= start && t <= end).map(([, i]) => i);
    return { labels: formatLabels(normaliseBounds(s.labels)), t: idx.map((i) => s.timestamps[i]), v: bitsOf(idx.map((i) => s.values[i])) };
  }).sort((a, b) => (a.labels < b.labels ? -1 : a.labels > b.labels ? 1 : 0));
}

if (installs.length === 0) {
  test.skip('RemoteReadStorage against Prometheus: skipped, no Prometheus binary found (apt-get install prometheus, or set PROMETHEUS_BIN)', () => {});
}

describe.each(installs.map((i) => [i.version, i] as const))('RemoteReadStorage against Prometheus %s', (_, install) => {
  let server: RunningPrometheus;
  let calls = 0;
  const counting: typeof fetch = (input, init) => {
    calls++;
    return fetch(input, init);
  };
  const storage = (responseType?: 'streamed' | 'samples'): RemoteReadStorage =>
    new RemoteReadStorage({ url: `${server.url}/api/v1/read`, fetch: counting, responseType, timeoutMs: 30_000 });

  beforeAll(async () => {
    server = await startPrometheus(install, fixture.text);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  test.each(['streamed', 'samples'] as const)('%s: every series and sample of the fixture, bit for bit', async (mode) => {
    const got = await storage(mode).select({ matchers: ALL, start: FIXTURE_START - 3600_000, end: END + 3600_000 });
    const want = memory.select({ matchers: ALL, start: FIXTURE_START - 3600_000, end: END + 3600_000 });
    expect(got.length).toBe(fixture.series);
    expect(plain(got, -Infinity, Infinity)).toEqual(plain(want, -Infinity, Infinity));
  });

  test('a window inside the data: the samples in it are all there (chunks may add more around it)', async () => {
    const start = FIXTURE_START + 3600_000;
    const end = start + 600_000;
    const m: Matcher[] = [{ name: 'job', op: '=', value: 'api' }, { name: '__name__', op: '!~', value: 'dt_request.*' }];
    const got = await storage().select({ matchers: m, start, end });
    const want = memory.select({ matchers: m, start, end });
    expect(plain(got, start, end)).toEqual(plain(want, start, end).filter((s) => s.t.length > 0));
  });

  test('the selectors of one query travel in one request', async () => {
    const engine = new Engine({ storage: storage() });
    calls = 0;
    await engine.instantQuery('sum by (job) (rate(dt_requests_total[5m])) / on (job) group_left max by (job) (dt_up) + count(dt_temperature_celsius offset 1h)', END);
    expect(calls).toBe(1);
  });

  const queries = [
    'dt_up',
    'rate(dt_requests_total[5m])',
    'sum by (job, code) (increase(dt_requests_total[10m]))',
    'histogram_quantile(0.9, sum by (le, job) (rate(dt_request_duration_seconds_bucket[5m])))',
    'avg_over_time(dt_temperature_celsius[15m]) > 20',
    'topk(3, dt_memory_bytes)',
    'max_over_time(dt_queue_length[1h:1m])',
    'dt_ratio offset 30m and on (instance) dt_up == 1',
    'count by (version) (dt_build_info)',
    'absent(dt_nothing)',
    'resets(dt_requests_total[1h])',
    'deriv(dt_memory_bytes[10m])',
  ];

  test.each(queries)('%s: the same answer over remote read as over the fixture in memory', async (q) => {
    const remote = new Engine({ storage: storage() });
    const local = new Engine({ storage: memory });
    const start = FIXTURE_START + 1800_000;
    const [a, b] = await Promise.all([remote.rangeQuery(q, start, END, 60_000), local.rangeQuery(q, start, END, 60_000)]);
    expect(toPrometheusJSON(a)).toEqual(toPrometheusJSON(b));
    const [c, d] = await Promise.all([remote.instantQuery(q, END - 7_000), local.instantQuery(q, END - 7_000)]);
    expect(toPrometheusJSON(c)).toEqual(toPrometheusJSON(d));
  });

  // Prometheus 2.x range selectors include the sample at the window's start; 3.x (and we) do not.
  const major = Number(install.version.split('.')[0]);
  const serverQueries = ['sum by (job) (dt_memory_bytes)', 'dt_up offset 5m', ...(major >= 3 ? ['rate(dt_requests_total[5m])'] : [])];
  test.each(serverQueries)('%s: the same answer as the server gives', async (q) => {
    const remote = new Engine({ storage: storage() });
    const t = END - 60_000;
    const ours = toPrometheusJSON(await remote.instantQuery(q, t));
    const res = await fetch(`${server.url}/api/v1/query?${new URLSearchParams({ query: q, time: String(t / 1000) })}`);
    const theirs = (await res.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    const norm = (r: { metric: Record<string, string>; value: [number, string] }[]): string[] =>
      r.map((x) => `${JSON.stringify(Object.entries(x.metric).sort())} ${x.value[1]}`).sort();
    expect(theirs.data.result.length).toBeGreaterThan(0);
    expect(norm((ours as { result: { metric: Record<string, string>; value: [number, string] }[] }).result)).toEqual(norm(theirs.data.result));
  });

  test.each([
    ['one window', {}],
    ['windows of 7 minutes', { windowMs: 7 * 60_000 }],
  ])('PrometheusAPIStorage, %s: the same samples as the fixture (no staleness markers in either)', async (_, o) => {
    const api = new PrometheusAPIStorage({ url: server.url, ...o });
    const start = FIXTURE_START + 3600_000;
    const end = start + 3600_000;
    const m: Matcher[] = [{ name: '__name__', op: '=~', value: 'dt_(up|memory_bytes|requests_total)' }];
    const got = await api.select({ matchers: m, start, end });
    const want = memory.select({ matchers: m, start, end });
    expect(plain(got, start, end)).toEqual(plain(want, start, end).filter((s) => s.t.length > 0));
  });

  test.each(queries.slice(0, 6))('PrometheusAPIStorage: %s evaluates as over the fixture', async (q) => {
    const remote = new Engine({ storage: new PrometheusAPIStorage({ url: server.url }) });
    const local = new Engine({ storage: memory });
    const [a, b] = await Promise.all([remote.instantQuery(q, END - 7_000), local.instantQuery(q, END - 7_000)]);
    expect(toPrometheusJSON(a)).toEqual(toPrometheusJSON(b));
  });

  test.each(['remote-read', 'api'])('promql query --server --protocol %s: the same JSON as over the fixture files', async (protocol) => {
    const t = String((END - 30_000) / 1000);
    const q = 'sum by (job) (rate(dt_requests_total[5m]))';
    const file = join(mkdtempSync(join(tmpdir(), 'promql-ts-cli-')), 'fixture.om');
    writeFileSync(file, fixture.text);
    const viaServer = spawnSync('node', [BIN, 'query', q, '--server', server.url, '--protocol', protocol, '-H', 'X-Test: 1', '--time', t, '-o', 'json'], { encoding: 'utf8' });
    const viaFile = spawnSync('node', [BIN, 'query', q, '--data', file, '--time', t, '-o', 'json'], { encoding: 'utf8' });
    expect(viaServer.stderr).toBe('');
    expect(viaServer.status).toBe(0);
    expect(JSON.parse(viaServer.stdout)).toEqual(JSON.parse(viaFile.stdout));
  });

  test('the server\'s own error comes back as a StorageError with its message', async () => {
    const err = await storage().select({ matchers: [{ name: 'job', op: '=~', value: '(' }], start: 0, end: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteStorageError);
    expect((err as RemoteStorageError).reason).toBe('http');
    expect((err as Error).message).toMatch(/^remote read: server returned HTTP status \d+ .*(regex|parse|missing closing)/i);
  });
});
