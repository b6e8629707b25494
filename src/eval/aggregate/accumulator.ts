// The accumulator interface every float aggregation implements, and the fold that feeds it:
// input series are grouped once, then folded series by series in input order, step by step,
// exactly as Prometheus folds them.
import type { AggregateExpr } from '../../parser/ast.js';
import type { Grid } from '../../functions/support/grid.js';
import { emptyStepSeries } from '../../functions/support/output.js';
import type { EvalContext } from '../context.js';
import { groupSeries } from '../grouping.js';
import { forEachPaused, type OpGen } from '../ops.js';
import type { StepSeries, VectorValue } from '../values.js';

/** Per-step parameter values of an aggregation and their extremes (Prometheus `fParams`). */
export interface ParamStats {
  readonly values: Float64Array;
  readonly min: number;
  readonly max: number;
  readonly hasNaN: boolean;
}

/**
 * The state of one aggregation over `groups` groups and `steps` steps. Contract: for each group
 * and step, `first` is called with the first sample in input order, then `next` with each further
 * one; `value` is asked only for a group and step that had a first sample, after all samples.
 */
export interface Accumulator {
  first(group: number, step: number, f: number): void;
  next(group: number, step: number, f: number): void;
  value(group: number, step: number): number;
}

/** Makes the accumulator of one aggregation operator. */
export type AccumulatorFactory = (groups: number, steps: number, param: ParamStats | null) => Accumulator;

/** Folds the input into one output series per group (groups in first-appearance order). */
export function* foldGroups(
  ctx: EvalContext, e: AggregateExpr, input: VectorValue, g: Grid, make: AccumulatorFactory, param: ParamStats | null,
): OpGen<VectorValue> {
  const { groupOf, labels: groups } = groupSeries(e, input.series);
  const T = g.steps;
  const seen = groups.map(() => new Uint8Array(T));
  const dropName = new Array<boolean>(groups.length).fill(false);
  const acc = make(groups.length, T, param);
  const series = input.series;
  yield* forEachPaused(ctx, series.length, (si) => {
    const s = series[si];
    const gi = groupOf[si];
    const sn = seen[gi];
    if (s.dropName) dropName[gi] = true;
    for (let i = 0; i < T; i++) {
      if (!s.present[i]) continue;
      if (sn[i]) acc.next(gi, i, s.values[i]);
      else {
        sn[i] = 1;
        acc.first(gi, i, s.values[i]);
      }
    }
  });
  const out: StepSeries[] = [];
  for (let gi = 0; gi < groups.length; gi++) {
    const sn = seen[gi];
    if (sn.indexOf(1) < 0) continue;
    const s = emptyStepSeries(groups[gi], T, dropName[gi]);
    for (let i = 0; i < T; i++) {
      if (!sn[i]) continue;
      s.present[i] = 1;
      s.values[i] = acc.value(gi, i);
    }
    out.push(s);
  }
  return { type: 'vector', series: out };
}

/** Per-group, per-step Float64Arrays. */
export function perGroup(groups: number, steps: number): Float64Array[] {
  return Array.from({ length: groups }, () => new Float64Array(steps));
}
