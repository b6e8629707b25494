#!/usr/bin/env node
// Differential check of native histograms: random histogram series sent to a real Prometheus
// through its remote-write receiver and loaded into promql-ts's MemoryStorage, then random
// queries through both, compared value by value and bucket by bucket. See ../README.md.
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { findPrometheus, versionOf, PrometheusServer, stopOnExit } from '../prometheus.mjs';
import { generateData } from './generate.mjs';
import { loadIntoPrometheus, loadIntoOurs } from './load.mjs';
import { HistogramQueryGenerator, scheduleFor } from './queries.mjs';
import { normaliseProm, normaliseOurs, compareAnswers } from './compare.mjs';
import { recheck } from '../recheck.mjs';

const { values: args } = parseArgs({
  options: {
    prometheus: { type: 'string' },
    dist: { type: 'string' },
    seed: { type: 'string', default: '1' },
    queries: { type: 'string', default: '300' },
    query: { type: 'string', multiple: true },
    time: { type: 'string', multiple: true },
    range: { type: 'string' },
    out: { type: 'string', default: '.scratch/differential-native' },
    keep: { type: 'boolean', default: false },
    'low-starts': { type: 'boolean', default: false },
    record: { type: 'string' },
    'record-max': { type: 'string', default: '80' },
    'no-gc': { type: 'boolean', default: false },
    'fail-on-disagreement': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(`usage: node tools/differential/native-histograms/run.mjs [--seed N] [--queries N] [--query Q …] [--low-starts] [--record FILE] [--record-max N]
       [--time SECONDS …] [--range START,END,STEP] [--prometheus PATH] [--dist DIR] [--out DIR] [--keep] [--no-gc]
  [--fail-on-disagreement]`);
  process.exit(0);
}

const binary = findPrometheus(args.prometheus);
if (!binary) {
  console.log('differential-native: skipped, no Prometheus binary found (pass --prometheus PATH or set PROMETHEUS)');
  process.exit(0);
}
const distDir = resolve(args.dist ?? new URL('../../../dist/src', import.meta.url).pathname);
const libUrl = pathToFileURL(join(distDir, 'index.js'));
if (!existsSync(libUrl)) {
  console.error(`differential-native: ${distDir}/index.js is missing; run \`npm run build\` first`);
  process.exit(2);
}
const lib = await import(libUrl.href);
const { FloatHistogram } = await import(pathToFileURL(join(distDir, 'histogram/float-histogram.js')).href);
const { Engine, MemoryStorage, labelsFrom, STALE_NAN } = lib;

const seed = Number(args.seed);
const version = versionOf(binary);
console.log(`differential-native: ${version} (${binary}), seed ${seed}`);

const work = mkdtempSync(join(tmpdir(), 'promql-ts-differential-native-'));
const server = new PrometheusServer(binary, {
  dataDir: join(work, 'data'), workDir: work, features: ['native-histograms', 'promql-experimental-functions'], extraArgs: ['--web.enable-remote-write-receiver'],
});
stopOnExit(server, work, args.keep, 'differential-native');

const data = generateData(seed, { lowStarts: args['low-starts'] });
const storage = new MemoryStorage();
loadIntoOurs(storage, data, { FloatHistogram, labelsFrom, STALE_NAN });
const engine = new Engine({ storage, parser: { experimentalFunctions: true } });
await server.start();
console.log(`differential-native: prometheus pid ${server.pid} at ${server.base}; ${data.series.length} series, ${data.samples} samples`);
await loadIntoPrometheus(server.base, data);

const gen = new HistogramQueryGenerator(seed);
const queries = [];
if (args.query) queries.push(...args.query);
else {
  const seen = new Set();
  for (let guard = 0; queries.length < Number(args.queries) && guard < 100 * Number(args.queries); guard++) {
    const q = gen.next();
    if (!seen.has(q)) {
      seen.add(q);
      queries.push(q);
    }
  }
}

const secs = (ms) => (ms / 1000).toFixed(3);

async function theirs(q, mode, p) {
  // Prometheus 3.5 can leak histogram data between queries (#16879): a GC first avoids it.
  if (!args['no-gc']) await fetch(`${server.base}/debug/pprof/heap?gc=1`).then((r) => r.arrayBuffer());
  const body = mode === 'instant'
    ? await server.api('/api/v1/query', { query: q, time: secs(p.time) })
    : await server.api('/api/v1/query_range', { query: q, start: secs(p.start), end: secs(p.end), step: `${p.step / 1000}` });
  return normaliseProm(body);
}

async function ours(q, mode, p) {
  try {
    const r = mode === 'instant' ? await engine.instantQuery(q, p.time) : await engine.rangeQuery(q, p.start, p.end, p.step);
    return normaliseOurs(lib.toPrometheusJSON, r, null);
  } catch (e) {
    return normaliseOurs(lib.toPrometheusJSON, null, e);
  }
}

const results = [];
try {
  for (const [index, q] of queries.entries()) {
    const drawn = scheduleFor(seed, index);
    // --time and --range (seconds) replace the drawn times, to replay a reported evaluation.
    const ms = (x) => Math.round(Number(x) * 1000);
    const fixed = args.range?.split(',').map(ms);
    const times = args.time ? args.time.map(ms) : args.range ? [] : drawn.times;
    const range = fixed ? { start: fixed[0], end: fixed[1], step: fixed[2] } : args.time ? null : drawn.range;
    const evals = [...times.map((time) => ['instant', { time }]), ...(range ? [['range', range]] : [])];
    const out = [];
    for (const [mode, params] of evals) {
      const p = await theirs(q, mode, params);
      const o = await ours(q, mode, params);
      const verdict = compareAnswers(p, o, q);
      out.push({ mode, params, prometheus: p, ours: o, ...(verdict.agree || verdict.allowed ? verdict
        : await recheck(verdict, p, o, () => theirs(q, mode, params), (a, b) => compareAnswers(a, b, q).agree, 'Prometheus varies between runs (map order); ours is one of its answers')) });
    }
    results.push({ q, evals: out });
    // Replaying given queries: show both answers.
    if (args.query) for (const e of out) console.log(JSON.stringify({ q, mode: e.mode, params: e.params, agree: e.agree, prometheus: e.prometheus, ours: e.ours }));
    if ((index + 1) % 100 === 0) console.log(`differential-native: ${index + 1}/${queries.length} queries`);
  }
} finally {
  await server.stop(true);
}

// Report.
const outDir = resolve(args.out);
mkdirSync(outDir, { recursive: true });
const evals = results.flatMap((r) => r.evals);
const ok = (e) => e.agree || e.allowed;
const agreeQ = results.filter((r) => r.evals.every((e) => e.agree)).length;
const allowedQ = results.filter((r) => r.evals.every(ok) && !r.evals.every((e) => e.agree)).length;
// A query none of whose evaluations disagrees, one or more inconclusive (see recheck).
const settled = (e) => ok(e) || e.inconclusive;
const inconclusiveQ = results.filter((r) => r.evals.every(settled) && !r.evals.every(ok)).length;
const agreeE = evals.filter((e) => e.agree).length;
const allowedE = evals.filter((e) => !e.agree && e.allowed).length;
const byCategory = {};
for (const e of evals) {
  if (e.agree) continue;
  const c = e.allowed ? `allowed: ${e.allowed}` : e.inconclusive ? `inconclusive: ${e.inconclusive}` : e.category;
  byCategory[c] = (byCategory[c] ?? 0) + 1;
}
const nonEmpty = evals.filter((e) => e.prometheus.ok && Array.isArray(e.prometheus.data.result) ? e.prometheus.data.result.length > 0 : true).length;
const withHist = evals.filter((e) => e.prometheus.ok && JSON.stringify(e.prometheus.data).includes('"buckets"')).length;
const md = [`# Native-histogram differential run, seed ${seed}`, '', `${version}; ${results.length} queries, ${evals.length} evaluations.`, ''];
for (const r of results) {
  if (r.evals.every(ok)) continue;
  md.push(`## \`${r.q}\``, '');
  for (const e of r.evals) {
    if (ok(e)) continue;
    const when = e.mode === 'instant' ? `instant at ${secs(e.params.time)}` : `range ${secs(e.params.start)}..${secs(e.params.end)} step ${e.params.step / 1000}s`;
    md.push(`- ${when}: **${e.inconclusive ?? e.category}**`, '', '```json', ...e.diffs.slice(0, 4).map((d) => JSON.stringify(d).slice(0, 3000)), '```', '');
  }
}
writeFileSync(join(outDir, 'disagreements.md'), md.join('\n'));
writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 1));
writeFileSync(join(outDir, 'data.json'), JSON.stringify(data));
const inconclusiveE = evals.filter((e) => !ok(e) && e.inconclusive).length;
console.log(`differential-native: queries: ${agreeQ} agree, ${allowedQ} allowed differences (3.5 vs main), ${results.length - agreeQ - allowedQ - inconclusiveQ} disagree, ${inconclusiveQ} inconclusive; evaluations: ${agreeE} agree, ${allowedE} allowed, ${evals.length - agreeE - allowedE - inconclusiveE} disagree, ${inconclusiveE} inconclusive of ${evals.length} (${nonEmpty} with a non-empty Prometheus answer, ${withHist} with histogram buckets)`);
for (const [c, n] of Object.entries(byCategory).sort((a, b) => b[1] - a[1])) console.log(`  ${c}: ${n}`);
console.log(`differential-native: report in ${join(outDir, 'disagreements.md')}`);

// --record FILE: Prometheus's answers for a spread of evaluations (every disagreement and allowed
// difference, and agreeing ones, histogram answers first), for the regression test in
// test/differential-native/, which replays them against our engine without a Prometheus.
if (args.record) {
  const cases = results.flatMap((r) => r.evals.map((e) => ({
    q: r.q, mode: e.mode, params: e.params, prometheus: e.prometheus,
    verdict: e.agree ? 'agree' : e.allowed ? 'allowed' : 'disagree', category: e.allowed ?? e.category,
  })));
  const hasHist = (c) => c.prometheus.ok && JSON.stringify(c.prometheus.data).includes('"buckets"');
  const nonEmpty = (c) => c.prometheus.ok && (!Array.isArray(c.prometheus.data.result) || c.prometheus.data.result.length > 0);
  const agreeing = cases.filter((c) => c.verdict === 'agree');
  // Small answers only (a range answer of histograms can weigh 100 kB): instant ones, then ranges under 20 kB.
  const small = (c) => JSON.stringify(c.prometheus).length < 20_000;
  const ordered = [...agreeing.filter((c) => c.mode === 'instant'), ...agreeing.filter((c) => c.mode === 'range')].filter(small);
  const pick = [...ordered.filter(hasHist), ...ordered.filter((c) => !hasHist(c) && nonEmpty(c))].slice(0, Number(args['record-max']));
  const chosen = [...cases.filter((c) => c.verdict !== 'agree'), ...pick];
  writeFileSync(resolve(args.record), `${JSON.stringify({ version, seed, lowStarts: args['low-starts'], cases: chosen })}\n`);
  console.log(`differential-native: recorded ${chosen.length} evaluations in ${args.record}`);
}
if (args['fail-on-disagreement'] && agreeQ + allowedQ + inconclusiveQ < results.length) process.exitCode = 1;
