// Native histograms: 1,000 counter histograms (schema 3, about 40 populated buckets each) over 6h at
// a 15s scrape, with the headline query of latency dashboards and the memory each sample takes.
import { Engine, MemoryStorage } from '../src/index.js';
import { FloatHistogram } from '../src/histogram/float-histogram.js';
import { labelsFrom } from '../src/storage/labels.js';

const SERIES = Number(process.env.BENCH_HIST_SERIES ?? 1000);
const HOURS = 6;
const SCRAPE = 15_000;
const POINTS = (HOURS * 3600_000) / SCRAPE;
const BUCKETS = 40;

/** A counter histogram that grows by a few observations per bucket each scrape, reset at times. */
function series(i: number): FloatHistogram[] {
  const out: FloatHistogram[] = [];
  const counts = new Array<number>(BUCKETS).fill(0);
  let sum = 0;
  for (let j = 0; j < POINTS; j++) {
    if (j > 0 && (i * 7 + j) % 997 === 0) counts.fill(0); // an occasional restart
    for (let b = 0; b < BUCKETS; b++) counts[b] += (i + j * 3 + b * 5) % 4;
    const count = counts.reduce((a, c) => a + c, 0);
    sum += count * 0.001;
    out.push(new FloatHistogram({
      schema: 3, count, sum, zeroThreshold: 1e-128,
      positiveSpans: [{ offset: 10 + (i % 5), length: BUCKETS }], positiveBuckets: counts.slice(),
      counterResetHint: j === 0 ? 'unknown' : 'not_reset',
    }));
  }
  return out;
}

const heapBefore = (globalThis.gc?.(), process.memoryUsage().heapUsed);
const storage = new MemoryStorage();
for (let i = 0; i < SERIES; i++) {
  const labels = labelsFrom({ __name__: 'http_request_duration_seconds', job: `job-${i % 10}`, instance: `host-${i}` });
  series(i).forEach((h, j) => storage.appendHistogram(labels, j * SCRAPE, h));
}
globalThis.gc?.();
const perSample = (process.memoryUsage().heapUsed - heapBefore) / (SERIES * POINTS);
const engine = new Engine({ storage });
const end = HOURS * 3600_000 - SCRAPE;
const queries = [
  'histogram_quantile(0.9, sum by (job) (rate(http_request_duration_seconds[5m])))',
  'sum by (job) (rate(http_request_duration_seconds[5m]))',
  'histogram_count(rate(http_request_duration_seconds[5m]))',
];
console.log(`${SERIES} native histograms × ${POINTS} samples (schema 3, ${BUCKETS} buckets); ` +
  `${globalThis.gc ? `${perSample.toFixed(0)} bytes per histogram sample` : 'run node with --expose-gc for bytes per sample'}`);
for (const q of queries) {
  await engine.rangeQuery(q, 0, end, SCRAPE);
  const RUNS = Number(process.env.RUNS ?? 3);
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await engine.rangeQuery(q, 0, end, SCRAPE);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(RUNS / 2)];
  // Each step reads the 5m window of every series: samples read per second of evaluation.
  const read = SERIES * (POINTS - 1) * (300_000 / SCRAPE);
  console.log(`${q.padEnd(90)} ${ms.toFixed(0).padStart(6)} ms  ${(read / ms / 1000).toFixed(2)} M samples/s read`);
}
