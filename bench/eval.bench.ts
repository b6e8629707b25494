// Evaluation throughput: 10k series × 6h at a 15s scrape interval (14.4M samples), range queries
// at a 15s step. Reports input samples processed per second for each query.
import { Engine, MemoryStorage } from '../src/index.js';
import { benchRangeQuery } from './harness.js';

const SERIES = Number(process.env.BENCH_SERIES ?? 10_000);
const HOURS = 6;
const SCRAPE = 15_000;
const POINTS = (HOURS * 3600_000) / SCRAPE;

function build(): MemoryStorage {
  const s = new MemoryStorage();
  const t0 = performance.now();
  for (let i = 0; i < SERIES; i++) {
    const instance = `host-${i % 1000}:9100`;
    const samples = new Array(POINTS);
    for (let j = 0; j < POINTS; j++) samples[j] = { t: j * SCRAPE, v: (i * 7 + j * 3) % 1000 };
    s.add({ __name__: 'x', job: `job-${i % 10}`, instance, shard: String(Math.floor(i / 1000)) }, samples);
  }
  for (let i = 0; i < 1000; i++) {
    const samples = new Array(POINTS);
    for (let j = 0; j < POINTS; j++) samples[j] = { t: j * SCRAPE, v: i + j };
    s.add({ __name__: 'y', instance: `host-${i}:9100`, team: `team-${i % 7}` }, samples);
  }
  console.log(`loaded ${SERIES + 1000} series × ${POINTS} samples in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return s;
}

const storage = build();
const engine = new Engine({ storage });
const end = HOURS * 3600_000 - SCRAPE;

const bench = (query: string, inputSamples: number) => benchRangeQuery(engine, query, end, SCRAPE, inputSamples);

await bench('sum by (job) (x)', SERIES * POINTS);
await bench('x + on(instance) group_left y', (SERIES + 1000) * POINTS);
