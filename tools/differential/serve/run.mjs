#!/usr/bin/env node
// The serve comparison: the same OpenMetrics fixture backfilled into a real Prometheus and served
// by `promql serve`; promtool and raw API requests against both must agree. Exit 1 on a disagreement.
//   node tools/differential/serve/run.mjs [--prometheus PATH] [--keep] [--verbose]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backfill, findPrometheus, findPromtool, PrometheusServer, versionOf } from '../prometheus.mjs';
import { fixtureText } from './fixture.mjs';
import { PromqlServe } from './promql-serve.mjs';
import { compareServers } from './compare.mjs';
import { KNOWN } from './known.mjs';

const CLI = fileURLToPath(new URL('../../../dist/src/bin/promql.js', import.meta.url));

/** Runs the comparison; returns { results, version } or null when no Prometheus is installed. */
export async function runServeComparison({ prometheus, keep = false } = {}) {
  const bin = findPrometheus(prometheus);
  const tool = bin && findPromtool(bin);
  if (!bin || !tool) return null;
  const dir = mkdtempSync(join(tmpdir(), 'promql-serve-diff-'));
  const om = join(dir, 'fixture.om');
  writeFileSync(om, fixtureText());
  backfill(tool, om, join(dir, 'tsdb'));
  const prom = new PrometheusServer(bin, { dataDir: join(dir, 'tsdb'), workDir: join(dir, 'prom') });
  const ours = new PromqlServe(CLI, [om]);
  const stopAll = () => {
    prom.stop(false);
    ours.stop();
  };
  process.once('exit', stopAll);
  try {
    await Promise.all([prom.start(), ours.start()]);
    const results = await compareServers({ promtoolBin: tool, prometheusBase: prom.base, oursBase: ours.base, known: KNOWN });
    return { results, version: versionOf(bin), dir };
  } finally {
    await Promise.all([prom.stop(), ours.stop()]);
    process.off('exit', stopAll);
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

function show(r) {
  const fmt = (x) => (x.stdout !== undefined ? `exit ${x.code}\n${x.stdout}${x.stderr}` : `HTTP ${x.status} ${JSON.stringify(x.body)}`);
  return `--- ${r.kind} ${JSON.stringify(r.case)}\nprometheus: ${fmt(r.theirs)}\npromql-ts:  ${fmt(r.ours)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--prometheus');
  const out = await runServeComparison({ prometheus: at >= 0 ? args[at + 1] : undefined, keep: args.includes('--keep') });
  if (!out) {
    console.log('serve differential: skipped, no Prometheus binary found (see tools/differential/README.md)');
    process.exit(0);
  }
  const bad = out.results.filter((r) => !r.same && !r.known);
  const known = out.results.filter((r) => !r.same && r.known);
  for (const r of args.includes('--verbose') ? out.results : bad) console.log(show(r));
  for (const r of known) console.log(`known: ${JSON.stringify(r.case)}: ${r.known}`);
  console.log(`serve differential against ${out.version}: ${out.results.length} cases, ${out.results.length - bad.length - known.length} agree, ${known.length} known differences, ${bad.length} disagreements`);
  process.exitCode = bad.length ? 1 : 0;
}
