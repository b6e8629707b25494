// Shared by the kernel property tests: a range-vector function over one series, evaluated as a
// range query, must give its reference value at every step, bit for bit, and count the points it
// read as the general window path does.
import { expect } from 'vitest';
import { Engine, MemoryStorage } from '../../src/index.js';

/** Property runs per test (PROMQL_PROPERTY_RUNS raises them). */
export const RUNS = Number(process.env.PROMQL_PROPERTY_RUNS ?? 100);

/** A float's bits as text: NaN, -0 and every other value told apart. */
export const bits = (x: number) => (Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '-0' : String(x));

/** Timestamps from gaps between consecutive samples. */
export function timesFromGaps(gaps: readonly number[]): number[] {
  let t = 0;
  return gaps.map((g) => (t += g));
}

/**
 * Evaluates `fn(m[range])` over the series (ts, vs) from 0 to 30 s past its last sample (both
 * moved by the offset) and checks every step against `reference(at)` (undefined: no point at that
 * step), and the samples read against `resets(m[range])`, which finds its windows the general way. Samples flagged in `stale`
 * are staleness markers (flagged: a NaN's payload may not survive a trip through a JS array);
 * `moreArgs` follow the range argument (`, 60` for predict_linear); `offsetMs` offsets it.
 */
export async function expectEveryStep(
  fn: string, ts: number[], vs: number[], rangeMs: number, step: number, reference: (at: number) => number | undefined,
  stale: readonly boolean[] = [], moreArgs = '', offsetMs = 0,
): Promise<void> {
  const storage = new MemoryStorage();
  storage.add({ __name__: 'm' }, ts.map((x, i) => ({ t: x, v: vs[i], stale: stale[i] === true })));
  const end = ts[ts.length - 1] + 30_000 + offsetMs;
  const engine = new Engine({ storage });
  const selector = `m[${rangeMs}ms]${offsetMs ? ` offset ${offsetMs}ms` : ''}`;
  const r = await engine.rangeQuery(`${fn}(${selector}${moreArgs})`, offsetMs, end, step);
  const got = new Map<number, number>();
  const series = r.result as { timestamps: number[]; values: number[] }[];
  if (series[0]) series[0].timestamps.forEach((x, i) => got.set(x, series[0].values[i]));
  const counted = await engine.rangeQuery(`resets(${selector})`, offsetMs, end, step);
  expect(r.stats?.samples.totalQueryableSamples).toBe(counted.stats?.samples.totalQueryableSamples);
  for (let at = offsetMs; at <= end; at += step) {
    const want = reference(at);
    expect(got.has(at)).toBe(want !== undefined);
    if (want !== undefined) expect(bits(got.get(at)!)).toBe(bits(want));
  }
}
