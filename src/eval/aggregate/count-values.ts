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
import { forEachPaused, type OpGen } from '../ops.js';
import type { VectorValue } from '../values.js';

/** Per count_values expression and input label set: the group of the value it had last. */
const lastGroups = new WeakMap<AggregateExpr, WeakMap<Labels, { v: number; key: string; labels: Labels }>>();

/** `count_values("label", v)`. */
export function* countValues(ctx: EvalContext, e: AggregateExpr, input: VectorValue, g: Grid, valueLabel: string): OpGen<VectorValue> {
  if (!isValidUtf8LabelName(valueLabel)) throw new EvalError(`invalid label name ${goQuote(valueLabel)}`, e.pos);
  const grouping = e.without ? e.grouping : [...e.grouping, valueLabel];
  const { key, labels } = groupingFns(grouping, e.without);
  const out = outputBuilder(ctx, g);
  // Formatting a value the Go way and building its labels is costly: a series whose value did
  // not change since the last step reuses them.
  let last = lastGroups.get(e);
  if (!last) lastGroups.set(e, (last = new WeakMap()));
  // Series by series (a step's counts fill in input order, as Prometheus's do), then per step.
  const counts = Array.from({ length: g.steps }, () => new Map<string, { labels: Labels; n: number }>());
  yield* forEachPaused(ctx, input.series.length, (si) => {
    const s = input.series[si];
    for (let i = 0; i < g.steps; i++) {
      if (!s.present[i]) continue;
      const v = s.values[i];
      const h = s.hist?.[i];
      let grp = last.get(s.labels);
      if (h) {
        // A histogram's value label is its String() form.
        const metric = setLabel(s.labels, valueLabel, h.string());
        grp = { v: NaN, key: key(metric), labels: labels(metric) };
        last.delete(s.labels);
      } else if (grp === undefined || !Object.is(grp.v, v)) {
        const metric = setLabel(s.labels, valueLabel, formatFloatF(v));
        last.set(s.labels, (grp = { v, key: key(metric), labels: labels(metric) }));
      }
      const c = counts[i].get(grp.key);
      if (c) c.n++;
      else counts[i].set(grp.key, { labels: grp.labels, n: 1 });
    }
  });
  yield* forEachPaused(ctx, g.steps, (i) => {
    for (const c of counts[i].values()) out.add(c.labels, false, i, c.n);
  });
  return { type: 'vector', series: out.series };
}
