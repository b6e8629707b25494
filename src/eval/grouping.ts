// Aggregation grouping: group keys and output labels for `by`/`without`, as Prometheus's
// `generateGroupingKey` and `generateGroupingLabels`.
import type { AggregateExpr } from '../parser/ast.js';
import { EMPTY_LABELS, labelsKey, METRIC_NAME, onlyLabels, withoutLabels, type Labels } from '../storage/labels.js';
import type { EvalContext } from './context.js';
import { forEachPaused, type OpGen } from './ops.js';
import { StringMap, WeakCache } from '../util/split-maps.js';

/** Groups of an aggregation: which group each input series belongs to, in first-appearance order. */
export interface Grouping {
  /** Group index per input series. */
  readonly groupOf: Int32Array;
  /** Output labels of each group (`by` labels, or all but `without` labels and `__name__`). */
  readonly labels: Labels[];
}

type GroupingFns = { key: (ls: Labels) => string; labels: (ls: Labels) => Labels };

/** Per grouping spec, the group labels of each input label set (evaluation in batches asks again and again). */
const groupLabelCache = new Map<string, WeakCache<Labels, Labels>>();

/** Returns a function from labels to group key, and from labels to group labels. */
export function groupingFns(grouping: readonly string[], without: boolean): GroupingFns {
  if (!without && grouping.length === 0) return { key: () => '', labels: () => EMPTY_LABELS };
  const names = without ? new Set([METRIC_NAME, ...grouping]) : new Set(grouping);
  const spec = `${without ? '-' : '+'}${[...names].join('\u0000')}`;
  let cache = groupLabelCache.get(spec);
  if (!cache) {
    if (groupLabelCache.size > 1000) groupLabelCache.clear();
    groupLabelCache.set(spec, (cache = new WeakCache()));
  }
  const c = cache;
  const labels = (ls: Labels): Labels => {
    let g = c.get(ls);
    if (g === undefined) c.set(ls, (g = without ? withoutLabels(ls, names) : onlyLabels(ls, names)));
    return g;
  };
  return { key: (ls) => labelsKey(labels(ls)), labels };
}

/** Assigns input series to groups, pausing between series once a time slice is used. */
export function* groupSeries(ctx: EvalContext, e: AggregateExpr, series: readonly { labels: Labels }[]): OpGen<Grouping> {
  const { key, labels: groupLabels } = groupingFns(e.grouping, e.without);
  const index = new StringMap<number>();
  const groupOf = new Int32Array(series.length);
  const labels: Labels[] = [];
  yield* forEachPaused(ctx, series.length, (i) => {
    const ls = series[i].labels;
    const k = key(ls);
    let g = index.get(k);
    if (g === undefined) {
      g = labels.length;
      index.set(k, g);
      labels.push(groupLabels(ls));
    }
    groupOf[i] = g;
  });
  return { groupOf, labels };
}
