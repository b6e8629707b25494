#!/usr/bin/env node
// Our side of the side-by-side benchmark alone, without Prometheus: the same fixture and heavy
// set, each query timed as the side-by-side run times it (an untimed run, the harness's garbage
// collected and untimed recovery runs, then a minor collection before each timed run). Steadier
// than the side-by-side run (no server sharing the two cores), for telling builds of ours apart.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadIntoOurs } from '../../tools/differential/native-histograms/load.mjs';
import { DEFAULT_SHAPE, FIXTURE_START, writeFloatFixture } from './fixture.mjs';
import { generateHistograms } from './fixture-histograms.mjs';
import { HEAVY_QUERIES } from './queries.mjs';
import { median, measureOurs } from './measure.mjs';
import { readAndLoad } from './ours-load.mjs';

const USAGE = `usage: node --expose-gc --max-old-space-size=8192 bench/vs-prometheus/ours.mjs [--runs N] [--only REGEX] [--json FILE] [--hours H] [--instances N]
  --runs N         timed runs per query after the untimed ones (default 7; median, min and max shown)
  --only REGEX     only the queries whose name or text matches
  --json FILE      also write every figure as JSON
  --hours, --instances   fixture shape (default 6 h at 15 s, 8 instances for each of 4 jobs)`;

function options() {
  const { values: a } = parseArgs({
    options: {
      runs: { type: 'string', default: '7' },
      only: { type: 'string' },
      json: { type: 'string' },
      hours: { type: 'string', default: String(DEFAULT_SHAPE.hours) },
      instances: { type: 'string', default: String(DEFAULT_SHAPE.instances) },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (a.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = a.only ? new RegExp(a.only) : null;
  const o = {
    runs: Number(a.runs), json: a.json,
    shape: { ...DEFAULT_SHAPE, hours: Number(a.hours), instances: Number(a.instances) },
    queries: HEAVY_QUERIES.filter((q) => !only || only.test(q.name) || only.test(q.query)),
  };
  if (!Number.isInteger(o.runs) || o.runs < 1 || !(o.shape.hours > 0) || !Number.isInteger(o.shape.instances) || o.shape.instances < 1 || o.queries.length === 0) {
    console.error(`ours: nothing to do (runs ${a.runs}, hours ${a.hours}, instances ${a.instances}, ${o.queries.length} queries)\n${USAGE}`);
    process.exit(2);
  }
  return o;
}

/** Loads the fixture (floats through a temporary OpenMetrics file, as `promql` reads one; native histograms appended). */
async function load(lib, libUrl, shape) {
  const storage = new lib.MemoryStorage();
  const work = mkdtempSync(join(tmpdir(), 'promql-ts-ours-'));
  try {
    const omFile = join(work, 'fixture.om.txt');
    const fd = openSync(omFile, 'w');
    writeFloatFixture((s) => writeSync(fd, s), shape);
    closeSync(fd);
    const floats = await readAndLoad(libUrl, storage, omFile);
    loadIntoOurs(storage, generateHistograms(shape), lib);
    return { storage, floatSamples: floats.loaded, loadMs: floats.ms };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const o = options();
const libUrl = new URL('../../dist/src/index.js', import.meta.url);
const lib = await import(libUrl.href).catch((e) => {
  console.error(`ours: cannot load ${libUrl.pathname} (${e.message}); run \`npm run build\` first`);
  process.exit(2);
});
if (typeof globalThis.gc !== 'function') console.error('ours: run node with --expose-gc, or collections are not forced as the side-by-side run forces them');
const { storage, floatSamples, loadMs } = await load(lib, libUrl, o.shape);
console.log(`ours: ${floatSamples} float samples loaded in ${(loadMs / 1000).toFixed(2)} s; node ${process.version}`);
const engine = new lib.Engine({ storage, maxSamples: 1e9 });
const range = { start: FIXTURE_START, end: FIXTURE_START + o.shape.hours * 3600_000 - o.shape.stepMs, step: o.shape.stepMs };
const rows = [];
for (const q of o.queries) {
  const runs = await measureOurs(engine, q.query, range, o.runs);
  const row = { name: q.name, query: q.query, medianMs: median(runs.ms), minMs: Math.min(...runs.ms), maxMs: Math.max(...runs.ms), medianCpuMs: median(runs.cpuMs), medianFaults: median(runs.faults), medianGcMs: median(runs.gcMs), runs };
  rows.push(row);
  console.log(`${q.name.padEnd(15)} median ${row.medianMs.toFixed(1).padStart(8)} ms   min ${row.minMs.toFixed(1).padStart(8)}   max ${row.maxMs.toFixed(1).padStart(8)}   CPU ${row.medianCpuMs.toFixed(0).padStart(6)} ms   page faults ${String(row.medianFaults).padStart(5)}   GC pauses ${row.medianGcMs.toFixed(1).padStart(5)} ms`);
}
console.log(`ours: sum of medians ${rows.reduce((a, r) => a + r.medianMs, 0).toFixed(0)} ms over ${rows.length} queries`);
if (o.json) {
  writeFileSync(resolve(o.json), `${JSON.stringify({ node: process.version, shape: o.shape, floatSamples, loadMs, queries: rows }, null, 1)}\n`);
  console.log(`ours: figures written to ${o.json}`);
}
