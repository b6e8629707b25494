// Loops over every series of a value pause between series once a time slice is used: with
// 100,000 series, computing join signatures or merging same-labelled series takes longer than a
// slice, and the event loop must not wait for all of it.
import { describe, expect, it } from 'vitest';
import type { EvalContext } from '../../src/eval/context.js';
import { forEachPaused, PAUSE, type Request } from '../../src/eval/ops.js';
import { signatureOrdinals } from '../../src/eval/matching.js';
import { groupSeries } from '../../src/eval/grouping.js';
import { parse } from '../../src/parser/parse.js';
import type { AggregateExpr } from '../../src/parser/ast.js';
import { mergingSameLabels } from '../../src/eval/merge-paused.js';
import { mergeSameLabels } from '../../src/functions/support/output.js';
import type { StepSeries } from '../../src/eval/values.js';
import { compareLabels, getLabel, labelsFrom, type Labels } from '../../src/storage/labels.js';
import { Engine } from '../../src/eval/engine.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { instantRoot } from '../../src/eval/root.js';
import type { PlanNode } from '../../src/eval/plan/nodes.js';
import type { Grid } from '../../src/functions/support/grid.js';
import type { MatrixValue, RangeSeries } from '../../src/eval/values.js';
import type { QueryValue } from '../../src/eval/result.js';
import { selectK } from '../../src/eval/aggregate/topk.js';
import { foldGroups } from '../../src/eval/aggregate/accumulator.js';
import { countAccumulator } from '../../src/eval/aggregate/count-group.js';
import { makeGrid } from '../../src/functions/support/grid.js';
import type { VectorValue } from '../../src/eval/values.js';

/** A context whose every slice is used up: a paused loop yields PAUSE as often as it checks. */
const hurried = { sliceUsed: () => true, sliceElapsed: () => Infinity, checkCancelled: () => {} } as unknown as EvalContext;

/** Runs an operator's generator to its end, counting its pauses (it must ask for no child value). */
function run<T>(g: Generator<Request, T, unknown>): { value: T; pauses: number } {
  let pauses = 0;
  for (let r = g.next(); ; r = g.next()) {
    if (r.done) return { value: r.value, pauses };
    expect(r.value).toBe(PAUSE);
    pauses++;
  }
}

const labels = (i: number): Labels => labelsFrom({ __name__: 'm', i: String(i % 50), j: String(i) });
const series = (i: number, present: number[]): StepSeries => ({
  labels: labels(i), values: Float64Array.from(present, (p, k) => (p ? i * 10 + k : 0)), present: Uint8Array.from(present), dropName: false,
});

describe('paused loops over series', () => {
  it('join signatures: ordinals per distinct signature, pausing while both sides are walked', () => {
    const left = Array.from({ length: 400 }, (_, i) => ({ labels: labels(i) }));
    const right = Array.from({ length: 100 }, (_, i) => ({ labels: labels(i * 3) }));
    const sig = (ls: Labels) => getLabel(ls, 'i');
    const { value, pauses } = run(signatureOrdinals(hurried, sig, left, right));
    expect(value.count).toBe(50);
    expect(value.left[0]).toBe(value.left[50]);
    expect(value.right[1]).toBe(value.left[3]);
    expect(pauses).toBeGreaterThanOrEqual(500 / 8 - 2);
  });

  it('aggregation groups: a group per distinct grouping, in first-appearance order, pausing between series', () => {
    const e = parse('sum by (i) (m)') as AggregateExpr;
    const input = Array.from({ length: 300 }, (_, k) => ({ labels: labels(299 - k) }));
    const { value, pauses } = run(groupSeries(hurried, e, input));
    expect(value.labels).toHaveLength(50);
    // The first series has i = 299 mod 50 = 49, the 50th i = 0, the 51st i = 49 again.
    expect(value.labels[0]).toEqual(labelsFrom({ i: '49' }));
    expect([value.groupOf[0], value.groupOf[49], value.groupOf[50]]).toEqual([0, 49, 0]);
    expect(pauses).toBeGreaterThanOrEqual(300 / 8 - 1);
  });

  it('an instant query\'s range-vector answer: every series\' points in its window, sorted, pausing between series', () => {
    const ctx = { ...hurried, settings: { delayedNameRemoval: false } } as unknown as EvalContext;
    const input: RangeSeries[] = Array.from({ length: 300 }, (_, k) => ({
      labels: labels(299 - k), t: Float64Array.of(0, 30_000, 60_000), v: Float64Array.of(k, k + 1, k + 2), dropName: false,
    }));
    const value: MatrixValue = { type: 'matrix', series: input, range: 60_000, windowEnd: Float64Array.of(60_000) };
    const root = instantRoot(ctx, {} as PlanNode, { start: 60_000 } as Grid);
    expect(root.next().value).toMatchObject({ grid: { start: 60_000 } });
    let pauses = 0;
    let r = root.next(value);
    for (; !r.done; r = root.next()) {
      expect(r.value).toBe(PAUSE);
      pauses++;
    }
    const answer = r.value as QueryValue;
    expect(answer.resultType).toBe('matrix');
    const result = answer.result as { labels: Labels; timestamps: number[]; values: number[] }[];
    expect(result.map((s) => s.labels)).toEqual(input.map((s) => s.labels).sort(compareLabels));
    // The window (0, 60 s] leaves out the point at 0; series j (the first, with i = 0) came at
    // position 299 − j.
    expect(getLabel(result[0].labels, 'j')).toBe('0');
    expect(result[0]).toMatchObject({ timestamps: [30_000, 60_000], values: [300, 301] });
    expect(pauses).toBeGreaterThanOrEqual(300 / 8 - 1);
  });

  it('topk: the k largest per group and step, pausing between blocks of series and between groups', () => {
    const ctx = { ...hurried, settings: { delayedNameRemoval: false }, annotations: { info: () => {} } } as unknown as EvalContext;
    // 3,000 series over 2 steps, 50 groups by `i` (series n is in group n mod 50), value 10 n + step.
    const input: VectorValue = { type: 'vector', series: Array.from({ length: 3000 }, (_, n) => series(n, [1, 1])) };
    const param = { values: Float64Array.of(2, 2), min: 2, max: 2, hasNaN: false };
    const { value, pauses } = run(selectK(ctx, parse('topk by (i) (2, m)') as AggregateExpr, input, param, makeGrid(0, 15_000, 15_000)));
    // Per group g, series 2950 + g and 2900 + g, at both steps.
    expect(value.type === 'vector' && value.series).toHaveLength(100);
    const top = (value as VectorValue).series.filter((s) => getLabel(s.labels, 'i') === '7').map((s) => getLabel(s.labels, 'j')).sort();
    expect(top).toEqual(['2907', '2957']);
    // Beyond the grouping's pauses: 12 blocks of 256 series and 100 group-steps, a pause at
    // nearly every check (the hurried slice is always used).
    const grouping = run(groupSeries(ctx, parse('topk by (i) (2, m)') as AggregateExpr, input.series)).pauses;
    expect(pauses).toBeGreaterThanOrEqual(grouping + 80);
  });

  it('aggregation output: a series per group, pausing between groups', () => {
    const ctx = { ...hurried, settings: { delayedNameRemoval: false }, annotations: { info: () => {} } } as unknown as EvalContext;
    const input: VectorValue = { type: 'vector', series: Array.from({ length: 400 }, (_, n) => series(n, [1, 0])) };
    const e = parse('count by (j) (m)') as AggregateExpr;
    const { value, pauses } = run(foldGroups(ctx, e, input, makeGrid(0, 15_000, 15_000), countAccumulator, null));
    const out = (value as VectorValue).series;
    expect(out).toHaveLength(400);
    expect(Array.from(out[5].present)).toEqual([1, 0]);
    expect(out[5].values[0]).toBe(1);
    // Beyond the grouping's pauses, one between nearly every two of the 400 groups' outputs.
    const grouping = run(groupSeries(ctx, e, input.series)).pauses;
    expect(pauses).toBeGreaterThanOrEqual(grouping + 350);
  });

  it('merging same-labelled series: the same merge as mergeSameLabels, pausing between series', () => {
    // Series i and i + 100 share a label set once `j` is replaced by `k`, j mod 100.
    const strip = (s: StepSeries): StepSeries => ({ ...s, labels: labelsFrom({ __name__: 'm', k: String(Number(getLabel(s.labels, 'j')) % 100) }) });
    const input = Array.from({ length: 200 }, (_, i) => strip(series(i, i < 100 ? [1, 0] : [0, 1])));
    const { value, pauses } = run(mergingSameLabels(hurried, input));
    expect(value).toEqual(mergeSameLabels(input));
    expect(value).toHaveLength(100);
    expect(pauses).toBeGreaterThanOrEqual(200 / 8 - 1);
    // With a map applied to each series first: the same as mapping, then merging.
    const raw = Array.from({ length: 200 }, (_, i) => series(i, i < 100 ? [1, 0] : [0, 1]));
    expect(run(mergingSameLabels(hurried, raw, strip)).value).toEqual(mergeSameLabels(raw.map(strip)));
  });

  it('merging fails at a step two same-labelled series share, as mergeSameLabels does', () => {
    const input = [series(1, [1, 0]), { ...series(1, [1, 1]) }];
    expect(() => run(mergingSameLabels(hurried, input))).toThrow('vector cannot contain metrics with the same labelset');
  });
});

describe('how often a paused loop reads the clock', () => {
  /** A context whose slice has run `elapsed()` ms, counting the reads; the slice is never used up. */
  function clocked(elapsed: () => number) {
    const c = { reads: 0, sliceElapsed: () => (c.reads++, elapsed()), sliceUsed: () => false, checkCancelled: () => {} };
    return c;
  }

  it('after the first call, then every 8th call while calls are quick', () => {
    const c = clocked(() => 0);
    run(forEachPaused(c as unknown as EvalContext, 800, () => {}));
    // Once before the loop, then before calls 1, 9, 17, …, 793.
    expect(c.reads).toBe(1 + 100);
  });

  it('at every call once 8 calls took over a millisecond', () => {
    let t = 0;
    const c = clocked(() => t);
    // Each call takes 0.2 ms (of a slice that never ends): 8 of them 1.6 ms. Read before the loop,
    // before call 1, call 9, then before every call from 10 on.
    run(forEachPaused(c as unknown as EvalContext, 100, () => { t += 0.2; }));
    expect(c.reads).toBe(3 + 90);
  });

  it('at every call when the first call took over a millisecond (a few long calls pause between them)', () => {
    let t = 0;
    const c = clocked(() => t);
    // The slice's clock here never starts over: every read after a call finds it used up.
    expect(run(forEachPaused(c as unknown as EvalContext, 5, () => { t += 60; })).pauses).toBe(4);
    expect(c.reads).toBe(1 + 4);
  });

  it('does not count what ran in the slice before the loop as the calls\' time', () => {
    // A slice already 20 ms old (used up) when the loop starts, calls that take no time: the
    // first check pauses, and the next slice starts from 0.
    let paused = false;
    const c = clocked(() => (paused ? 0 : 20));
    const g = forEachPaused(c as unknown as EvalContext, 1000, () => {});
    for (let r = g.next(); !r.done; r = g.next()) paused = true;
    // Before the loop, before call 1 (the pause), then every 8th call: 9, 17, …, 993.
    expect(c.reads).toBe(2 + 124);
  });
});

describe('label_replace and label_join over a wide vector (a chunk of series at a time)', () => {
  // 3,000 series, series k present at step k only (one sample at k minutes, lookback 1 s).
  const storage = new MemoryStorage();
  for (let k = 0; k < 3000; k++) storage.add({ __name__: 'm', i: String(k) }, [{ t: k * 60_000, v: k }]);
  const engine = new Engine({ storage, lookbackDeltaMs: 1000 });
  const range = [0, 2999 * 60_000, 60_000] as const;

  it('merges same-labelled outputs across the whole input, as one call would', async () => {
    for (const q of ['label_replace(m, "i", "all", "i", ".*")', 'label_join(m, "i", "", "__name__")']) {
      const r = await engine.rangeQuery(q, ...range);
      expect(r.result).toHaveLength(1);
      const [s] = r.result as { timestamps: number[]; values: number[] }[];
      expect(s.values).toEqual(Array.from({ length: 3000 }, (_, k) => k));
      expect(s.timestamps).toEqual(Array.from({ length: 3000 }, (_, k) => k * 60_000));
    }
    // Three-digit values become their first digit, merging into the series of that value (present
    // at its own step only); the others are kept, in label order.
    const r = await engine.rangeQuery('label_replace(m, "i", "$1", "i", "(.)..")', ...range);
    const rows = r.result as { labels: Labels; values: number[] }[];
    expect(rows.map((s) => getLabel(s.labels, 'i'))).toEqual(
      [...Array.from({ length: 100 }, (_, k) => String(k)), ...Array.from({ length: 2000 }, (_, k) => String(1000 + k))].sort(),
    );
    const seven = rows.find((s) => getLabel(s.labels, 'i') === '7')!;
    expect(seven.values).toEqual([7, ...Array.from({ length: 100 }, (_, k) => 700 + k)]);
  });

  it('fails when two series of one label set share a step, even far apart in the input', async () => {
    const wide = new MemoryStorage();
    for (let k = 0; k < 3000; k++) wide.add({ __name__: 'm', i: String(k) }, [{ t: (k === 2999 ? 0 : k) * 60_000, v: k }]);
    const e = new Engine({ storage: wide, lookbackDeltaMs: 1000 });
    await expect(e.rangeQuery('label_replace(m, "i", "all", "i", ".*")', ...range)).rejects.toThrow('vector cannot contain metrics with the same labelset');
  });
});

describe('element-wise functions over a wide vector (a chunk of series at a time)', () => {
  // a{i} at minute k and b{i} at minute 1500 + k, for 1,500 values of i: one series {i} per i once
  // the names are dropped, its two points coming from chunks far apart in the input.
  const build = (clash: boolean) => {
    const storage = new MemoryStorage();
    for (let k = 0; k < 1500; k++) {
      storage.add({ __name__: 'a', i: String(k) }, [{ t: k * 60_000, v: -k - 0.25 }]);
      storage.add({ __name__: 'b', i: String(k) }, [{ t: (clash && k === 1499 ? k : 1500 + k) * 60_000, v: k + 0.5 }]);
    }
    return storage;
  };
  const range = [0, 2999 * 60_000, 60_000] as const;
  const wanted = (f: (v: number, t: number) => number) => {
    const rows = Array.from({ length: 1500 }, (_, k) => ({
      i: String(k), timestamps: [k * 60_000, (1500 + k) * 60_000], values: [f(-k - 0.25, k * 60), f(k + 0.5, (1500 + k) * 60)],
    }));
    return rows.sort((x, y) => (x.i < y.i ? -1 : 1));
  };
  const cases: [string, (v: number, t: number) => number][] = [
    ['abs({__name__=~"a|b"})', Math.abs],
    ['round({__name__=~"a|b"}, 0.5)', (v) => Math.floor(v * 2 + 0.5) / 2],
    ['timestamp({__name__=~"a|b"})', (_, t) => t],
    ['clamp_min({__name__=~"a|b"}, 3)', (v) => Math.max(v, 3)],
  ];

  for (const delayedNameRemoval of [false, true]) {
    it(`merges the outputs across the whole input as one call would (delayed name removal ${delayedNameRemoval})`, async () => {
      const engine = new Engine({ storage: build(false), lookbackDeltaMs: 1000, delayedNameRemoval });
      for (const [q, f] of cases) {
        const r = await engine.rangeQuery(q, ...range);
        const got = (r.result as { labels: Labels; timestamps: number[]; values: number[] }[])
          .map((s) => ({ i: getLabel(s.labels, 'i'), timestamps: s.timestamps, values: s.values }));
        expect(got, q).toEqual(wanted(f));
      }
    });

    it(`fails when two series of one label set share a step, even far apart in the input (delayed ${delayedNameRemoval})`, async () => {
      const engine = new Engine({ storage: build(true), lookbackDeltaMs: 1000, delayedNameRemoval });
      for (const [q] of cases) {
        await expect(engine.rangeQuery(q, ...range), q).rejects.toThrow('vector cannot contain metrics with the same labelset');
        // Under an aggregation only the function's own merge can find the clash (with delayed name
        // removal the names are kept until the end, and the sum takes both series).
        const summed = engine.rangeQuery(`sum(${q})`, ...range);
        if (delayedNameRemoval) await expect(summed).resolves.toBeDefined();
        else await expect(summed, q).rejects.toThrow('vector cannot contain metrics with the same labelset');
      }
    });
  }
});
