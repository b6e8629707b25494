#!/usr/bin/env node
// Differential check: the same fixture and queries through a real Prometheus and through
// promql-ts, compared answer by answer. Usage: see tools/differential/README.md.
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateFixture, FIXTURE_START, FIXTURE_LENGTH } from './fixture.mjs';
import { QueryGenerator } from './queries.mjs';
import { HARD_CASES } from './hard-cases.mjs';
import { Rng } from './rng.mjs';
import { findPrometheus, findPromtool, versionOf, backfill, PrometheusServer, stopOnExit } from './prometheus.mjs';
import { normaliseProm, normaliseOurs, compareAnswers, compareData, isSortedQuery } from './compare.mjs';
import { writeReport } from './report.mjs';
import { recheck } from './recheck.mjs';

const { values: args } = parseArgs({
  options: {
    prometheus: { type: 'string' },
    seed: { type: 'string', default: '1' },
    queries: { type: 'string', default: '500' },
    times: { type: 'string', default: '3' },
    experimental: { type: 'boolean', default: false },
    'no-hard-cases': { type: 'boolean', default: false },
    query: { type: 'string', multiple: true },
    out: { type: 'string', default: '.scratch/differential' },
    concurrency: { type: 'string', default: '4' },
    'fail-on-disagreement': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    time: { type: 'string', multiple: true },
    range: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (args.help) {
  console.log(`usage: node tools/differential/run.mjs [--prometheus PATH] [--seed N] [--queries N] [--times N]
       [--experimental] [--query Q …] [--no-hard-cases] [--out DIR] [--concurrency N]
       [--fail-on-disagreement] [--keep] [--time SECONDS …] [--range START,END,STEP]`);
  process.exit(0);
}

const binary = findPrometheus(args.prometheus);
if (!binary) {
  console.log(`differential: skipped, no Prometheus binary found${args.prometheus ? ` at ${args.prometheus}` : ''} (pass --prometheus PATH or set PROMETHEUS)`);
  process.exit(0);
}
const promtool = findPromtool(binary);
if (!promtool) {
  console.log(`differential: skipped, no promtool next to ${binary} or on the PATH`);
  process.exit(0);
}
const dist = new URL('../../dist/src/index.js', import.meta.url);
if (!existsSync(dist)) {
  console.error('differential: dist/ is missing; run `npm run build` first (or `npm run differential`)');
  process.exit(2);
}
const { Engine, MemoryStorage, loadExposition, toPrometheusJSON, typeOf, format } = await import(dist.href);

const seed = Number(args.seed);
const version = versionOf(binary);
console.log(`differential: ${version} (${binary}), seed ${seed}`);

const work = mkdtempSync(join(tmpdir(), 'promql-ts-differential-'));
const server = new PrometheusServer(binary, {
  dataDir: join(work, 'data'), workDir: work, features: args.experimental ? ['promql-experimental-functions'] : [],
});
// The server is stopped by its pid on every way out.
stopOnExit(server, work, args.keep, 'differential');
process.on('uncaughtException', (e) => {
  console.error(e);
  process.exit(1);
});

const fixture = generateFixture(seed);
const omFile = join(work, 'fixture.om');
writeFileSync(omFile, fixture.text);
backfill(promtool, omFile, join(work, 'data'));
const storage = new MemoryStorage();
loadExposition(storage, fixture.text, { format: 'openmetrics', file: 'fixture.om' });
const engine = new Engine({ storage, parser: { experimentalFunctions: args.experimental } });
console.log(`differential: fixture of ${fixture.series} series, ${fixture.samples} samples`);
await server.start();
console.log(`differential: prometheus pid ${server.pid} at ${server.base}`);

// Queries: the hand-written hard cases, then random ones.
const gen = new QueryGenerator(seed, { experimental: args.experimental });
const queries = [];
const seen = new Set();
const add = (q, source) => {
  if (!seen.has(q)) {
    seen.add(q);
    queries.push({ q, source });
  }
};
for (const q of args.query ?? []) add(q, 'command line');
if (!args.query) {
  if (!args['no-hard-cases']) for (const q of HARD_CASES) add(q, 'hard case');
  for (let guard = 0; queries.length < Number(args.queries) + (args['no-hard-cases'] ? 0 : HARD_CASES.length) && guard < 100 * Number(args.queries); guard++) {
    add(gen.next(), 'random');
  }
}

/** Evaluation times and range parameters of one query, deterministic from the seed and its index. */
function schedule(index) {
  const r = new Rng(seed * 7919 + index);
  const end = FIXTURE_START + FIXTURE_LENGTH;
  const times = [];
  for (let k = 0; k < Number(args.times); k++) {
    times.push(r.weighted([
      [5, () => FIXTURE_START + r.int(0, FIXTURE_LENGTH / 15_000) * 15_000],
      [3, () => FIXTURE_START + r.int(0, FIXTURE_LENGTH)],
      [1, () => r.pick([FIXTURE_START - 60_000, FIXTURE_START, end, end + 120_000, end + 600_000])],
    ])());
  }
  const step = r.pick([15_000, 30_000, 60_000, 60_000, 17_000, 300_000, 1_000, 7_000, 500, 3_600_000]);
  const steps = r.int(1, 120);
  const start = FIXTURE_START + r.int(-10, FIXTURE_LENGTH / 60_000) * 60_000 + (r.chance(0.3) ? r.int(1, 59_999) : 0);
  // Now and then a per-query lookback delta (the API's `lookback_delta`, our QueryOptions).
  const lookback = r.chance(0.12) ? r.pick([1_000, 30_000, 60_000, 90_000, 600_000]) : undefined;
  const ms = (x) => Math.round(Number(x) * 1000);
  // --time and --range (seconds) replace the drawn times, to replay a reported disagreement.
  const fixed = args.range?.split(',').map(ms);
  return {
    times: args.time ? args.time.map(ms) : times,
    lookback: args.time || args.range ? undefined : lookback,
    range: fixed ? { start: fixed[0], end: fixed[1], step: fixed[2] } : { start, end: start + (steps - 1) * step, step },
  };
}

const secs = (ms) => (ms / 1000).toFixed(3);

/** A formatted query as a `string` result, so the comparator treats it like any other answer. */
const asText = (text) => ({ ok: true, data: { resultType: 'string', result: [0, text] }, warnings: [], infos: [] });

async function ours(q, mode, p) {
  if (mode === 'format') {
    try {
      return asText(format(q, { pretty: true, experimentalFunctions: args.experimental }));
    } catch (e) {
      return normaliseOurs(toPrometheusJSON, null, e);
    }
  }
  try {
    const opts = p.lookback ? { lookbackDeltaMs: p.lookback } : {};
    const r = mode === 'instant' ? await engine.instantQuery(q, p.time, opts) : await engine.rangeQuery(q, p.start, p.end, p.step, opts);
    return normaliseOurs(toPrometheusJSON, r, null);
  } catch (e) {
    return normaliseOurs(toPrometheusJSON, null, e);
  }
}

async function theirs(q, mode, p) {
  if (mode === 'format') {
    const body = await server.api('/api/v1/format_query', { query: q });
    return body.status === 'success' ? asText(body.data) : normaliseProm(body);
  }
  const lookback = p.lookback ? { lookback_delta: `${p.lookback / 1000}s` } : {};
  const body = mode === 'instant'
    ? await server.api('/api/v1/query', { query: q, time: secs(p.time), ...lookback })
    : await server.api('/api/v1/query_range', { query: q, start: secs(p.start), end: secs(p.end), step: `${p.step / 1000}`, ...lookback });
  return normaliseProm(body);
}

/** Asks Prometheus again about a differing evaluation (see recheck.mjs). */
function recheckFloats(q, mode, params, p, o, verdict) {
  const ordered = isSortedQuery(q);
  const same = (a, b) => (a.ok ? b.ok && compareData(a.data, b.data, ordered).length === 0 : !b.ok && a.error === b.error);
  return recheck(verdict, p, o, () => theirs(q, mode, params), same, 'Prometheus varies between runs (ties, summation order, map order); ours is one of its answers');
}

const results = [];
async function check(item, index) {
  const { times, range, lookback } = schedule(index);
  let type = null;
  try {
    type = typeOf(engine.parse(item.q));
  } catch { /* compared as an error below */ }
  const evals = times.map((time) => ['instant', { time, lookback }]);
  // Range queries of range vectors and strings are errors; compare those once too.
  evals.push(['range', { ...range, lookback }]);
  // And the query as `/api/v1/format_query` prints it against our `format(q, { pretty: true })`.
  evals.push(['format', {}]);
  const out = [];
  for (const [mode, params] of evals) {
    const [p, o] = await Promise.all([theirs(item.q, mode, params), ours(item.q, mode, params)]);
    let verdict = compareAnswers(item.q, mode, p, o);
    if (['result', 'order', 'error message'].includes(verdict.category)) verdict = await recheckFloats(item.q, mode, params, p, o, verdict);
    out.push({ mode, params, prometheus: p, ours: o, ...verdict });
  }
  results[index] = { ...item, type, evals: out };
}

const started = Date.now();
let next = 0;
let done = 0;
async function worker() {
  while (next < queries.length) {
    const i = next++;
    await check(queries[i], i);
    if (++done % 250 === 0) console.log(`differential: ${done}/${queries.length} queries`);
  }
}
try {
  await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
} finally {
  await server.stop(true);
}

const outDir = resolve(args.out);
mkdirSync(outDir, { recursive: true });
const summary = writeReport(outDir, { version, seed, args, results, fixtureText: fixture.text, seconds: (Date.now() - started) / 1000 });
console.log(summary.text);
if (args['fail-on-disagreement'] && summary.disagreeingQueries > 0) process.exitCode = 1;
