// Merging same-labelled series as an operator's run, pausing between series: an output of
// 100,000 series takes tens of ms to merge, more than a time slice.
import { defersLabelsetCheck, SameLabelsMerger } from '../functions/support/output.js';
import type { Grid } from '../functions/support/grid.js';
import type { EvalContext } from './context.js';
import { forEachPaused, type OpGen } from './ops.js';
import type { StepSeries } from './values.js';

/**
 * mergeSameLabels over `series`, each first passed through `map` (when given), pausing once a
 * time slice is used.
 */
export function* mergingSameLabels(
  ctx: EvalContext, series: StepSeries[], map?: (s: StepSeries) => StepSeries,
): OpGen<StepSeries[]> {
  if (series.length < 2) return map ? series.map(map) : series;
  const m = new SameLabelsMerger();
  yield* forEachPaused(ctx, series.length, map ? (i) => m.add(map(series[i])) : (i) => m.add(series[i]));
  return m.out;
}

/**
 * A node's output on grid g built series by series: same-labelled series merged across steps and
 * failing at a shared step, as outputBuilder would add them sample by sample.
 */
export function* mergedOutput(ctx: EvalContext, g: Grid, series: StepSeries[]): OpGen<StepSeries[]> {
  return defersLabelsetCheck(ctx, g) ? series : yield* mergingSameLabels(ctx, series);
}
