// Function throughput: 10k counter series and 10k classic-histogram bucket series (1000
// histograms × 10 buckets), 6h at a 15s scrape interval, range queries at a 15s step. Reports
// input samples processed per second.
import { Engine, MemoryStorage } from '../src/index.js';
import { benchRangeQuery, counterSamples, histogramBuckets } from './harness.js';

const SERIES = Number(process.env.BENCH_SERIES ?? 10_000);
const HOURS = 6;
const SCRAPE = 15_000;
const POINTS = (HOURS * 3600_000) / SCRAPE;
const BOUNDS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];

function build(): MemoryStorage {
  const s = new MemoryStorage();
  const t0 = performance.now();
  for (let i = 0; i < SERIES; i++) {
    s.add({ __name__: 'x_total', job: `job-${i % 10}`, instance: `host-${i % 1000}:9100`, shard: String(Math.floor(i / 1000)) }, counterSamples(i, POINTS, SCRAPE));
  }
  const histograms = SERIES / BOUNDS.length;
  for (let h = 0; h < histograms; h++) {
    const series = histogramBuckets(h, BOUNDS.length, POINTS, SCRAPE);
    BOUNDS.forEach((le, b) => s.add({ __name__: 'h_bucket', job: `job-${h % 10}`, instance: `host-${h}:9100`, le }, series[b]));
  }
  console.log(`loaded ${SERIES * 2} series × ${POINTS} samples in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return s;
}

const storage = build();
const engine = new Engine({ storage });
const end = HOURS * 3600_000 - SCRAPE;

const bench = (query: string, inputSamples: number) => benchRangeQuery(engine, query, end, SCRAPE, inputSamples);

await bench('rate(x_total[5m])', SERIES * POINTS);
await bench('histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))', SERIES * POINTS);
