// Prometheus's histogram-statistics decoding: a selector read only through histogram_count,
// histogram_sum or histogram_avg gets histograms without buckets, and each sample whose reset
// hint is unknown gets one from comparing it with the previous sample the storage iterator
// visited (`detectHistogramStatsDecoding`, `HistogramStatsIterator`). The hints it sets show in
// the counter-reset annotations of aggregations over such selectors.
import type { Expr, VectorSelector } from '../parser/ast.js';
import { childrenOf } from '../parser/walk.js';
import { FloatHistogram } from '../histogram/float-histogram.js';
import type { Span } from '../histogram/types.js';

const STATS_FUNCTIONS = new Set(['histogram_count', 'histogram_sum', 'histogram_avg']);
const BUCKET_FUNCTIONS = new Set(['histogram_quantile', 'histogram_quantiles', 'histogram_fraction']);

/**
 * The selectors Prometheus decodes as statistics only: below histogram_count/sum/avg, and not
 * below a subquery, a bucket-reading histogram function or a trim operator.
 */
export function statsOnlySelectors(root: Expr): Set<VectorSelector> {
  const out = new Set<VectorSelector>();
  const todo: { e: Expr; stats: boolean }[] = [{ e: root, stats: false }];
  while (todo.length > 0) {
    const { e, stats } = todo.pop()!;
    if (e.type === 'VectorSelector') {
      if (stats) out.add(e);
      continue;
    }
    if (e.type === 'SubqueryExpr') continue;
    if (e.type === 'Call' && BUCKET_FUNCTIONS.has(e.func)) continue;
    if (e.type === 'BinaryExpr' && (e.op === '</' || e.op === '>/')) continue;
    const below = stats || (e.type === 'Call' && STATS_FUNCTIONS.has(e.func));
    for (const c of childrenOf(e)) todo.push({ e: c, stats: below });
  }
  return out;
}

/**
 * A histogram with only its statistics (count, sum, schema) and the given hint. Prometheus
 * compatibility: not even the custom bounds of an NHCB are kept, so combining two of them never
 * reports reconciled bounds.
 */
export function statsOf(h: FloatHistogram, hint: FloatHistogram['counterResetHint']): FloatHistogram {
  return new FloatHistogram({
    counterResetHint: hint, schema: h.schema, count: h.count, sum: h.sum,
    positiveSpans: NO_SPANS, positiveBuckets: NO_BUCKETS, negativeSpans: NO_SPANS, negativeBuckets: NO_BUCKETS,
  });
}

// The empty span and bucket arrays every statistics-only histogram shares: a query over many
// samples makes one histogram per sample, and input histograms are never changed in place (frozen,
// so that a change would fail rather than reach every other one).
const NO_SPANS = Object.freeze([]) as unknown as Span[];
const NO_BUCKETS = Object.freeze([]) as unknown as number[];

/**
 * The hint the statistics iterator gives sample j when `prev` is the last non-stale histogram it
 * visited before j in the same run (−1 when none): the stored hint if known, else from
 * comparing the full histograms.
 */
export function statsHint(hist: readonly (FloatHistogram | undefined)[], j: number, prev: number): FloatHistogram['counterResetHint'] {
  const h = hist[j]!;
  if (h.counterResetHint !== 'unknown') return h.counterResetHint;
  if (prev < 0) return 'unknown';
  return h.detectReset(hist[prev]!) ? 'reset' : 'not_reset';
}

/**
 * The histograms of a merged series as the statistics iterator hands them out over a query whose
 * steps read up to `refs[i]`, each step's read starting `delta` before it (the lookback for
 * instant selectors, the range for range selectors). The storage iterator visits samples in order
 * and restarts (forgetting the previous sample) only when a step's start lies beyond where it
 * stands. Samples never visited keep their full form (no window reads them).
 */
export function statsHistograms(
  ts: ArrayLike<number>, hist: readonly (FloatHistogram | undefined)[], stale: ArrayLike<number>,
  refs: ArrayLike<number>, delta: number,
): (FloatHistogram | undefined)[] {
  const n = ts.length;
  const out = hist.slice();
  let pos = 0;
  let lastH = -1;
  let next = 0;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i];
    if (pos < n && ref - delta > ts[pos]) {
      while (pos < n && ts[pos] < ref - delta) pos++;
      lastH = -1;
      if (next < pos) next = pos;
    }
    for (; next < n && ts[next] <= ref; next++) {
      const h = hist[next];
      if (!h || stale[next]) continue;
      out[next] = h.statsView(statsHint(hist, next, lastH), statsOf);
      lastH = next;
    }
    while (pos < n && ts[pos] < ref) pos++;
  }
  return out;
}
