// Live checks (`promql check --server`): selectors with no series on the server, rate windows
// shorter than two scrape intervals; through the library and the command line.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MemoryStorage } from '../../../src/storage/memory.js';
import { parse } from '../../../src/parser/parse.js';
import { liveChecks, scrapeInterval } from '../../../src/storage/remote/live-checks.js';
import { RemoteReadStorage } from '../../../src/storage/remote/remote-read-storage.js';
import { startFakeServer, type FakeServer } from './fake-server.js';

const BIN = new URL('../../../dist/src/bin/promql.js', import.meta.url).pathname;
const now = Math.floor(Date.now() / 1000) * 1000;
const memory = new MemoryStorage();
for (const job of ['a', 'b']) memory.add({ __name__: 'reqs_total', job }, Array.from({ length: 240 }, (_, i) => ({ t: now - 3600_000 + i * 15_000, v: 1 })));
let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer(memory);
});
afterAll(() => fake.close());

test('the scrape interval is the median gap between samples', () => {
  expect(scrapeInterval(memory.select({ matchers: [{ name: '__name__', op: '=', value: 'reqs_total' }], start: 0, end: now }))).toBe(15_000);
  expect(scrapeInterval([])).toBeNull();
});

test.each([
  ['rate(reqs_total[1m])', []],
  ['rate(reqs_total[20s])', [{ rule: 'live/rate-window', at: 0, msg: /^rate\(\) over a 20s window, shorter than two scrape intervals \(the server's data, e\.g\. \{__name__="reqs_total", job="a"\}, has a sample every 15s\)/ }]],
  ['sum(reqs_total{job="c"}) + on() increase(reqs_total[25s])', [
    { rule: 'live/series', at: 4, msg: /^selector \{job="c", __name__="reqs_total"\} matches no series on the server in the last 60m$/ },
    { rule: 'live/rate-window', at: 32, msg: /^increase\(\) over a 25s window/ },
  ]],
  ['reqs_total offset 2h', []],
] as const)('%s', async (q, want) => {
  const found = await liveChecks(parse(q), new RemoteReadStorage({ url: fake.url }), { now });
  expect(found.map((f) => ({ rule: f.rule, at: f.pos.start }))).toEqual(want.map((w) => ({ rule: w.rule, at: w.at })));
  found.forEach((f, i) => expect(f.message).toMatch(want[i].msg));
});

test('the selectors of a query are looked up in one remote-read request', async () => {
  fake.received.length = 0;
  await liveChecks(parse('rate(reqs_total[1m]) / nothing + other'), new RemoteReadStorage({ url: fake.url }), { now });
  expect(fake.received).toHaveLength(1);
  expect(fake.received[0].request.queries).toHaveLength(3);
});

test('promql check --server reports live findings as warnings marked as such', async () => {
  const run = (...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> => new Promise((resolve) => {
    const p = spawn('node', [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  const base = fake.url.replace(/\/api\/v1\/read$/, '');
  const r = await run('check', '--server', base, '-e', 'rate(reqs_total[20s]) > 0 unless gone_metric');
  expect(r.stdout.split('\n').filter(Boolean)).toEqual([
    expect.stringMatching(/^<expr>:1:1: warning: live data \(--server\): rate\(\) over a 20s window, shorter than two scrape intervals .*: most windows hold fewer than two samples$/),
    expect.stringMatching(/^<expr>:1:34: warning: live data \(--server\): selector \{__name__="gone_metric"\} matches no series on the server in the last 60m$/),
  ]);
  expect(r.status).toBe(0);
  expect((await run('check', '--server', base, '--strict', '-e', 'gone_metric')).status).toBe(1);
  expect((await run('check', '--header', 'a: b', '-e', 'reqs_total')).stderr).toMatch(/--header needs --server/);
});
