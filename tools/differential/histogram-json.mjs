// Differential check of the API JSON of native histograms: sends random histograms to a real
// Prometheus through its remote-write receiver, reads them back with /api/v1/query (a vector and
// a range vector) and compares the `data` bytes with what toPrometheusJSONText writes for the same
// histograms. Run: `npm run build && node tools/differential/histogram-json.mjs [--seed N] [--count N]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPrometheus, versionOf, PrometheusServer } from './prometheus.mjs';
import { remoteWrite } from './remote-write.mjs';
import { Rng } from './rng.mjs';
import { FloatHistogram } from '../../dist/src/histogram/float-histogram.js';
import { toPrometheusJSONText } from '../../dist/src/eval/result.js';
import { labelsFrom } from '../../dist/src/storage/labels.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
};
const seed = arg('seed', 1);
const count = arg('count', 300);
const rng = new Rng(seed);

/** A count of one of the shapes that stress number formatting. */
function bucketCount() {
  switch (rng.int(0, 6)) {
    case 0: return rng.int(1, 5);
    case 1: return rng.int(1, 1_000_000);
    case 2: return rng.next() * 100 + 1e-3;
    case 3: return 10 ** rng.int(15, 30) * (1 + rng.next());
    case 4: return 10 ** -rng.int(5, 12) * (1 + rng.next());
    case 5: return 1 / 3;
    default: return rng.int(0, 1) ? 0 : 2.5;
  }
}

function side(nhcbBounds) {
  const spans = [];
  const buckets = [];
  let offset = nhcbBounds ? rng.int(0, 1) : rng.int(-20, 20);
  let at = offset;
  for (let k = rng.int(0, 3); k > 0; k--) {
    const length = rng.int(1, 4);
    if (nhcbBounds && at + length > nhcbBounds.length + 1) break;
    spans.push({ offset, length });
    for (let j = 0; j < length; j++) buckets.push(bucketCount());
    at += length;
    offset = rng.int(nhcbBounds ? 0 : 1, 3);
    at += offset;
  }
  return { spans, buckets };
}

function randomHistogram() {
  const nhcb = rng.chance(0.25);
  const bounds = nhcb ? [...new Set(Array.from({ length: rng.int(1, 6) }, () => Math.round(rng.next() * 1000) / 100 - 2))].sort((a, b) => a - b) : undefined;
  const pos = side(bounds);
  const neg = nhcb ? { spans: [], buckets: [] } : side(undefined);
  const zeroCount = nhcb || rng.chance(0.4) ? 0 : bucketCount();
  const total = [...pos.buckets, ...neg.buckets, zeroCount].reduce((a, b) => a + b, 0);
  const h = new FloatHistogram({
    schema: nhcb ? -53 : rng.int(-4, 8),
    zeroThreshold: nhcb ? 0 : rng.pick([0, 1e-128, 0.001, 0.5]),
    zeroCount, count: total + (rng.chance(0.2) ? bucketCount() : 0),
    sum: rng.pick([0, -1.5, 1e-7, 123456.789, 1e21, bucketCount()]),
    positiveSpans: pos.spans, positiveBuckets: pos.buckets, negativeSpans: neg.spans, negativeBuckets: neg.buckets,
    customValues: bounds, counterResetHint: rng.pick(['unknown', 'gauge']),
  });
  // Prometheus #16893: 3.5 can corrupt chunks of histograms sent with empty buckets in spans.
  return h.compact(0);
}

async function main() {
  const bin = findPrometheus(null);
  if (!bin) {
    console.log('histogram-json: skipped, no Prometheus binary found');
    return 0;
  }
  const dir = mkdtempSync(join(tmpdir(), 'promql-hist-json-'));
  const server = new PrometheusServer(bin, {
    dataDir: join(dir, 'data'), workDir: dir, features: ['native-histograms'], extraArgs: ['--web.enable-remote-write-receiver'],
  });
  const stop = () => server.stop(false);
  process.on('SIGINT', stop);
  try {
    await server.start();
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const singles = Array.from({ length: count }, (_, i) => ({ labels: { __name__: 'hjson', i: String(i).padStart(4, '0') }, h: randomHistogram() }));
    const run = Array.from({ length: 12 }, (_, k) => [t0 - (11 - k) * 15_000, randomHistogram()]);
    await remoteWrite(server.base, [
      ...singles.map((s) => ({ labels: s.labels, histograms: [[t0, s.h]] })),
      { labels: { __name__: 'hjson_run' }, histograms: run },
    ]);
    const problems = [];
    const check = async (query, ours) => {
      const r = await fetch(`${server.base}/api/v1/query`, {
        method: 'POST', body: new URLSearchParams({ query, time: String(t0 / 1000) }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const body = await r.text();
      const prefix = '{"status":"success","data":';
      const theirs = body.startsWith(prefix) && body.endsWith('}') ? body.slice(prefix.length, -1) : body;
      if (theirs !== ours) problems.push({ query, theirs, ours });
      // Prometheus #16879: 3.5 can leak histogram data between queries; a forced GC avoids it.
      await fetch(`${server.base}/debug/pprof/heap?gc=1`).then((x) => x.arrayBuffer());
    };
    await check('hjson', toPrometheusJSONText({
      resultType: 'vector', result: singles.map((s) => ({ labels: labelsFrom(s.labels), t: t0, value: 0, histogram: s.h })),
    }));
    await check('hjson_run[10m]', toPrometheusJSONText({
      resultType: 'matrix',
      result: [{ labels: labelsFrom({ __name__: 'hjson_run' }), timestamps: [], values: [], histograms: { timestamps: run.map(([t]) => t), values: run.map(([, h]) => h) } }],
    }));
    console.log(`histogram-json: ${versionOf(bin)}; seed ${seed}; ${count} histograms in a vector and ${run.length} in a range vector`);
    if (problems.length === 0) {
      console.log('histogram-json: the data bytes are identical');
      return 0;
    }
    for (const p of problems) {
      let i = 0;
      while (i < p.theirs.length && p.theirs[i] === p.ours[i]) i++;
      console.log(`DIFFERENT for ${p.query} at byte ${i}:\n  prometheus: …${p.theirs.slice(Math.max(0, i - 200), i + 200)}\n  promql-ts:  …${p.ours.slice(Math.max(0, i - 200), i + 200)}`);
    }
    return 1;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
