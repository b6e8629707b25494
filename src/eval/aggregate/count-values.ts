// count_values: per step, how many samples have each value, the value written into a label.
import type { AggregateExpr } from '../../parser/ast.js';
import { EvalError } from '../../errors.js';
import { formatFloatF, goQuote } from '../../util/go-format.js';
import { isValidUtf8LabelName } from '../../parser/labels.js';
import { labelsKey, METRIC_NAME, setLabel, type Labels } from '../../storage/labels.js';
import type { Grid } from '../../functions/support/grid.js';
import { outputBuilder } from '../../functions/support/output.js';
import type { EvalContext } from '../context.js';
import { groupingFns } from '../grouping.js';
import { forEachPaused, type OpGen } from '../ops.js';
import type { VectorValue } from '../values.js';
import { StringMap, WeakCache } from '../../util/split-maps.js';

/** An output group: its labels (with the value label, unless grouping drops it). */
interface ValueGroup {
  readonly labels: Labels;
  /** `labelsKey(labels)`: counts are keyed by it (a cache that started over makes new objects). */
  readonly key: string;
}

/** The groups of one input label set's grouping labels (without the value label), by value. */
interface Base {
  /** The group labels of an input series, its value label removed. */
  readonly labels: Labels;
  /** Groups by float value (−0 kept apart from 0) or histogram text; bounded, see MAX_CACHED. */
  readonly byValue: Map<number | string, ValueGroup>;
}

/** Groups remembered per base before the cache starts over (values of a counter rarely repeat). */
const MAX_CACHED = 4096;

type Bases = { byLabels: WeakCache<Labels, Base>; byKey: StringMap<Base> };

/**
 * Per query and count_values expression: the base of each input label set (kept across step
 * batches). Per query, not per expression alone: an engine evaluates one tree for every
 * evaluation of a query text, and bases kept across queries would grow with every label set seen.
 */
const basesOf = new WeakMap<EvalContext, Map<AggregateExpr, Bases>>();

/** `count_values("label", v)`. */
export function* countValues(ctx: EvalContext, e: AggregateExpr, input: VectorValue, g: Grid, valueLabel: string): OpGen<VectorValue> {
  if (!isValidUtf8LabelName(valueLabel)) throw new EvalError(`invalid label name ${goQuote(valueLabel)}`, e.pos);
  const grouping = e.without ? e.grouping : [...e.grouping, valueLabel];
  const { labels: groupLabels } = groupingFns(grouping, e.without);
  // `without` the value label (or `__name__` as the value label): the value never reaches the group.
  const valueKept = !e.without || !(valueLabel === METRIC_NAME || e.grouping.includes(valueLabel));
  const out = outputBuilder(ctx, g);
  let ofQuery = basesOf.get(ctx);
  if (!ofQuery) basesOf.set(ctx, (ofQuery = new Map()));
  let bases = ofQuery.get(e);
  if (!bases) ofQuery.set(e, (bases = { byLabels: new WeakCache(), byKey: new StringMap() }));
  const { byLabels, byKey } = bases;
  const baseOf = (ls: Labels): Base => {
    let b = byLabels.get(ls);
    if (b === undefined) {
      const labels = groupLabels(setLabel(ls, valueLabel, ''));
      const key = labelsKey(labels);
      b = byKey.get(key);
      if (b === undefined) byKey.set(key, (b = { labels, byValue: new Map() }));
      byLabels.set(ls, b);
    }
    return b;
  };
  /** The group of a float `v`, or of a histogram with value text `text` (then `v` is ignored). */
  const groupFor = (b: Base, cacheKey: number | string, v: number, text: string | null): ValueGroup => {
    let grp = b.byValue.get(cacheKey);
    if (grp === undefined) {
      if (b.byValue.size >= MAX_CACHED) b.byValue.clear();
      const labels = valueKept ? setLabel(b.labels, valueLabel, text ?? formatFloatF(v)) : b.labels;
      b.byValue.set(cacheKey, (grp = { labels, key: labelsKey(labels) }));
    }
    return grp;
  };
  // Series by series (a step's counts fill in input order, as Prometheus's do), then per step.
  // Per step, the counts by group key, and the groups in first-appearance order (the output's).
  const counts = Array.from({ length: g.steps }, () => new StringMap<{ labels: Labels; n: number }>());
  const order = Array.from({ length: g.steps }, () => [] as { labels: Labels; n: number }[]);
  yield* forEachPaused(ctx, input.series.length, (si) => {
    const s = input.series[si];
    const b = baseOf(s.labels);
    const { present, values, hist } = s;
    for (let i = 0; i < g.steps; i++) {
      if (!present[i]) continue;
      const h = hist?.[i];
      let grp: ValueGroup;
      if (h) {
        // A histogram's value label is its String() form.
        const text = h.string();
        grp = groupFor(b, `h${text}`, 0, text);
      } else {
        const v = values[i];
        // Map keys equate −0 and 0, whose texts differ.
        grp = groupFor(b, v === 0 && 1 / v < 0 ? '-0' : v, v, null);
      }
      const c = counts[i].get(grp.key);
      if (c) c.n++;
      else {
        const first = { labels: grp.labels, n: 1 };
        counts[i].set(grp.key, first);
        order[i].push(first);
      }
    }
  });
  // Group by group (the first step of 100,000 distinct values makes as many output series: 180 ms).
  for (let i = 0; i < g.steps; i++) {
    const step = order[i];
    yield* forEachPaused(ctx, step.length, (j) => out.add(step[j].labels, false, i, step[j].n));
  }
  return { type: 'vector', series: out.series };
}
