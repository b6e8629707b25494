// Evaluation core: a heavy set of range queries over 3,000 series × 6h at a 15s scrape (4.3 M
// samples), each with the longest time the event loop waited meanwhile (a 5 ms ticker).
import { Engine, MemoryStorage } from '../src/index.js';
import { counterSamples, histogramBuckets } from './harness.js';

// Shared with the side-by-side benchmark (plain JS beside this file's source, not compiled).
const { gapTicker } = (await import(new URL('../../bench/event-loop-gaps.mjs', import.meta.url).href)) as {
  gapTicker: (periodMs: number) => { stop(): number };
};

const SERIES = Number(process.env.BENCH_SERIES ?? 2000);
const HOURS = 6;
const SCRAPE = 15_000;
const POINTS = (HOURS * 3600_000) / SCRAPE;
const BOUNDS = ['0.01', '0.05', '0.1', '0.5', '1', '+Inf'];

function build(): MemoryStorage {
  const s = new MemoryStorage();
  for (let i = 0; i < SERIES; i++) {
    s.add({ __name__: 'x_total', job: `job-${i % 10}`, instance: `host-${i % 500}`, shard: String(i % 7) }, counterSamples(i, POINTS, SCRAPE));
  }
  for (let i = 0; i < 500; i++) {
    const samples = Array.from({ length: POINTS }, (_, j) => ({ t: j * SCRAPE, v: (i * 31 + j * 7) % 1000 }));
    s.add({ __name__: 'g', instance: `host-${i}`, team: `team-${i % 7}` }, samples);
  }
  for (let h = 0; h < 100; h++) {
    const series = histogramBuckets(h, BOUNDS.length, POINTS, SCRAPE);
    BOUNDS.forEach((le, b) => s.add({ __name__: 'h_bucket', job: `job-${h % 10}`, le }, series[b]));
  }
  return s;
}

const QUERIES = [
  'rate(x_total[5m])',
  'sum by (job) (rate(x_total[5m]))',
  'irate(x_total[5m])',
  'increase(x_total[1h])',
  'topk(5, rate(x_total[5m]))',
  'histogram_quantile(0.9, sum by (le, job) (rate(h_bucket[5m])))',
  'quantile_over_time(0.9, g[1h])',
  'max_over_time(g[1h])',
  'avg_over_time(g[10m])',
  'max_over_time(rate(x_total[5m])[30m:1m])',
  'rate(x_total[5m]) * on(instance) group_left(team) g',
  'count({__name__=~".+"})',
  'label_replace(g, "host", "$1", "instance", "host-(.*)")',
  'absent(nonexistent)',
  'count_values("v", g)',
  'sum without (instance) (x_total) / ignoring(shard) group_left sum without (instance, shard) (x_total)',
];

const storage = build();
const engine = new Engine({ storage });
const end = HOURS * 3600_000 - SCRAPE;
console.log(`${SERIES + 500 + 600} series × ${POINTS} samples; range queries over ${HOURS}h at a 15s step; median and best of ${Number(process.env.RUNS ?? 3)}`);
for (const q of QUERIES) {
  await engine.rangeQuery(q, 0, end, SCRAPE); // warm-up
  const times: number[] = [];
  const RUNS = Number(process.env.RUNS ?? 3);
  let maxGap = 0;
  for (let i = 0; i < RUNS; i++) {
    const ticker = gapTicker(5);
    const t0 = performance.now();
    await engine.rangeQuery(q, 0, end, SCRAPE);
    times.push(performance.now() - t0);
    maxGap = Math.max(maxGap, ticker.stop());
  }
  times.sort((a, b) => a - b);
  const best = times[0];
  console.log(`${q.padEnd(100)} ${times[Math.floor(RUNS / 2)].toFixed(0).padStart(6)} ms (best ${best.toFixed(0)})   longest event-loop wait ${maxGap.toFixed(0).padStart(5)} ms`);
}
