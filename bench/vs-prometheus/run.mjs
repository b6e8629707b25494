#!/usr/bin/env node
// Our engine side by side with Prometheus 3.5.3 on the same data (issue 13): builds the fixture,
// loads it into both, runs the heavy set as range queries in both, checks that the answers agree
// and prints the times. Run with `npm run bench:prometheus`; `--help` for the options.
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { versionOf } from '../../tools/differential/prometheus.mjs';
import { DEFAULT_SHAPE, FIXTURE_START, writeFloatFixture } from './fixture.mjs';
import { generateHistograms } from './fixture-histograms.mjs';
import { HEAVY_QUERIES } from './queries.mjs';
import { DEFAULT_BIN_DIR, findBinaries, startWithLog, timedBackfill, histogramsIntoBlocks, benchServer } from './prometheus.mjs';
import { measureQuery } from './measure.mjs';
import { startOurSide } from './our-side.mjs';
import { summarise, reportLines } from './report.mjs';

const USAGE = `usage: node --expose-gc bench/vs-prometheus/run.mjs [--runs N] [--only REGEX] [--json FILE]
       [--hours H] [--instances N] [--max-samples N] [--keep]
  --runs N         timed runs per query and side after one warm-up (default 5; the median is shown)
  --only REGEX     only the queries whose name or text matches
  --json FILE      also write every figure as JSON
  --hours, --instances   fixture shape (default 6 h at 15 s, 8 instances for each of 4 jobs)
  --max-samples N  Prometheus's --query.max-samples and our maxSamples (default 1e9)
  --keep           keep the temporary directory (fixture, TSDB, server logs)
Binaries: $PROMETHEUS_BIN and $PROMTOOL_BIN, else ${DEFAULT_BIN_DIR}, else the PATH.`;

const log = (msg) => console.log(`vs-prometheus: ${msg}`);

/** The command line, checked; exits with the usage on nonsense. */
function options() {
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
  const shape = { ...DEFAULT_SHAPE, hours: Number(args.hours), instances: Number(args.instances) };
  const only = args.only ? new RegExp(args.only) : null;
  const o = {
    shape, runs: Number(args.runs), maxSamples: Number(args['max-samples']), json: args.json, keep: args.keep,
    queries: HEAVY_QUERIES.filter((q) => !only || only.test(q.name) || only.test(q.query)),
  };
  if (!Number.isInteger(o.runs) || o.runs < 1 || !(shape.hours > 0) || !Number.isInteger(shape.instances) || shape.instances < 1
    || !(o.maxSamples > 0) || o.queries.length === 0) {
    console.error(`vs-prometheus: nothing to do (runs ${args.runs}, hours ${args.hours}, instances ${args.instances}, max samples ${args['max-samples']}, ${o.queries.length} queries)\n${USAGE}`);
    process.exit(2);
  }
  return o;
}

/**
 * Generates the native histograms and writes them into Prometheus's blocks (our side generates
 * the same ones in its own process). Returns only their counts.
 */
async function histogramsForPrometheus(shape, { prometheus, workDir, dataDir, register }) {
  const data = generateHistograms(shape);
  const blocks = await histogramsIntoBlocks(prometheus, data, { workDir, dataDir, register });
  return { series: data.series.length, samples: data.samples, blocks };
}

async function main(o, bins, libUrl, work, register) {
  const version = versionOf(bins.prometheus);
  const loadAtStart = loadavg();
  log(`${version} (${bins.prometheus}); node ${process.version}; load average ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}; temp dir ${work}`);

  const omFile = join(work, 'fixture.om.txt');
  const fd = openSync(omFile, 'w');
  const floats = writeFloatFixture((s) => writeSync(fd, s), o.shape);
  closeSync(fd);
  const omBytes = statSync(omFile).size;
  log(`fixture: ${floats.series} float series, ${floats.samples} samples, ${(omBytes / 1e6).toFixed(0)} MB of OpenMetrics`);

  const ours = await startOurSide({ omFile, shape: o.shape, expectedFloats: floats.samples, maxSamples: o.maxSamples, libUrl }, register);
  const { loading } = ours;
  log(`our side: pid ${ours.side.pid}, a process of its own`);
  log(`our OpenMetrics load (read + parse + store): ${(loading.oursLoadMs / 1000).toFixed(2)} s, ${(loading.oursSamplesPerSecond / 1e6).toFixed(2)} M samples/s`);
  log(loading.heapBytesPerSample !== null
    ? `MemoryStorage after GC: ${loading.heapBytesPerSample.toFixed(1)} bytes per float sample (heap + external), RSS grew ${loading.rssBytesPerSample.toFixed(1)} bytes per sample`
    : 'memory per sample not measured: run node with --expose-gc');

  const dataDir = join(work, 'data');
  mkdirSync(dataDir);
  loading.promtoolBackfillMs = timedBackfill(bins.promtool, omFile, dataDir);
  log(`promtool tsdb create-blocks-from openmetrics: ${(loading.promtoolBackfillMs / 1000).toFixed(2)} s`);
  const histograms = await histogramsForPrometheus(o.shape, { prometheus: bins.prometheus, workDir: work, dataDir, register });
  if (histograms.samples !== ours.histograms.samples) throw new Error(`our side appended ${ours.histograms.samples} histogram samples, Prometheus got ${histograms.samples}`);
  log(`native histograms: ${histograms.series} series, ${histograms.samples} samples, remote-written and snapshotted into ${histograms.blocks} block(s)`);

  const server = benchServer(bins.prometheus, { workDir: join(work, 'server'), dataDir, maxSamples: o.maxSamples, register });
  const range = { start: FIXTURE_START, end: FIXTURE_START + o.shape.hours * 3600_000 - o.shape.stepMs, step: o.shape.stepMs };
  const rows = [];
  try {
    await startWithLog(server);
    log(`prometheus pid ${server.pid} at ${server.base}; range queries ${new Date(range.start).toISOString()} to ${new Date(range.end).toISOString()} at ${range.step / 1000}s; warm-up, then the median of ${o.runs}, the two sides alternating`);
    for (const q of o.queries) {
      const row = await measureQuery({ server, side: ours.side }, q, range, o.runs);
      rows.push(row);
      log(`${row.name}: Prometheus ${row.prometheusExecMs?.toFixed(0)} ms, ours ${row.oursMs?.toFixed(0)} ms, ${row.agree ? 'answers agree' : 'ANSWERS DISAGREE'}`);
    }
  } finally {
    await server.stop(true);
    ours.stop();
  }

  const loadAverage = { start: loadAtStart, end: loadavg() };
  const summary = summarise(rows);
  console.log(reportLines(rows, summary, { loading, omBytes, loadAverage }).join('\n'));
  if (summary.disagreements.length) process.exitCode = 1;
  if (o.json) {
    writeFileSync(resolve(o.json), `${JSON.stringify({
      prometheus: version, node: process.version, shape: o.shape,
      fixture: { floatSeries: floats.series, floatSamples: floats.samples, histogramSeries: histograms.series, histogramSamples: histograms.samples, openMetricsBytes: omBytes },
      loading, queries: rows, summary: { ...summary, loadAverage },
    }, null, 1)}\n`);
    log(`figures written to ${o.json}`);
  }
}

const o = options();
const bins = findBinaries();
if (bins.missing) {
  log(`skipped: no ${bins.missing} binary found (set PROMETHEUS_BIN and PROMTOOL_BIN, install Prometheus 3.5.3 in ${DEFAULT_BIN_DIR}, or put it on the PATH)`);
  process.exit(0);
}
const libUrl = new URL('../../dist/src/index.js', import.meta.url);
// Loaded here only to fail early, with a clear message, when the build is missing.
await import(libUrl.href).catch((e) => {
  console.error(`vs-prometheus: cannot load ${libUrl.pathname} (${e.message}); run \`npm run build\` first`);
  process.exit(2);
});

// Every way out stops the servers (and our side's process) by their pids and removes the temporary directory.
const work = mkdtempSync(join(tmpdir(), 'promql-ts-vs-prometheus-'));
const servers = [];
process.on('exit', () => {
  for (const s of servers) s.stop(false);
  if (!o.keep) rmSync(work, { recursive: true, force: true, maxRetries: 5 });
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`vs-prometheus: ${sig}, stopping prometheus (pids ${servers.map((s) => s.pid).filter(Boolean).join(', ') || 'none'})`);
    process.exit(130);
  });
}
await main(o, bins, libUrl, work, (s) => servers.push(s)).catch((e) => {
  console.error(`vs-prometheus: ${e.message}`);
  process.exitCode = 2;
});
