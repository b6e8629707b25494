#!/usr/bin/env node
// Our engine side by side with Prometheus 3.5.3 on the same data (issue 13): builds the fixture,
// loads it into both, runs the heavy set as range queries in both, checks that the answers agree
// and prints the times. Run with `npm run bench:prometheus`; `--help` for the options.
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { versionOf } from '../../tools/differential/prometheus.mjs';
import { loadIntoOurs } from '../../tools/differential/native-histograms/load.mjs';
import { DEFAULT_SHAPE, FIXTURE_START, writeFloatFixture } from './fixture.mjs';
import { generateHistograms } from './fixture-histograms.mjs';
import { HEAVY_QUERIES } from './queries.mjs';
import { DEFAULT_BIN_DIR, findBinaries, startWithLog, timedBackfill, histogramsIntoBlocks, benchServer, serverGC, timedRangeQuery } from './prometheus.mjs';
import { compareMatrices } from './compare.mjs';

const USAGE = `usage: node --expose-gc bench/vs-prometheus/run.mjs [--runs N] [--only REGEX] [--json FILE]
       [--hours H] [--instances N] [--max-samples N] [--keep]
  --runs N         timed runs per query and side after one warm-up (default 5; the median is shown)
  --only REGEX     only the queries whose name or text matches
  --json FILE      also write every figure as JSON
  --hours, --instances   fixture shape (default 6 h at 15 s, 8 instances for each of 4 jobs)
  --keep           keep the temporary directory (fixture, TSDB, logs)
Binaries: $PROMETHEUS_BIN and $PROMTOOL_BIN, else ${DEFAULT_BIN_DIR}, else the PATH.`;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    json: { type: 'string' },
    hours: { type: 'string', default: String(DEFAULT_SHAPE.hours) },
    instances: { type: 'string', default: String(DEFAULT_SHAPE.instances) },
    'max-samples': { type: 'string', default: '1000000000' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const log = (msg) => console.log(`vs-prometheus: ${msg}`);

const bins = findBinaries();
if (bins.missing) {
  log(`skipped: no ${bins.missing} binary found (set PROMETHEUS_BIN and PROMTOOL_BIN, install Prometheus 3.5.3 in /opt/prometheus-3.5.3/usr/bin, or put it on the PATH)`);
  process.exit(0);
}
const libUrl = new URL('../../dist/src/index.js', import.meta.url);
let lib;
try {
  lib = await import(libUrl.href);
} catch (e) {
  console.error(`vs-prometheus: cannot load ${libUrl.pathname} (${e.message}); run \`npm run build\` first`);
  process.exit(2);
}
const { Engine, MemoryStorage, loadExposition, toPrometheusJSON, FloatHistogram, labelsFrom, STALE_NAN } = lib;

const shape = { ...DEFAULT_SHAPE, hours: Number(args.hours), instances: Number(args.instances) };
const runs = Number(args.runs);
const maxSamples = Number(args['max-samples']);
const only = args.only ? new RegExp(args.only) : null;
const queries = HEAVY_QUERIES.filter((q) => !only || only.test(q.name) || only.test(q.query));
if (!(runs >= 1) || !(shape.hours > 0) || !(shape.instances >= 1) || queries.length === 0) {
  console.error(`vs-prometheus: nothing to do (runs ${args.runs}, hours ${args.hours}, instances ${args.instances}, ${queries.length} queries)\n${USAGE}`);
  process.exit(2);
}

// Every way out stops the servers by their pids and removes the temporary directory.
const work = mkdtempSync(join(tmpdir(), 'promql-ts-vs-prometheus-'));
const servers = [];
const cleanUp = () => {
  for (const s of servers) s.stop(false);
  if (!args.keep) rmSync(work, { recursive: true, force: true, maxRetries: 5 });
};
process.on('exit', cleanUp);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`vs-prometheus: ${sig}, stopping prometheus (pids ${servers.map((s) => s.pid).filter(Boolean).join(', ') || 'none'})`);
    process.exit(130);
  });
}
const register = (s) => servers.push(s);
const gc = globalThis.gc ?? null;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const memory = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
};

const version = versionOf(bins.prometheus);
const loadAtStart = loadavg();
log(`${version} (${bins.prometheus}); node ${process.version}; load average ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}; temp dir ${work}`);

// The fixture: floats as OpenMetrics, native histograms in memory.
const omFile = join(work, 'fixture.om.txt');
const fd = openSync(omFile, 'w');
const floats = writeFloatFixture((s) => writeSync(fd, s), shape);
closeSync(fd);
const omBytes = statSync(omFile).size;
log(`fixture: ${floats.series} float series, ${floats.samples} samples, ${(omBytes / 1e6).toFixed(0)} MB of OpenMetrics`);

// Our side: the OpenMetrics file through our loader, timed, then the memory it holds.
const storage = new MemoryStorage();
const before = gc ? memory() : null;
// In a function of its own: a register of the module's top-level frame would keep the 250 MB text
// alive through the memory measurement.
const loadOurs = () => {
  const t0 = performance.now();
  const n = loadExposition(storage, readFileSync(omFile, 'utf8'), { format: 'openmetrics', file: omFile });
  return { loaded: n, oursLoadMs: performance.now() - t0 };
};
const { loaded, oursLoadMs } = loadOurs();
const after = gc ? memory() : null;
if (loaded !== floats.samples) throw new Error(`our loader stored ${loaded} samples of the fixture's ${floats.samples}`);
const loading = {
  oursLoadMs, oursSamplesPerSecond: loaded / (oursLoadMs / 1000),
  heapBytesPerSample: after ? (after.heap - before.heap) / loaded : null,
  rssBytesPerSample: after ? (after.rss - before.rss) / loaded : null,
};
log(`our OpenMetrics load (read + parse + store): ${(oursLoadMs / 1000).toFixed(2)} s, ${(loading.oursSamplesPerSecond / 1e6).toFixed(2)} M samples/s`);
log(after
  ? `MemoryStorage after GC: ${loading.heapBytesPerSample.toFixed(1)} bytes per float sample (heap + external), RSS grew ${loading.rssBytesPerSample.toFixed(1)} bytes per sample`
  : 'memory per sample not measured: run node with --expose-gc');

// Prometheus's side: promtool's backfill, then the histograms through a loader server.
const dataDir = join(work, 'data');
mkdirSync(dataDir);
loading.promtoolBackfillMs = timedBackfill(bins.promtool, omFile, dataDir);
log(`promtool tsdb create-blocks-from openmetrics: ${(loading.promtoolBackfillMs / 1000).toFixed(2)} s`);
const histograms = generateHistograms(shape);
loadIntoOurs(storage, histograms, { FloatHistogram, labelsFrom, STALE_NAN });
const blocks = await histogramsIntoBlocks(bins.prometheus, histograms, { workDir: work, dataDir, register });
log(`native histograms: ${histograms.series.length} series, ${histograms.samples} samples, remote-written and snapshotted into ${blocks} block(s)`);

const engine = new Engine({ storage, maxSamples });
const server = benchServer(bins.prometheus, { workDir: join(work, 'server'), dataDir, maxSamples, register });
const step = shape.stepMs;
const start = FIXTURE_START;
const end = FIXTURE_START + shape.hours * 3600_000 - step;
const results = [];
try {
  await startWithLog(server);
  log(`prometheus pid ${server.pid} at ${server.base}; range queries ${new Date(start).toISOString()} to ${new Date(end).toISOString()} at ${step / 1000}s; warm-up, then the median of ${runs}, the two sides alternating`);
  for (const { name, query } of queries) {
    const theirs = await timedRangeQuery(server, query, start, end, step);
    let ours;
    let ourError = null;
    try {
      ours = await engine.rangeQuery(query, start, end, step);
    } catch (e) {
      ourError = e;
    }
    const check = theirs.body.status !== 'success' || ourError
      ? { agree: theirs.body.status !== 'success' && !!ourError, series: [null, null], points: 0, exact: 0, problems: [`Prometheus: ${theirs.body.error ?? 'ok'}; ours: ${ourError?.message ?? 'ok'}`] }
      : compareMatrices(theirs.body.data, toPrometheusJSON(ours));
    const promExec = [];
    const promHttp = [];
    const oursWall = [];
    const oursExec = [];
    if (!ourError && theirs.body.status === 'success') {
      for (let i = 0; i < runs; i++) {
        await serverGC(server);
        const p = await timedRangeQuery(server, query, start, end, step);
        promExec.push(p.body.data.stats.timings.execTotalTime * 1000);
        promHttp.push(p.httpMs);
        gc?.();
        const t = performance.now();
        const r = await engine.rangeQuery(query, start, end, step);
        oursWall.push(performance.now() - t);
        oursExec.push(r.stats.timings.execTotalTime * 1000);
      }
    }
    const row = {
      name, query, series: check.series, points: check.points, exactPoints: check.exact, agree: check.agree, problems: check.problems,
      prometheusExecMs: promExec.length ? median(promExec) : null, prometheusHttpMs: promHttp.length ? median(promHttp) : null,
      oursMs: oursWall.length ? median(oursWall) : null, oursExecMs: oursExec.length ? median(oursExec) : null,
      runs: { prometheusExecMs: promExec, prometheusHttpMs: promHttp, oursMs: oursWall, oursExecMs: oursExec },
    };
    row.ratio = row.oursMs ? row.prometheusExecMs / row.oursMs : null;
    results.push(row);
    log(`${name}: Prometheus ${row.prometheusExecMs?.toFixed(0)} ms, ours ${row.oursMs?.toFixed(0)} ms, ${check.agree ? 'answers agree' : 'ANSWERS DISAGREE'}`);
  }
} finally {
  await server.stop(true);
}

// The report.
const pad = (s, n) => String(s).padStart(n);
const ms = (x) => (x === null ? '-' : x.toFixed(0));
const width = Math.max(...results.map((r) => r.name.length), 5);
const lines = [
  `${'query'.padEnd(width)} ${pad('series', 7)} ${pad('Prom exec ms', 12)} ${pad('Prom HTTP ms', 12)} ${pad('ours ms', 9)} ${pad('ours exec ms', 12)} ${pad('Prom/ours', 9)}  answers`,
];
for (const r of results) {
  const agreement = r.agree ? `agree (${r.exactPoints}/${r.points} points bit-identical)` : 'DISAGREE';
  lines.push(`${r.name.padEnd(width)} ${pad(r.series[0] ?? '-', 7)} ${pad(ms(r.prometheusExecMs), 12)} ${pad(ms(r.prometheusHttpMs), 12)} ${pad(ms(r.oursMs), 9)} ${pad(ms(r.oursExecMs), 12)} ${pad(r.ratio === null ? '-' : `${r.ratio.toFixed(2)}×`, 9)}  ${agreement}`);
}
const timed = results.filter((r) => r.ratio !== null);
const worst = timed.reduce((w, r) => (w === null || r.ratio < w.ratio ? r : w), null);
const summary = {
  medianRatio: timed.length ? median(timed.map((r) => r.ratio)) : null,
  worstRatio: worst?.ratio ?? null, worstQuery: worst?.name ?? null,
  disagreements: results.filter((r) => !r.agree).map((r) => r.name),
  loadAverage: { start: loadAtStart, end: loadavg() },
};
console.log(`\n${lines.join('\n')}\n`);
for (const r of results) console.log(`  ${r.name.padEnd(width)} ${r.query}`);
console.log(`\nPrometheus/ours (Prometheus's execTotalTime over our rangeQuery wall time): median ${summary.medianRatio?.toFixed(2)}×, worst ${summary.worstRatio?.toFixed(2)}× (${summary.worstQuery}) over ${timed.length} queries`);
console.log(`loading: ours ${(loading.oursSamplesPerSecond / 1e6).toFixed(2)} M samples/s (${(oursLoadMs / 1000).toFixed(2)} s for ${(omBytes / 1e6).toFixed(0)} MB), promtool backfill ${(loading.promtoolBackfillMs / 1000).toFixed(2)} s; MemoryStorage ${loading.heapBytesPerSample?.toFixed(1) ?? '-'} bytes per float sample after GC`);
console.log(`load average: ${summary.loadAverage.start.map((x) => x.toFixed(2)).join(' ')} at the start, ${summary.loadAverage.end.map((x) => x.toFixed(2)).join(' ')} at the end`);
if (summary.disagreements.length) {
  console.log(`\n!!! ${summary.disagreements.length} quer${summary.disagreements.length === 1 ? 'y disagrees' : 'ies disagree'} with Prometheus: a bug to fix !!!`);
  for (const r of results.filter((x) => !x.agree)) console.log(`  ${r.name} (series: Prometheus ${r.series[0]}, ours ${r.series[1]}):\n    ${r.problems.join('\n    ')}`);
  process.exitCode = 1;
}
if (args.json) {
  writeFileSync(resolve(args.json), `${JSON.stringify({
    prometheus: version, node: process.version, shape,
    fixture: { floatSeries: floats.series, floatSamples: floats.samples, histogramSeries: histograms.series.length, histogramSamples: histograms.samples, openMetricsBytes: omBytes },
    loading, queries: results, summary,
  }, null, 1)}\n`);
  log(`figures written to ${args.json}`);
}
