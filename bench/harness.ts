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

/** The samples of counter series i: `points` samples `scrape` ms apart, resetting now and then. */
export function counterSamples(i: number, points: number, scrape: number): { t: number; v: number }[] {
  const samples = new Array<{ t: number; v: number }>(points);
  let v = 0;
  for (let j = 0; j < points; j++) {
    v = (j + i) % 997 === 0 ? 0 : v + ((i * 7 + j * 3) % 13);
    samples[j] = { t: j * scrape, v };
  }
  return samples;
}

/** The bucket series of classic histogram h (one array of samples per bound, cumulative). */
export function histogramBuckets(h: number, bounds: number, points: number, scrape: number): { t: number; v: number }[][] {
  const cum = new Float64Array(bounds);
  const series = Array.from({ length: bounds }, () => new Array<{ t: number; v: number }>(points));
  for (let j = 0; j < points; j++) {
    for (let b = 0; b < bounds; b++) {
      cum[b] += ((h + j) % 5) * (b + 1);
      series[b][j] = { t: j * scrape, v: cum[b] };
    }
  }
  return series;
}
