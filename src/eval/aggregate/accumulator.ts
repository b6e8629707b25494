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
import { HistogramSums } from './histogram-sum.js';
import { getLabel, METRIC_NAME } from '../../storage/labels.js';
import { f64, u8 } from '../../util/slab.js';

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
  /**
   * Optional bulk form of `first`/`next` for one float series: every step with `present[i]` is
   * folded in, `seen[i]` telling whether the group already had a sample there (and set after).
   * Same arithmetic in the same order; one call per series keeps the loop monomorphic.
   */
  addSeries?(group: number, values: Float64Array, present: Uint8Array, seen: Uint8Array): void;
}

/** Makes the accumulator of one aggregation operator. */
export type AccumulatorFactory = (groups: number, steps: number, param: ParamStats | null) => Accumulator;

/** Folds the input into one output series per group (groups in first-appearance order). */
export function* foldGroups(
  ctx: EvalContext, e: AggregateExpr, input: VectorValue, g: Grid, make: AccumulatorFactory, param: ParamStats | null,
): OpGen<VectorValue> {
  const { groupOf, labels: groups } = yield* groupSeries(ctx, e, input.series);
  const T = g.steps;
  const seen = groups.map(() => u8(T));
  const dropName = new Array<boolean>(groups.length).fill(false);
  const acc = make(groups.length, T, param);
  const series = input.series;
  // Histogram samples: summed apart by sum/avg, counted by count/group, ignored (with an info) by the rest.
  const hists = e.op === 'sum' || e.op === 'avg' ? new HistogramSums(ctx, e, T) : null;
  const countsHistograms = e.op === 'count' || e.op === 'group';
  // Per group, the steps that summed a histogram: made when the first histogram comes.
  let histSeen = null as Uint8Array[] | null;
  yield* forEachPaused(ctx, series.length, (si) => {
    const s = series[si];
    const gi = groupOf[si];
    const sn = seen[gi];
    if (s.dropName) dropName[gi] = true;
    const hist = s.hist;
    if (hist === undefined && acc.addSeries) {
      acc.addSeries(gi, s.values, s.present, sn);
      return;
    }
    for (let i = 0; i < T; i++) {
      if (!s.present[i]) continue;
      const h = hist?.[i];
      if (h && !countsHistograms) {
        if (hists) {
          (histSeen ??= groups.map(() => u8(T)))[gi][i] = 1;
          hists.add(gi, i, h, getLabel(s.labels, METRIC_NAME));
        } else {
          ctx.annotations.info(`ignored histogram in ${e.op} aggregation`, e.expr.pos);
        }
        continue;
      }
      if (sn[i]) acc.next(gi, i, s.values[i]);
      else {
        sn[i] = 1;
        acc.first(gi, i, s.values[i]);
      }
    }
  });
  const out: StepSeries[] = [];
  // Group by group with pauses: `count by (instance)` over 100,000 series has as many groups.
  yield* forEachPaused(ctx, groups.length, (gi) => {
    const sn = seen[gi];
    const hs = histSeen?.[gi];
    if (sn.indexOf(1) < 0 && (!hs || hs.indexOf(1) < 0)) return;
    const s = emptyStepSeries(groups[gi], T, dropName[gi]);
    let any = false;
    for (let i = 0; i < T; i++) {
      if (hs && hs[i]) {
        const h = hists!.result(gi, i, sn[i] === 1);
        if (!h) continue;
        (s.hist ??= new Array(T))[i] = h;
        s.present[i] = 1;
        any = true;
        continue;
      }
      if (!sn[i]) continue;
      s.present[i] = 1;
      s.values[i] = acc.value(gi, i);
      any = true;
    }
    if (any) out.push(s);
  });
  return { type: 'vector', series: out };
}

/** Per-group, per-step Float64Arrays, zeroed (carved from the shared slabs, see f64). */
export function perGroup(groups: number, steps: number): Float64Array[] {
  return Array.from({ length: groups }, () => f64(steps));
}
