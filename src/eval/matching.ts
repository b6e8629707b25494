// Vector matching helpers: join signatures (`on`/`ignoring`) and result labels (Prometheus
// `resultMetric`, `MatchLabels`).
import type { BinaryOp, VectorMatching } from '../parser/ast.js';
import { dropMetricName, METRIC_NAME, onlyLabels, setLabel, getLabel, withoutLabels, type Labels } from '../storage/labels.js';
import { groupingFns } from './grouping.js';
import { changesMetricSchema } from './operators.js';
import { forEachPaused, type OpGen } from './ops.js';
import type { EvalContext } from './context.js';
import { StringMap, WeakCache } from '../util/split-maps.js';

/** A function giving the join signature of a label set under the matching (`on` groups like `by`, `ignoring` like `without`). */
export function signatureFn(m: VectorMatching): (ls: Labels) => string {
  return groupingFns(m.labels, !m.on).key;
}

/** Prometheus `MatchLabels`: the `on` labels, or all but `__name__` and the `ignoring` labels. */
export function matchLabels(ls: Labels, m: VectorMatching): Labels {
  return m.on ? onlyLabels(ls, new Set(m.labels)) : withoutLabels(ls, new Set([METRIC_NAME, ...m.labels]));
}

/** Prometheus `resultMetric`: labels of a vector-to-vector operation's output sample. */
export function resultMetric(
  lhs: Labels, rhs: Labels, op: BinaryOp, m: VectorMatching, dropName: boolean,
): Labels {
  const drop = dropName || changesMetricSchema(op);
  // Cached per pair of label sets, as batches of steps ask for the same ones again: the same
  // objects keep their label keys cached too.
  let caches = resultCache.get(m);
  if (!caches) resultCache.set(m, (caches = [new WeakCache(), new WeakCache()]));
  const cache = caches[drop ? 1 : 0];
  let byRight = cache.get(lhs);
  if (byRight === undefined) cache.set(lhs, (byRight = new WeakMap()));
  let out = byRight.get(rhs);
  if (out === undefined) byRight.set(rhs, (out = computeResultMetric(lhs, rhs, m, drop)));
  return out;
}

type PairCache = WeakCache<Labels, WeakMap<Labels, Labels>>;

/** Per matching, with and without name dropping: result labels by left, then right labels. */
const resultCache = new WeakMap<VectorMatching, [PairCache, PairCache]>();

function computeResultMetric(lhs: Labels, rhs: Labels, m: VectorMatching, drop: boolean): Labels {
  let ls = drop ? dropMetricName(lhs) : lhs;
  if (m.card === 'one-to-one') {
    ls = m.on ? onlyLabels(ls, new Set(m.labels)) : withoutLabels(ls, new Set(m.labels));
  }
  for (const name of m.include) ls = setLabel(ls, name, getLabel(rhs, name));
  return ls;
}

/**
 * Assigns each distinct signature an ordinal, for both sides at once, pausing between series once
 * a time slice is used (signatures of 100,000 series take longer than a slice).
 */
export function* signatureOrdinals(
  ctx: EvalContext, sig: (ls: Labels) => string, left: readonly { labels: Labels }[], right: readonly { labels: Labels }[],
): OpGen<{ left: Int32Array; right: Int32Array; count: number }> {
  const ord = new StringMap<number>();
  const sides = [new Int32Array(left.length), new Int32Array(right.length)];
  const lists = [left, right];
  for (let side = 0; side < 2; side++) {
    const out = sides[side];
    const list = lists[side];
    yield* forEachPaused(ctx, list.length, (i) => {
      const k = sig(list[i].labels);
      let o = ord.get(k);
      if (o === undefined) ord.set(k, (o = ord.size));
      out[i] = o;
    });
  }
  return { left: sides[0], right: sides[1], count: ord.size };
}
