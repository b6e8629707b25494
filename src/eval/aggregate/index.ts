// Aggregation operators: the parameter's checks, then one accumulator per operator family
// folded over the groups, or the per-step selections (topk, bottomk, limitk, limit_ratio) and
// count_values.
import type { AggregateExpr, AggregateOp } from '../../parser/ast.js';
import { formatFloatG } from '../../util/go-format.js';
import { unwrapParens } from '../../parser/walk.js';
import type { Grid } from '../../functions/support/grid.js';
import type { EvalContext } from '../context.js';
import type { OpGen } from '../ops.js';
import type { ScalarValue, VectorValue } from '../values.js';
import { foldGroups, type AccumulatorFactory, type ParamStats } from './accumulator.js';
import { sumAccumulator } from './sum.js';
import { avgAccumulator } from './avg.js';
import { countAccumulator, groupAccumulator } from './count-group.js';
import { maxAccumulator, minAccumulator } from './min-max.js';
import { stddevAccumulator, stdvarAccumulator } from './stddev.js';
import { quantileAccumulator } from './quantile.js';
import { selectK } from './topk.js';
import { countValues } from './count-values.js';

const ACCUMULATORS: Partial<Record<AggregateOp, AccumulatorFactory>> = {
  sum: sumAccumulator,
  avg: avgAccumulator,
  count: countAccumulator,
  group: groupAccumulator,
  min: minAccumulator,
  max: maxAccumulator,
  stddev: stddevAccumulator,
  stdvar: stdvarAccumulator,
  quantile: quantileAccumulator,
};

/** Min, max and NaN presence of a parameter over all steps (Prometheus `fParams`). */
export function paramStats(p: ScalarValue): ParamStats {
  let min = Number.MAX_VALUE;
  let max = -Number.MAX_VALUE;
  let hasNaN = false;
  for (const v of p.values) {
    max = Math.max(max, v);
    min = Math.min(min, v);
    if (Number.isNaN(v)) hasNaN = true;
  }
  return { values: p.values, min, max, hasNaN };
}

function quantileWarnings(ctx: EvalContext, e: AggregateExpr, p: ParamStats): void {
  const pos = unwrapParens(e.param!).pos;
  const warn = (q: number) => ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatFloatG(q)}`, pos);
  if (p.hasNaN) warn(NaN);
  if (p.max > 1) warn(p.max);
  if (p.min < 0) warn(p.min);
}

/** Evaluates an aggregation given its evaluated input and parameter. */
export function* evalAggregate(
  ctx: EvalContext, e: AggregateExpr, input: VectorValue, param: ScalarValue | string | null, g: Grid,
): OpGen<VectorValue> {
  if (e.op === 'count_values') return yield* countValues(ctx, e, input, g, param as string);
  const p = param !== null && typeof param !== 'string' ? paramStats(param) : null;
  switch (e.op) {
    case 'topk':
    case 'bottomk':
    case 'limitk':
    case 'limit_ratio':
      return yield* selectK(ctx, e, input, p!, g);
    case 'quantile':
      quantileWarnings(ctx, e, p!);
      break;
  }
  return yield* foldGroups(ctx, e, input, g, ACCUMULATORS[e.op]!, p);
}
