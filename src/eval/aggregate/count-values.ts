// count_values: per step, how many samples have each value, the value written into a label.
import type { AggregateExpr } from '../../parser/ast.js';
import { EvalError } from '../../errors.js';
import { formatFloatF, goQuote } from '../../util/go-format.js';
import { isValidUtf8LabelName } from '../../parser/labels.js';
import { setLabel, type Labels } from '../../storage/labels.js';
import type { Grid } from '../../functions/support/grid.js';
import { outputBuilder } from '../../functions/support/output.js';
import type { EvalContext } from '../context.js';
import { groupingFns } from '../grouping.js';
import { PAUSE, type OpGen } from '../ops.js';
import type { VectorValue } from '../values.js';

/** `count_values("label", v)`. */
export function* countValues(ctx: EvalContext, e: AggregateExpr, input: VectorValue, g: Grid, valueLabel: string): OpGen<VectorValue> {
  if (!isValidUtf8LabelName(valueLabel)) throw new EvalError(`invalid label name ${goQuote(valueLabel)}`, e.pos);
  const grouping = e.without ? e.grouping : [...e.grouping, valueLabel];
  const { key, labels } = groupingFns(grouping, e.without);
  const out = outputBuilder(ctx, g);
  // Formatting a value the Go way is costly: each distinct value once per evaluation.
  const formatted = new Map<number, string>();
  for (let i = 0; i < g.steps; i++) {
    if (ctx.sliceUsed()) yield PAUSE;
    const counts = new Map<string, { labels: Labels; n: number }>();
    for (const s of input.series) {
      if (!s.present[i]) continue;
      ctx.checkCancelled();
      const v = s.values[i];
      let text = formatted.get(v);
      if (text === undefined) formatted.set(v, (text = formatFloatF(v)));
      const metric = setLabel(s.labels, valueLabel, text);
      const k = key(metric);
      const c = counts.get(k);
      if (c) c.n++;
      else counts.set(k, { labels: labels(metric), n: 1 });
    }
    for (const c of counts.values()) out.add(c.labels, false, i, c.n);
  }
  return { type: 'vector', series: out.series };
}
