#!/usr/bin/env node
// Compares `stats.samples.totalQueryableSamples` with a real Prometheus for `@` (step-invariant)
// expressions and subqueries, whose counts follow rules of their own (a single evaluation counted
// at every step; a function's subquery argument counting only the points its windows take). Run
// with `node tools/differential/query-stats.mjs` after `npm run build`; exit code 1 on a mismatch,
// 0 with a message when no Prometheus binary is found.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findPrometheus, findPromtool, versionOf, backfill, PrometheusServer, stopOnExit } from './prometheus.mjs';

const { values: args } = parseArgs({ options: { prometheus: { type: 'string' }, keep: { type: 'boolean', default: false } } });
const log = (msg) => console.log(`query-stats: ${msg}`);

const binary = findPrometheus(args.prometheus);
const promtool = binary && findPromtool(binary);
if (!binary || !promtool) {
  log('skipped, no Prometheus binary found (see tools/differential/README.md)');
  process.exit(0);
}
const lib = await import(new URL('../../dist/src/index.js', import.meta.url).href).catch((e) => {
  console.error(`query-stats: cannot load dist (${e.message}); run \`npm run build\` first`);
  process.exit(2);
});

// A counter rising by 1 every 15 s for 4 h, and a gauge beside it.
const T0 = 1_700_000_000;
const lines = ['# TYPE c counter', '# TYPE g gauge'];
for (let i = 0; i <= 960; i++) lines.push(`c_total ${i} ${T0 + i * 15}`);
for (let i = 0; i <= 960; i++) lines.push(`g ${(i * 7) % 13} ${T0 + i * 15}`);
const om = `${lines.join('\n')}\n# EOF\n`;

const X = T0 + 600;
const QUERIES = [
  'c_total', `c_total @ ${X}`, `sum(c_total @ ${X})`, `c_total @ ${X} + c_total`, `rate(c_total[5m] @ ${X})`,
  'avg_over_time(c_total[10m:])', 'avg_over_time(c_total[10m:1m])', `avg_over_time((c_total @ ${X})[10m:])`,
  `avg_over_time(c_total[10m:] @ ${X})`, `max_over_time(rate(c_total[5m])[10m:1m] @ ${X})`,
  'max_over_time(max_over_time(g[2m:30s])[10m:1m])', `sum_over_time(g[5m] @ end()) * g`,
  'min_over_time(deriv(g[5m])[20m:2m] offset 3m)', `quantile_over_time(0.5, g[10m] @ start())`,
];
// Range vectors as the query itself: instant queries only.
const INSTANT_ONLY = ['c_total[10m:]', `c_total[10m:] @ ${X}`, 'rate(c_total[5m])[10m:1m]', `rate(c_total[5m])[10m:1m] @ ${X}`, 'g[5m]',
  `g[5m] @ ${X}`, 'g[5m] offset 1m'];
const RANGE = { start: T0 + 1000, end: T0 + 3000, step: 60 };
const TIME = T0 + 3000;

const work = mkdtempSync(join(tmpdir(), 'promql-ts-query-stats-'));
const omFile = join(work, 'fixture.om');
writeFileSync(omFile, om);
backfill(promtool, omFile, join(work, 'data'));
const server = new PrometheusServer(binary, { dataDir: join(work, 'data'), workDir: join(work, 'server') });
stopOnExit(server, work, args.keep, 'query-stats');
await server.start();
log(`${versionOf(binary)} at ${server.base} (pid ${server.pid})`);

const storage = new lib.MemoryStorage();
lib.loadExposition(storage, Buffer.from(om), { format: 'openmetrics' });
const engine = new lib.Engine({ storage });

let mismatches = 0;
async function compare(kind, query, params, ours) {
  const body = await server.api(kind === 'range' ? '/api/v1/query_range' : '/api/v1/query', { query, ...params, stats: 'all' });
  if (body.status !== 'success') {
    log(`${kind} ${query}: Prometheus failed: ${body.error}`);
    mismatches++;
    return;
  }
  const theirs = body.data.stats.samples.totalQueryableSamples;
  const mine = (await ours()).stats.samples.totalQueryableSamples;
  const ok = theirs === mine;
  if (!ok) mismatches++;
  log(`${ok ? 'agree   ' : 'DISAGREE'} ${kind.padEnd(7)} ${query}: Prometheus ${theirs}, ours ${mine}`);
}
try {
  for (const q of QUERIES) {
    await compare('range', q, { start: `${RANGE.start}`, end: `${RANGE.end}`, step: `${RANGE.step}` },
      () => engine.rangeQuery(q, RANGE.start * 1000, RANGE.end * 1000, RANGE.step * 1000));
  }
  for (const q of [...QUERIES, ...INSTANT_ONLY]) {
    await compare('instant', q, { time: `${TIME}` }, () => engine.instantQuery(q, TIME * 1000));
  }
} finally {
  await server.stop(true);
}
log(`${QUERIES.length * 2 + INSTANT_ONLY.length} comparisons, ${mismatches} mismatches`);
process.exitCode = mismatches ? 1 : 0;
