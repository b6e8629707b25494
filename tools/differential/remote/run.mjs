#!/usr/bin/env node
// Differential check of the remote storages: queries evaluated by promql-ts over a real
// Prometheus's data (RemoteReadStorage, or PrometheusAPIStorage with --protocol api) against the
// same server's /api/v1/query(_range), and against promql-ts over the same data held in memory.
// Usage: see tools/differential/remote/README.md.
import { mkdtempSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateFixture, FIXTURE_START, FIXTURE_LENGTH } from '../fixture.mjs';
import { QueryGenerator } from '../queries.mjs';
import { HARD_CASES } from '../hard-cases.mjs';
import { Rng } from '../rng.mjs';
import { findPrometheus, findPromtool, versionOf, backfill, PrometheusServer } from '../prometheus.mjs';
import { normaliseProm, normaliseOurs, compareAnswers, compareData } from '../compare.mjs';

const { values: args } = parseArgs({
  options: {
    prometheus: { type: 'string' },
    protocol: { type: 'string', default: 'remote-read' },
    seed: { type: 'string', default: '1' },
    queries: { type: 'string', default: '300' },
    out: { type: 'string', default: '.scratch/differential-remote' },
    concurrency: { type: 'string', default: '4' },
    'fail-on-disagreement': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: node tools/differential/remote/run.mjs [--prometheus PATH] [--protocol remote-read|api] [--seed N] [--queries N] [--out DIR] [--concurrency N] [--fail-on-disagreement]');
  process.exit(0);
}

const binary = findPrometheus(args.prometheus);
const promtool = binary && findPromtool(binary);
if (!binary || !promtool) {
  console.log('differential (remote): skipped, no Prometheus binary and promtool found (pass --prometheus PATH or set PROMETHEUS)');
  process.exit(0);
}
const dist = new URL('../../../dist/src/index.js', import.meta.url);
if (!existsSync(dist)) {
  console.error('differential (remote): dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { Engine, MemoryStorage, RemoteReadStorage, PrometheusAPIStorage, loadExposition, toPrometheusJSON } = await import(dist.href);

const seed = Number(args.seed);
const version = versionOf(binary);
const major = Number(/version (\d+)\./.exec(version)?.[1] ?? 3);
console.log(`differential (remote, ${args.protocol}): ${version} (${binary}), seed ${seed}`);

const work = mkdtempSync(join(tmpdir(), 'promql-ts-differential-remote-'));
const server = new PrometheusServer(binary, { dataDir: join(work, 'data'), workDir: work });
process.on('exit', () => {
  server.stop(false);
  rmSync(work, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(130));

const fixture = generateFixture(seed);
writeFileSync(join(work, 'fixture.om'), fixture.text);
backfill(promtool, join(work, 'fixture.om'), join(work, 'data'));
const memory = new MemoryStorage();
loadExposition(memory, fixture.text, { format: 'openmetrics', file: 'fixture.om' });
await server.start();
const storage = args.protocol === 'api'
  ? new PrometheusAPIStorage({ url: server.base })
  : new RemoteReadStorage({ url: `${server.base}/api/v1/read` });
// Prometheus 2.x's lookback window includes its left end, [t − 5m, t]; 3.x's is (t − 5m, t].
// One more millisecond of lookback gives 2.x's answers exactly.
const lookbackDelta = major < 3 ? 300_001 : 300_000;
const remote = new Engine({ storage, lookbackDeltaMs: lookbackDelta });
const local = new Engine({ storage: memory, lookbackDeltaMs: lookbackDelta });
console.log(`differential (remote): fixture of ${fixture.series} series, ${fixture.samples} samples; prometheus pid ${server.pid} at ${server.base}`);

const gen = new QueryGenerator(seed, {});
const queries = [...new Set([...HARD_CASES, ...Array.from({ length: Number(args.queries) * 3 }, () => gen.next())])].slice(0, Number(args.queries));

/**
 * Prometheus 2.x differs from 3.x (which promql-ts follows) where documented in the 3.0 migration
 * guide: range selectors and subqueries include the sample at the window's left end, `le` and
 * `quantile` values are kept as written, holt_winters is not yet double_exponential_smoothing,
 * and newer functions and syntax do not parse. A disagreement that can come from these is allowed.
 */
function allowed2x(q, p, o, diffs) {
  if (/\[/.test(q)) return '2.x: range windows include their left end';
  if (/\b(sum|avg)\b/.test(q) && diffs?.every((d) => d.what === 'value' && Math.abs(Number(d.prometheus) - Number(d.ours)) <= 1e-12 * Math.abs(Number(d.ours)))) {
    return '2.x: sum/avg without Kahan summation (last digits)';
  }
  if (/\batan2\b/.test(q)) return '2.x: atan2 keeps the metric name';
  if (/\ble\b|_bucket|quantile/.test(q)) return '2.x: le/quantile label values not normalised';
  if (!p.ok && o.ok) return '2.x: function or syntax added in 3.x';
  if (!p.ok && !o.ok) return '2.x: error wording';
  return null;
}

const secs = (ms) => (ms / 1000).toFixed(3);
async function evalOurs(engine, q, mode, p) {
  try {
    const r = mode === 'instant' ? await engine.instantQuery(q, p.time) : await engine.rangeQuery(q, p.start, p.end, p.step);
    return normaliseOurs(toPrometheusJSON, r, null);
  } catch (e) {
    return normaliseOurs(toPrometheusJSON, null, e);
  }
}
async function evalTheirs(q, mode, p) {
  const body = mode === 'instant'
    ? await server.api('/api/v1/query', { query: q, time: secs(p.time) })
    : await server.api('/api/v1/query_range', { query: q, start: secs(p.start), end: secs(p.end), step: `${p.step / 1000}` });
  return normaliseProm(body);
}
/**
 * Whether two of our answers are the same. Over a 2.x server the stored `le`/`quantile` values
 * are as written in the fixture (`le="1"`) where our loader, like 3.x, normalises them
 * (`le="1.0"`): compared through their numeric value.
 */
function sameAnswer(a, b) {
  if (a.ok !== b.ok) return false;
  if (!a.ok) return a.error === b.error;
  const norm = (d) => (major >= 3 || (d.resultType !== 'vector' && d.resultType !== 'matrix') ? d : {
    ...d,
    result: d.result.map((s) => ({ ...s, metric: Object.fromEntries(Object.entries(s.metric).map(([k, v]) => [k, (k === 'le' || k === 'quantile') && !Number.isNaN(Number(v)) ? String(Number(v)) : v])) })),
  });
  return compareData(norm(a.data), norm(b.data), true).length === 0 && JSON.stringify(a.warnings) === JSON.stringify(b.warnings);
}

/**
 * topk/bottomk pick among equal (or NaN) values in Go heap order, which Prometheus does not
 * define: the same number of series missing as extra, and nothing else, is that.
 */
function tieOrder(q, diffs = []) {
  if (!/\b(topk|bottomk)\b/.test(q)) return null;
  for (const unit of ['series', 'point']) {
    const miss = diffs.filter((d) => d.what === `missing ${unit}`).length;
    const extra = diffs.filter((d) => d.what === `extra ${unit}`).length;
    if (miss > 0 && miss === extra && miss + extra === diffs.length) return 'topk/bottomk among ties (order undefined in Prometheus)';
  }
  return null;
}

/**
 * Prometheus answers some queries differently from run to run (ties in topk over NaN, Go map
 * order): asked again, when it varies and one of its answers is ours, the difference is not ours.
 */
async function varies(q, mode, p, first, ours) {
  if (!first.ok || !ours.ok) return null;
  let changed = false;
  for (let k = 0; k < 10; k++) {
    const again = await evalTheirs(q, mode, p);
    if (!again.ok) continue;
    if (compareData(first.data, again.data, false).length > 0) changed = true;
    if (compareData(again.data, ours.data, false).length === 0) return changed ? 'Prometheus varies between runs; ours is one of its answers' : null;
  }
  return null;
}

const counts = { evaluations: 0, agree: 0, allowed: 0, disagree: 0, storageMismatch: 0 };
const problems = [];
const allowedBy = new Map();
async function check(q, i) {
  const r = new Rng(seed * 104_729 + i);
  const time = FIXTURE_START + r.int(0, FIXTURE_LENGTH / 1000) * 1000;
  const step = r.pick([15_000, 60_000, 300_000]);
  const start = FIXTURE_START + r.int(0, FIXTURE_LENGTH / 2 / 60_000) * 60_000;
  for (const [mode, p] of [['instant', { time }], ['range', { start, end: start + r.int(1, 60) * step, step }]]) {
    const [theirs, ours, inMemory] = await Promise.all([evalTheirs(q, mode, p), evalOurs(remote, q, mode, p), evalOurs(local, q, mode, p)]);
    counts.evaluations++;
    if (!sameAnswer(ours, inMemory)) {
      counts.storageMismatch++;
      problems.push({ kind: 'remote storage differs from memory', q, mode, p, ours, inMemory });
    }
    const v = compareAnswers(q, mode, theirs, ours);
    const why = v.agree ? null : v.allowed ?? (major < 3 ? allowed2x(q, theirs, ours, v.diffs) : null) ?? tieOrder(q, v.diffs) ?? await varies(q, mode, p, theirs, ours);
    if (v.agree) counts.agree++;
    else if (why) {
      counts.allowed++;
      allowedBy.set(why, (allowedBy.get(why) ?? 0) + 1);
    } else {
      counts.disagree++;
      problems.push({ kind: `disagrees with the server (${v.category})`, q, mode, p, prometheus: theirs, ours, diffs: v.diffs?.slice(0, 5) });
    }
  }
}

const started = Date.now();
let next = 0;
await Promise.all(Array.from({ length: Number(args.concurrency) }, async () => {
  while (next < queries.length) {
    const i = next++;
    await check(queries[i], i);
  }
}));
await server.stop(true);

const outDir = resolve(args.out);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'problems.json'), `${JSON.stringify(problems, null, 1)}\n`);
console.log(`differential (remote): ${queries.length} queries, ${counts.evaluations} evaluations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`  agree with the server: ${counts.agree}; allowed differences: ${counts.allowed}; disagreements: ${counts.disagree}`);
for (const [why, n] of allowedBy) console.log(`    allowed — ${why}: ${n}`);
console.log(`  answers over ${args.protocol} that differ from the same data in memory: ${counts.storageMismatch}`);
console.log(`  details: ${join(outDir, 'problems.json')}`);
if (args['fail-on-disagreement'] && (counts.disagree > 0 || counts.storageMismatch > 0)) process.exitCode = 1;
