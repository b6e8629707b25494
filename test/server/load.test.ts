// Load over the Node adapter on loopback: 200 concurrent mixed requests get answers or deliberate
// 503s, never errors; a slow query holds up neither /-/ready nor fast queries.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs helper without type declarations
import { PromqlServe } from '../../tools/differential/serve/promql-serve.mjs';
import { FIXTURE } from './helpers.js';

const CLI = fileURLToPath(new URL('../../dist/src/bin/promql.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'promql-serve-load-'));
writeFileSync(join(dir, 'data.series'), FIXTURE);
// 50 counters of 2,000 samples for the slow query.
writeFileSync(join(dir, 'big.series'), `load 15s\n${Array.from({ length: 50 }, (_, i) => `  slow_total{i="${i}"} 0+1x2000\n`).join('')}`);
// A separate process, so that the client's event loop is not the server's.
const server = new PromqlServe(CLI, [join(dir, 'data.series'), join(dir, 'big.series')], ['--max-concurrency', '2']);
let base: string;

beforeAll(async () => {
  await server.start();
  base = server.base;
});
afterAll(() => server.stop());

/** The server process's resident set size, or null where /proc is not available. */
function serverRssBytes(): number | null {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

const MIXED = [
  '/api/v1/query?query=sum(http_requests_total)&time=300',
  '/api/v1/query_range?query=rate(http_requests_total[2m])&start=0&end=600&step=15',
  '/api/v1/series?match[]=up',
  '/api/v1/labels',
  '/api/v1/label/job/values',
  '/-/ready',
  // A query of about a tenth of a second (60,000 inner steps × 10 series), so that requests queue up.
  '/api/v1/query?query=sum(rate(slow_total{i=~"[0-9]"}[2m:1ms]))&time=600',
];

describe('load', () => {
  test('200 concurrent mixed requests: 200s and deliberate 503s only, memory bounded', async () => {
    const rssBefore = serverRssBytes();
    const answers = await Promise.all(Array.from({ length: 200 }, async (_, i) => {
      const r = await fetch(base + MIXED[i % MIXED.length]);
      const text = await r.text();
      return { status: r.status, text };
    }));
    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    expect([...statuses.keys()].sort()).toEqual([200, 503]);
    for (const a of answers) {
      if (a.status === 503) expect(JSON.parse(a.text)).toMatchObject({ status: 'error', errorType: 'unavailable' });
      else if (!a.text.startsWith('Prometheus')) expect(JSON.parse(a.text).status).toBe('success');
    }
    // Every /-/ready (1 in 7) bypasses the limit.
    expect(statuses.get(200)).toBeGreaterThanOrEqual(29);
    // The server's resident memory grows by less than 200 MiB (Linux: read from /proc).
    if (rssBefore !== null) expect(serverRssBytes()! - rssBefore).toBeLessThan(200 * 2 ** 20);
  });

  test('a slow query holds up neither /-/ready nor a fast query', async () => {
    let slowDone = 0;
    const started = Date.now();
    const slow = fetch(`${base}/api/v1/query?query=count_over_time(slow_total[8h:200ms])&time=30000`).then((r) => {
      slowDone = Date.now();
      return r.status;
    });
    const readyMs: number[] = [];
    let fastMs = Infinity;
    let fastAt = Infinity;
    while (!slowDone) {
      const t = Date.now();
      const r = await fetch(`${base}/-/ready`);
      if (r.status === 200) readyMs.push(Date.now() - t);
      if (readyMs.length === 3) {
        const t1 = Date.now();
        const fast = await (await fetch(`${base}/api/v1/query?query=up&time=60`)).json();
        if (fast.status === 'success') fastMs = Date.now() - t1;
        fastAt = Date.now();
      }
      await new Promise((res) => setTimeout(res, 5));
    }
    expect(await slow).toBe(200);
    readyMs.sort((a, b) => a - b);
    console.log(`slow query ${slowDone - started} ms; meanwhile ${readyMs.length} /-/ready answers (median ${readyMs[readyMs.length >> 1]} ms, max ${readyMs.at(-1)} ms), a fast query ${fastMs} ms`);
    expect(readyMs.length).toBeGreaterThanOrEqual(4);
    expect(fastAt).toBeLessThan(slowDone);
    expect(readyMs[readyMs.length >> 1]).toBeLessThan(250);
  });
});
