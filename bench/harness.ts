// Shared timing loop of the evaluation benchmarks: one warm-up, then the mean of three runs of a
// range query, reported as input samples per second.
import type { Engine } from '../src/index.js';

/** Times `query` as a range query over [0, end] at `step` and prints samples/s. */
export async function benchRangeQuery(engine: Engine, query: string, end: number, step: number, inputSamples: number): Promise<void> {
  await engine.rangeQuery(query, 0, end, step); // warm-up
  const runs = 3;
  const t0 = performance.now();
  let series = 0;
  for (let i = 0; i < runs; i++) {
    const r = await engine.rangeQuery(query, 0, end, step);
    series = Array.isArray(r.result) ? r.result.length : 1;
  }
  const sec = (performance.now() - t0) / 1000 / runs;
  console.log(`${query.padEnd(58)} ${sec.toFixed(2).padStart(6)} s/query  ${Math.round(inputSamples / sec).toLocaleString('en-US').padStart(12)} samples/s  (${series} output series)`);
}
