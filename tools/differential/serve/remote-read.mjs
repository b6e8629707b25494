#!/usr/bin/env node
// A real Prometheus with `remote_read` pointing at `promql serve` (its own TSDB empty) must answer
// queries over our fixture exactly as promql-ts does. Queries are picked to mean the same in
// Prometheus 2.42 and 3.x (no sample on a window's left edge, no functions added since 2.42).
//   node tools/differential/serve/remote-read.mjs [--prometheus PATH] [--keep]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPrometheus, PrometheusServer, versionOf } from '../prometheus.mjs';
import { fixtureText, T0, STEPS, INTERVAL } from './fixture.mjs';
import { PromqlServe } from './promql-serve.mjs';

const CLI = fileURLToPath(new URL('../../../dist/src/bin/promql.js', import.meta.url));
const END = T0 + (STEPS - 1) * INTERVAL;

/** Instant queries at off-grid times (7 s after a sample) and range queries; [path, params]. */
export const REMOTE_READ_CASES = [
  ...['srv_requests_total', 'sum by (job) (rate(srv_requests_total[5m]))', 'srv_temperature_celsius > 20',
    'max_over_time(srv_temperature_celsius[10m])', 'histogram_quantile(0.5, rate(srv_latency_seconds_bucket[5m]))',
    'srv_batch_last_success', 'count(srv_requests_total) by (instance)', 'srv_requests_total offset 5m',
  ].map((query) => ['/api/v1/query', { query, time: String(T0 + 907) }]),
  ['/api/v1/query', { query: 'srv_batch_last_success', time: String(END - 893) }],
  ['/api/v1/query_range', { query: 'increase(srv_requests_total{instance="b"}[2m])', start: String(T0 + 7), end: String(END), step: '60' }],
  ['/api/v1/query_range', { query: 'avg(srv_temperature_celsius)', start: String(T0), end: String(END), step: '150' }],
  ['/api/v1/query_range', { query: 'srv_batch_last_success', start: String(T0), end: String(END), step: '180' }],
];

async function post(base, path, params) {
  const r = await fetch(`${base}${path}`, { method: 'POST', body: new URLSearchParams(params) });
  return { status: r.status, body: await r.json() };
}

/** Runs the cases through Prometheus (reading us remotely) and through us; null without a binary. */
export async function runRemoteReadComparison({ prometheus, keep = false } = {}) {
  const bin = findPrometheus(prometheus);
  if (!bin) return null;
  const dir = mkdtempSync(join(tmpdir(), 'promql-serve-rr-'));
  const om = join(dir, 'fixture.om');
  writeFileSync(om, fixtureText());
  const ours = new PromqlServe(CLI, [om]);
  let prom;
  const stopAll = () => {
    prom?.stop(false);
    ours.stop();
  };
  process.once('exit', stopAll);
  try {
    await ours.start();
    prom = new PrometheusServer(bin, {
      dataDir: join(dir, 'tsdb'), workDir: join(dir, 'prom'),
      extraConfig: `remote_read:\n  - url: ${ours.base}/api/v1/read\n    read_recent: true\n`,
    });
    await prom.start();
    const results = [];
    for (const [path, params] of REMOTE_READ_CASES) {
      const [theirs, mine] = await Promise.all([post(prom.base, path, params), post(ours.base, path, params)]);
      results.push({ case: [path, params], same: JSON.stringify(theirs) === JSON.stringify(mine), theirs, ours: mine });
    }
    return { results, version: versionOf(bin) };
  } finally {
    await Promise.all([prom?.stop(), ours.stop()]);
    process.off('exit', stopAll);
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--prometheus');
  const out = await runRemoteReadComparison({ prometheus: at >= 0 ? args[at + 1] : undefined, keep: args.includes('--keep') });
  if (!out) {
    console.log('serve remote-read check: skipped, no Prometheus binary found');
    process.exit(0);
  }
  const bad = out.results.filter((r) => !r.same);
  for (const r of bad) console.log(`--- ${JSON.stringify(r.case)}\nprometheus: ${JSON.stringify(r.theirs)}\npromql-ts:  ${JSON.stringify(r.ours)}`);
  console.log(`serve remote-read check against ${out.version}: ${out.results.length} queries, ${bad.length} disagreements`);
  process.exitCode = bad.length ? 1 : 0;
}
