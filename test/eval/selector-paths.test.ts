// The fast paths of plain instant selectors in range queries: the latest-value loop (staleness as
// a flag or as the StaleNaN bit pattern), results spanning several step batches (whose points the
// root keeps without copying), and label_replace/label_join relabelling cached across queries.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Engine, labelsFrom, MemoryStorage, STALE_NAN } from '../../src/index.js';
import type { MatrixSeries, QueryResult, Series, Storage } from '../../src/index.js';

const RUNS = Number(process.env.PROMQL_PROPERTY_RUNS ?? 40);
const LOOKBACK = 5 * 60_000;
const STEP = 15_000;

/** One generated sample: a value, or a staleness marker written as a flag or as StaleNaN. */
type Point = { t: number; v: number; mark: 'none' | 'flag' | 'nan' };

const seriesPoints = fc
  .array(
    fc.record({
      // Often one step apart (exactly, or a few ms off as real scrapes are), so that runs of steps
      // each taking the next sample are common; sometimes any gap, up to past the lookback.
      gap: fc.oneof(fc.integer({ min: 1, max: 40_000 }), fc.constant(STEP), fc.integer({ min: STEP - 10, max: STEP + 10 }), fc.integer({ min: 1, max: 400_000 })),
      // An ordinary NaN now and then: a value like any other, though runs stop at it.
      v: fc.oneof({ arbitrary: fc.integer({ min: -50, max: 50 }), weight: 9 }, { arbitrary: fc.constant(NaN), weight: 1 }),
      mark: fc.constantFrom<Point['mark'][]>('none', 'none', 'none', 'none', 'flag', 'nan'),
    }),
    { minLength: 1, maxLength: 160 },
  )
  .map((raw) => {
    let t = -60_000;
    return raw.map(({ gap, v, mark }): Point => {
      t += gap;
      return { t, v: mark === 'nan' ? STALE_NAN : v, mark };
    });
  });

/** A storage handing out its series as given (typed arrays, stale flags only where set). */
function storageOf(all: Point[][]): Storage {
  const series: Series[] = all.map((ps, k) => {
    const s: Series = {
      labels: labelsFrom({ __name__: 'x', instance: `host${k % 3}:90${k}` }),
      timestamps: Float64Array.from(ps, (p) => p.t),
      values: Float64Array.from(ps, (p) => p.v),
    };
    // Some series carry the flags array, some rely on the NaN bit pattern only.
    return ps.some((p) => p.mark === 'flag') ? { ...s, stale: Uint8Array.from(ps, (p) => (p.mark === 'flag' ? 1 : 0)) } : s;
  });
  return { select: () => series };
}

/** What `x` is at time t by the definition: the latest sample within the lookback, unless stale. */
function expectedAt(ps: Point[], t: number, lookback = LOOKBACK): number | undefined {
  let last: Point | undefined;
  for (const p of ps) if (p.t <= t) last = p;
  if (!last || last.t <= t - lookback || last.mark !== 'none') return undefined;
  return last.v;
}

function matrixOf(r: QueryResult): MatrixSeries[] {
  if (r.resultType !== 'matrix') throw new Error(`expected a matrix, got ${r.resultType}`);
  return r.result;
}

describe('plain instant selectors in range queries', () => {
  test('each step holds the latest non-stale sample within the lookback (stale flags and StaleNaN)', async () => {
    await fc.assert(fc.asyncProperty(
      // A lookback shorter than the step too: then a sample one step old is out of it.
      fc.array(seriesPoints, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 400 }), fc.constantFrom(LOOKBACK, STEP - 5_000),
      async (all, steps, lookback) => {
        const e = new Engine({ storage: storageOf(all), lookbackDeltaMs: lookback });
        const end = (steps - 1) * STEP;
        const r = await e.rangeQuery('x', 0, end, STEP);
        const got = matrixOf(r);
        const byInstance = new Map(got.map((s) => [s.labels.find((l) => l.name === 'instance')!.value, s]));
        let points = 0;
        all.forEach((ps, k) => {
          const want: { t: number; v: number }[] = [];
          for (let t = 0; t <= end; t += STEP) {
            const v = expectedAt(ps, t, lookback);
            if (v !== undefined) want.push({ t, v });
          }
          points += want.length;
          const s = byInstance.get(`host${k % 3}:90${k}`);
          expect(s ? s.timestamps.map((t, i) => ({ t, v: s.values[i] })) : []).toEqual(want);
        });
        // A selector counts one sample read per step it has a value at.
        expect(r.stats?.samples.totalQueryableSamples).toBe(points);
      },
    ), { numRuns: RUNS });
  });

  test('the selector path agrees with timestamp(x) (the general per-step loop) on which steps hold a sample', async () => {
    await fc.assert(fc.asyncProperty(fc.array(seriesPoints, { minLength: 1, maxLength: 3 }), async (all) => {
      const e = new Engine({ storage: storageOf(all), lookbackDeltaMs: LOOKBACK });
      const end = 300 * STEP;
      const plain = matrixOf(await e.rangeQuery('x', 0, end, STEP));
      const times = matrixOf(await e.rangeQuery('timestamp(x)', 0, end, STEP));
      expect(plain.map((s) => s.timestamps)).toEqual(times.map((s) => s.timestamps));
    }), { numRuns: RUNS });
  });
});

describe('range results spanning several step batches', () => {
  // More than the first batch (64 steps) and its growth (×4): every result crosses batch borders.
  const STEPS = 700;
  const dense = (): MemoryStorage => {
    const s = new MemoryStorage();
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < STEPS; i++) s.append({ __name__: 'y', k: String(k) }, i * STEP, k * 1000 + i);
    }
    return s;
  };
  const shapes = [
    'y', 'label_replace(y, "j", "$1", "k", "(.*)")', 'y * 2', 'vector(3)', 'time()', 'sum(y)', 'y @ 600', 'rate(y[1m])',
    'absent(nope{k="1", j=~"x"})', 'absent(y{k="1"})',
  ];

  test.each(shapes)('%s: the range result equals the instant queries at each step', async (q) => {
    const e = new Engine({ storage: dense() });
    const end = (STEPS - 1) * STEP;
    const range = await e.rangeQuery(q, 0, end, STEP);
    const got = new Map<string, Map<number, number>>();
    const rows = range.resultType === 'matrix' ? range.result : [];
    for (const s of rows) got.set(JSON.stringify(s.labels), new Map(s.timestamps.map((t, i) => [t, s.values[i]])));
    for (let t = 0; t <= end; t += STEP) {
      const inst = await e.instantQuery(q, t);
      const want = inst.resultType === 'vector' ? inst.result.map((x) => [JSON.stringify(x.labels), x.value] as const)
        : inst.resultType === 'scalar' ? [[JSON.stringify([]), inst.result.value] as const] : [];
      for (const [k, v] of want) expect(got.get(k)?.get(t), `${q} at ${t}`).toBe(v);
    }
    // No point beyond those: each series holds exactly its instant samples.
    let n = 0;
    for (const m of got.values()) n += m.size;
    let instTotal = 0;
    for (let t = 0; t <= end; t += STEP) {
      const inst = await e.instantQuery(q, t);
      instTotal += inst.resultType === 'vector' ? inst.result.length : 1;
    }
    expect(n).toBe(instTotal);
  });

  test('series present in whole batches and then not (a batch missing, or part of one) keep their own timestamps', async () => {
    // Present at steps 0–63 (the first batch) and from step 320 on, absent between: with batches of
    // 64, 256, 1024… steps the second batch has no point of it at all.
    const s = new MemoryStorage();
    for (let i = 0; i < 2000; i++) {
      if (i <= 44 || i >= 320) s.append({ __name__: 'g' }, i * STEP, i);
      s.append({ __name__: 'h' }, i * STEP, -i);
      // Present in the whole first batch, then at steps 100–149 only.
      if (i <= 44 || (i >= 100 && i <= 130)) s.append({ __name__: 'k' }, i * STEP, i);
    }
    const e = new Engine({ storage: s });
    const [g] = matrixOf(await e.rangeQuery('g', 0, 1999 * STEP, STEP));
    const want = [...Array(2000).keys()].filter((i) => i <= 63 || i >= 320);
    expect(g.timestamps).toEqual(want.map((i) => i * STEP));
    expect(g.values).toEqual(want.map((i) => (i <= 63 ? Math.min(i, 44) : i)));
    const [k] = matrixOf(await e.rangeQuery('k', 0, 1999 * STEP, STEP));
    const wantK = [...Array(2000).keys()].filter((i) => i <= 63 || (i >= 100 && i <= 149));
    expect(k.timestamps).toEqual(wantK.map((i) => i * STEP));
    expect(k.values).toEqual(wantK.map((i) => (i <= 63 ? Math.min(i, 44) : Math.min(i, 130))));
  });

  test('the arrays of one result are its own: another query does not change them', async () => {
    const e = new Engine({ storage: dense() });
    const end = (STEPS - 1) * STEP;
    const first = matrixOf(await e.rangeQuery('y', 0, end, STEP));
    const copy = first.map((s) => ({ timestamps: [...s.timestamps], values: [...s.values] }));
    await e.rangeQuery('y * 10', 0, end, STEP);
    await e.rangeQuery('label_replace(y, "k", "z$1", "k", "(.*)")', 0, end, STEP);
    expect(first.map((s) => ({ timestamps: s.timestamps, values: s.values }))).toEqual(copy);
  });
});

describe('label_replace and label_join relabelling across queries', () => {
  const storage = (): MemoryStorage => {
    const s = new MemoryStorage();
    s.append({ __name__: 'z', instance: 'a:1', job: 'j' }, 0, 1);
    s.append({ __name__: 'z', instance: 'b:2', job: 'k' }, 0, 2);
    return s;
  };
  const labelSets = async (e: Engine, q: string): Promise<string[]> => {
    const r = await e.instantQuery(q, 0);
    return r.resultType === 'vector' ? r.result.map((s) => JSON.stringify(s.labels)).sort() : [];
  };

  test('each argument list gets its own labels, also after many other argument lists', async () => {
    const e = new Engine({ storage: storage() });
    const cases: [string, string[]][] = [
      ['label_replace(z, "host", "$1", "instance", "([^:]+):.*")', ['a', 'b']],
      ['label_replace(z, "host", "$1-x", "instance", "([^:]+):.*")', ['a-x', 'b-x']],
      ['label_replace(z, "host", "$1", "instance", "[^:]+:(.*)")', ['1', '2']],
      ['label_replace(z, "host", "$1", "job", "(.*)")', ['j', 'k']],
      ['label_replace(z, "node", "$1", "instance", "([^:]+):.*")', ['a', 'b']],
      ['label_join(z, "host", "-", "job", "instance")', ['j-a:1', 'k-b:2']],
      ['label_join(z, "host", "+", "job", "instance")', ['j+a:1', 'k+b:2']],
      ['label_join(z, "host", "-", "instance", "job")', ['a:1-j', 'b:2-k']],
    ];
    const check = async () => {
      for (const [q, hosts] of cases) {
        const dst = q.includes('"node"') ? 'node' : 'host';
        const got = (await labelSets(e, q)).map((l) => (JSON.parse(l) as { name: string; value: string }[]).find((x) => x.name === dst)?.value);
        expect(got, q).toEqual(hosts);
      }
    };
    await check();
    // Many other argument lists in between, more than are remembered.
    for (let i = 0; i < 100; i++) await labelSets(e, `label_replace(z, "n${i}", "${i}", "job", ".*")`);
    await check();
  });
});
