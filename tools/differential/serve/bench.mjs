#!/usr/bin/env node
// Throughput and latency of `promql serve` against a real Prometheus over the same data:
// requests/s of a cheap instant query (closed loop, N clients) and the latency of heavy queries.
//   node tools/differential/serve/bench.mjs [--prometheus PATH] [--series 1000] [--seconds 5] [--clients 16]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backfill, findPrometheus, findPromtool, PrometheusServer, versionOf } from '../prometheus.mjs';
import { PromqlServe } from './promql-serve.mjs';

const CLI = fileURLToPath(new URL('../../../dist/src/bin/promql.js', import.meta.url));
const T0 = 1_700_000_000;
const STEP = 15;
const POINTS = 480; // 2 hours

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

/** `series` counters over 2 hours at 15 s, in 10 jobs, as OpenMetrics. */
function benchFixture(series) {
  const lines = ['# TYPE bench_requests counter'];
  for (let s = 0; s < series; s++) {
    const rate = 1 + (s % 7);
    for (let i = 0; i < POINTS; i++) lines.push(`bench_requests_total{job="job${s % 10}",instance="i${s}"} ${i * rate} ${T0 + i * STEP}`);
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

async function get(base, path) {
  const r = await fetch(`${base}${path}`);
  const body = await r.json();
  if (body.status !== 'success') throw new Error(`${path}: ${JSON.stringify(body).slice(0, 200)}`);
  return body;
}

/** Closed-loop load: `clients` loops sending `path` for `seconds`; returns requests/s. */
async function throughput(base, path, clients, seconds) {
  const end = Date.now() + seconds * 1000;
  let n = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (Date.now() < end) {
      await get(base, path);
      n++;
    }
  }));
  return n / seconds;
}

/** Median latency (ms) of `runs` sequential requests, after one warm-up. */
async function latency(base, path, runs = 5) {
  await get(base, path);
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await get(base, path);
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[runs >> 1];
}

const END = T0 + (POINTS - 1) * STEP;
export const CHEAP = `/api/v1/query?query=${encodeURIComponent('bench_requests_total{instance="i7"}')}&time=${END}`;
export const HEAVY = [
  ['sum by (job) (rate(…[5m])), 2h range at 15s', `/api/v1/query_range?query=${encodeURIComponent('sum by (job) (rate(bench_requests_total[5m]))')}&start=${T0}&end=${END}&step=15`],
  ['quantile_over_time(0.9, …[1h]) instant', `/api/v1/query?query=${encodeURIComponent('quantile_over_time(0.9, bench_requests_total[1h])')}&time=${END}`],
  ['topk(5, max_over_time(…[5m:30s])) instant', `/api/v1/query?query=${encodeURIComponent('topk(5, max_over_time(bench_requests_total[5m:30s]))')}&time=${END}`],
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bin = findPrometheus(process.argv.includes('--prometheus') ? process.argv[process.argv.indexOf('--prometheus') + 1] : undefined);
  if (!bin) {
    console.log('serve bench: skipped, no Prometheus binary found');
    process.exit(0);
  }
  const series = arg('--series', 1000);
  const seconds = arg('--seconds', 5);
  const clients = arg('--clients', 16);
  const dir = mkdtempSync(join(tmpdir(), 'promql-serve-bench-'));
  const om = join(dir, 'bench.om');
  writeFileSync(om, benchFixture(series));
  backfill(findPromtool(bin), om, join(dir, 'tsdb'));
  const prom = new PrometheusServer(bin, { dataDir: join(dir, 'tsdb'), workDir: join(dir, 'prom') });
  const ours = new PromqlServe(CLI, [om], ['--max-concurrency', String(clients)]);
  try {
    await Promise.all([prom.start(), ours.start()]);
    console.log(`serve bench: ${series} series × ${POINTS} samples; ${clients} clients; ${versionOf(bin)}; node ${process.version}`);
    const rows = [];
    rows.push(['cheap instant query, requests/s', (await throughput(prom.base, CHEAP, clients, seconds)).toFixed(0), (await throughput(ours.base, CHEAP, clients, seconds)).toFixed(0)]);
    for (const [name, path] of HEAVY) rows.push([`${name}, median ms`, (await latency(prom.base, path)).toFixed(1), (await latency(ours.base, path)).toFixed(1)]);
    console.log(`| measure | Prometheus | promql serve |\n|---|---:|---:|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}`);
  } finally {
    await Promise.all([prom.stop(), ours.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
