// Function throughput: 10k counter series and 10k classic-histogram bucket series (1000
// histograms × 10 buckets), 6h at a 15s scrape interval, range queries at a 15s step, reported as
// input samples per second; then every *_over_time over 500 gauges with 1h windows, as CPU time.
// BENCH_FUNCTIONS=over_time runs only the latter.
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

const end = HOURS * 3600_000 - SCRAPE;

if (process.env.BENCH_FUNCTIONS !== 'over_time') {
  const engine = new Engine({ storage: build() });
  const bench = (query: string, inputSamples: number) => benchRangeQuery(engine, query, end, SCRAPE, inputSamples);
  await bench('rate(x_total[5m])', SERIES * POINTS);
  await bench('histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))', SERIES * POINTS);
}

const GAUGES = 500;
const OVER_TIME = [
  'quantile_over_time(0.9, g[1h])', 'mad_over_time(g[1h])', 'min_over_time(g[1h])', 'max_over_time(g[1h])',
  'ts_of_min_over_time(g[1h])', 'ts_of_max_over_time(g[1h])', 'sum_over_time(g[1h])', 'avg_over_time(g[1h])',
  'stdvar_over_time(g[1h])', 'stddev_over_time(g[1h])', 'count_over_time(g[1h])', 'present_over_time(g[1h])',
  'first_over_time(g[1h])', 'last_over_time(g[1h])', 'ts_of_first_over_time(g[1h])', 'ts_of_last_over_time(g[1h])',
];

/** Gauge i: a slow wave plus a deterministic jitter, rounded to a tenth so values repeat. */
function gaugeSamples(i: number): { t: number; v: number }[] {
  const samples = new Array<{ t: number; v: number }>(POINTS);
  let seed = i * 2654435761 >>> 0;
  for (let j = 0; j < POINTS; j++) {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    const v = 50 + 40 * Math.sin((j + i * 37) / 120) + (seed % 1000) / 50;
    samples[j] = { t: j * SCRAPE, v: Math.round(v * 10) / 10 };
  }
  return samples;
}

/** Median CPU time (user + system) of `runs` range queries after one warm-up. */
async function cpuMedian(engine: Engine, query: string, runs: number): Promise<number> {
  await engine.rangeQuery(query, 0, end, SCRAPE);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    await engine.rangeQuery(query, 0, end, SCRAPE);
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[runs >> 1];
}

{
  const s = new MemoryStorage();
  for (let i = 0; i < GAUGES; i++) s.add({ __name__: 'g', instance: `host-${i}:9100` }, gaugeSamples(i));
  const engine = new Engine({ storage: s, timeoutMs: 3_600_000, parser: { experimentalFunctions: true } });
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  console.log(`*_over_time: ${GAUGES} gauges × ${POINTS} samples, 1h windows, ${HOURS}h at 15s; median CPU of ${runs}`);
  for (const q of OVER_TIME) {
    const sec = await cpuMedian(engine, q, runs);
    console.log(`${q.padEnd(40)} ${sec.toFixed(3).padStart(7)} s CPU/query`);
  }
}
