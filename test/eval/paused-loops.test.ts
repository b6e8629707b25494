// Loops over every series of a value pause between series once a time slice is used: with
// 100,000 series, computing join signatures or merging same-labelled series takes longer than a
// slice, and the event loop must not wait for all of it.
import { describe, expect, it } from 'vitest';
import type { EvalContext } from '../../src/eval/context.js';
import { PAUSE, type Request } from '../../src/eval/ops.js';
import { signatureOrdinals } from '../../src/eval/matching.js';
import { mergingSameLabels } from '../../src/eval/merge-paused.js';
import { mergeSameLabels } from '../../src/functions/support/output.js';
import type { StepSeries } from '../../src/eval/values.js';
import { getLabel, labelsFrom, type Labels } from '../../src/storage/labels.js';

/** A context whose every slice is used up: a paused loop yields PAUSE as often as it checks. */
const hurried = { sliceUsed: () => true, checkCancelled: () => {} } as unknown as EvalContext;

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
