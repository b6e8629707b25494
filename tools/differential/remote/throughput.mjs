#!/usr/bin/env node
// Throughput of remote read: samples per second decoded from a streamed answer of over a million
// samples, and the end-to-end time of queries evaluated by promql-ts over RemoteReadStorage
// against the same server's own evaluation. Usage: see README.md beside this file.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findPrometheus, findPromtool, versionOf, backfill, PrometheusServer } from '../prometheus.mjs';

const { values: args } = parseArgs({
  options: {
    prometheus: { type: 'string' },
    series: { type: 'string', default: '400' },
    hours: { type: 'string', default: '12' },
    runs: { type: 'string', default: '5' },
  },
});
const binary = findPrometheus(args.prometheus);
const promtool = binary && findPromtool(binary);
if (!binary || !promtool) {
  console.log('throughput: skipped, no Prometheus binary and promtool found');
  process.exit(0);
}
const dist = new URL('../../../dist/src/index.js', import.meta.url);
if (!existsSync(dist)) {
  console.error('throughput: run `npm run build` first');
  process.exit(2);
}
const { Engine, RemoteReadStorage } = await import(dist.href);
const wire = await import(new URL('../../../dist/src/storage/remote/wire.js', import.meta.url).href);

const nSeries = Number(args.series);
const steps = Number(args.hours) * 240;
const START = 1_700_006_400; // s, 2h-aligned
const END = START + (steps - 1) * 15;

// Counters with uneven increments and gauges with noise, as scraped every 15 s.
const lines = ['# TYPE bench_requests counter', '# TYPE bench_temperature gauge'];
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
for (let k = 0; k < nSeries; k++) {
  const counter = k % 2 === 0;
  const labels = `job="job-${k % 8}",instance="i-${k}"`;
  let v = counter ? 0 : 20;
  for (let i = 0; i < steps; i++) {
    v = counter ? v + Math.floor(rnd() * 50) : Math.round((20 + 5 * Math.sin(i / 50) + rnd()) * 100) / 100;
    lines.push(`${counter ? 'bench_requests_total' : 'bench_temperature'}{${labels}} ${v} ${START + i * 15}`);
  }
}
// OpenMetrics wants each family's samples together.
const text = [...lines.filter((l) => l.startsWith('#')), ...lines.filter((l) => l.startsWith('bench_requests')), ...lines.filter((l) => l.startsWith('bench_temp')), '# EOF', ''].join('\n');
const total = nSeries * steps;

const work = mkdtempSync(join(tmpdir(), 'promql-ts-throughput-'));
const server = new PrometheusServer(binary, { dataDir: join(work, 'data'), workDir: work });
process.on('exit', () => {
  server.stop(false);
  rmSync(work, { recursive: true, force: true });
});
writeFileSync(join(work, 'in.om'), text);
console.log(`throughput: ${versionOf(binary)}; backfilling ${nSeries} series × ${steps} samples = ${total.toLocaleString('en')} samples`);
backfill(promtool, join(work, 'in.om'), join(work, 'data'));
await server.start();
const url = `${server.base}/api/v1/read`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Median and best of `--runs` runs after one warm-up run (the JIT's first pass). */
async function timed(fn) {
  const times = [];
  const cpu = [];
  let out = await fn();
  for (let r = 0; r < Number(args.runs); r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    out = await fn();
    const dc = process.cpuUsage(c);
    times.push(performance.now() - t);
    cpu.push((dc.user + dc.system) / 1000);
  }
  return { ms: median(times), best: Math.min(...times), cpuMs: median(cpu), out };
}
const rate = (n, ms) => `${(n / ms * 1000 / 1e6).toFixed(1)} M samples/s`;
console.log(`throughput: load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores; median (best) of ${args.runs} runs`);

// 1. The raw streamed answer for every sample, fetched once; then decoding alone, timed.
const matchers = [{ type: 2, name: '__name__', value: 'bench_.*' }];
const body = wire.snappyEncode(wire.encodeReadRequest({ queries: [{ startTimestampMs: START * 1000, endTimestampMs: END * 1000, matchers }], acceptedResponseTypes: [1] }));
const raw = new Uint8Array(await (await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy' } })).arrayBuffer());
async function* once() { yield raw; }
const decode = await timed(async () => {
  let n = 0;
  for await (const f of wire.readFrames(once())) {
    for (const s of wire.decodeChunkedReadResponse(f).chunkedSeries) {
      const sink = { timestamps: [], values: [], stale: [] };
      for (const c of s.chunks) n += wire.decodeXORChunk(c.data, sink);
    }
  }
  return n;
});
console.log(`decode only (frames, CRC, protobuf, XOR chunks): ${decode.out.toLocaleString('en')} samples from ${(raw.length / 1e6).toFixed(1)} MB in ${decode.ms.toFixed(0)} ms (${decode.best.toFixed(0)}) = ${rate(decode.out, decode.ms)} (${rate(decode.out, decode.best)}); per CPU second (this process): ${rate(decode.out, decode.cpuMs)}`);

// 2. RemoteReadStorage.select end to end (HTTP, server's streaming, frames, chunks, Series).
const storage = new RemoteReadStorage({ url });
const sel = await timed(async () => {
  const got = await storage.select({ matchers: [{ name: '__name__', op: '=~', value: 'bench_.*' }], start: START * 1000, end: END * 1000 });
  return got.reduce((a, s) => a + s.timestamps.length, 0);
});
console.log(`RemoteReadStorage.select (HTTP + server + decode + Series): ${sel.out.toLocaleString('en')} samples in ${sel.ms.toFixed(0)} ms (${sel.best.toFixed(0)}) = ${rate(sel.out, sel.ms)} (${rate(sel.out, sel.best)}); per CPU second of this process: ${rate(sel.out, sel.cpuMs)}`);

// 3. Queries: promql-ts over remote read against the server's own evaluation (both timed from here).
const engine = new Engine({ storage, maxSamples: 50_000_000 });
const queries = [
  ['range', 'sum by (job) (rate(bench_requests_total[5m]))', { start: START + 3600, end: END, step: 60 }],
  ['range', 'avg_over_time(bench_temperature[10m])', { start: START + 3600, end: END, step: 300 }],
  ['instant', 'sum by (job) (increase(bench_requests_total[6h]))', { time: END }],
  ['instant', 'max_over_time(bench_temperature[12h])', { time: END }],
];
console.log('\n| query | promql-ts over remote read | Prometheus /api/v1/query(_range) | ratio |\n| --- | --- | --- | --- |');
for (const [mode, q, p] of queries) {
  const ours = await timed(() => (mode === 'range' ? engine.rangeQuery(q, p.start * 1000, p.end * 1000, p.step * 1000) : engine.instantQuery(q, p.time * 1000)));
  const theirs = await timed(() => server.api(mode === 'range' ? '/api/v1/query_range' : '/api/v1/query', mode === 'range' ? { query: q, start: p.start, end: p.end, step: p.step } : { query: q, time: p.time }));
  console.log(`| \`${q}\`${mode === 'range' ? ` (range, step ${p.step}s)` : ''} | ${ours.ms.toFixed(0)} ms (${ours.best.toFixed(0)}) | ${theirs.ms.toFixed(0)} ms (${theirs.best.toFixed(0)}) | ${(ours.ms / theirs.ms).toFixed(1)}× |`);
}
await server.stop(true);
