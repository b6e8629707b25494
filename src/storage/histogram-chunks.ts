// The counter-reset hints a Prometheus TSDB gives native histograms when it reads them back: it
// cuts chunks (tsdb/head_append.go, tsdb/chunkenc/float_histogram.go) and derives hints from them.
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { sameSpans } from '../histogram/span-ops.js';
import type { CounterResetHint, Span } from '../histogram/types.js';

/** The chunk range of a Prometheus server's head (2h, `--storage.tsdb.min-block-duration`). */
export const SERVER_CHUNK_RANGE_MS = 2 * 3600_000;
/** The chunk range of Prometheus's test storage (util/teststorage: 24h blocks), which promqltest uses. */
export const TEST_STORAGE_CHUNK_RANGE_MS = 24 * 3600_000;

/** One sample of a series in time order, as the chunk emulation sees it. */
export type ChunkSample =
  | { readonly t: number; readonly kind: 'float'; readonly stale: boolean }
  | { readonly t: number; readonly kind: 'histogram'; readonly h: FloatHistogram; readonly hint: CounterResetHint };

interface HistogramChunk {
  readonly gauge: boolean;
  /** The chunk is cut at the first sample at or after this time (Go `rangeForTimestamp`). */
  readonly nextAt: number;
  samples: number;
  /** The last sample appended, or 'stale' for a staleness marker written into the chunk. */
  last: FloatHistogram | 'stale';
}

/** Go's `rangeForTimestamp`: the end of the chunk range holding t (integer division truncates). */
function rangeEnd(t: number, range: number): number {
  return Math.trunc(t / range) * range + range;
}

/** Bucket index → count of one side. */
function bucketMap(spans: readonly Span[], buckets: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  let idx = 0;
  let k = 0;
  for (const s of spans) {
    idx += s.offset;
    for (let j = 0; j < s.length; j++) m.set(idx + j, buckets[k++]);
    idx += s.length;
  }
  return m;
}

/**
 * Whether b's buckets are a counter reset after a's, as `expandFloatSpansAndBuckets` decides: a
 * bucket of a missing in b while non-zero in a (NaN counts as non-zero), or lower in b.
 */
function bucketsReset(aSpans: readonly Span[], aBuckets: readonly number[], bSpans: readonly Span[], bBuckets: readonly number[]): boolean {
  if (sameSpans(aSpans, bSpans)) {
    // One layout (consecutive samples mostly, their span arrays often shared): bucket by bucket.
    for (let k = 0; k < aBuckets.length; k++) if (aBuckets[k] > bBuckets[k]) return true;
    return false;
  }
  const b = bucketMap(bSpans, bBuckets);
  for (const [idx, ac] of bucketMap(aSpans, aBuckets)) {
    const bc = b.get(idx);
    if (bc === undefined ? ac !== 0 : ac > bc) return true;
  }
  return false;
}

function sameBounds(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x === y || (x.length === y.length && x.every((v, i) => v === y[i]));
}

/** Whether a counter histogram h, appended with `hint`, fits the chunk (`appendable`), and if not whether for a reset. */
function appendable(c: HistogramChunk, h: FloatHistogram, hint: CounterResetHint): boolean {
  if (c.gauge || hint === 'reset' || c.last === 'stale') return false;
  const a = c.last;
  if (h.count < a.count || h.schema !== a.schema || h.zeroThreshold !== a.zeroThreshold) return false;
  if (h.usesCustomBuckets() && !sameBounds(h.customValues, a.customValues)) return false;
  if (h.zeroCount < a.zeroCount) return false;
  return !bucketsReset(a.positiveSpans, a.positiveBuckets, h.positiveSpans, h.positiveBuckets)
    && !bucketsReset(a.negativeSpans, a.negativeBuckets, h.negativeSpans, h.negativeBuckets);
}

/** Whether a gauge histogram h fits the chunk (`appendableGauge`). */
function appendableGauge(c: HistogramChunk, h: FloatHistogram): boolean {
  if (!c.gauge || c.last === 'stale') return false;
  const a = c.last;
  if (h.schema !== a.schema || h.zeroThreshold !== a.zeroThreshold) return false;
  return !h.usesCustomBuckets() || sameBounds(h.customValues, a.customValues);
}

/**
 * The counter-reset hints a TSDB reads the histograms of a series back with, in order: the hint
 * its chunk gives each (tsdb/chunkenc/histogram_meta.go `counterResetHint`). Each histogram
 * sample comes with the hint it was appended with (`hint`; its `h.counterResetHint` is not read).
 *
 * `samples` is the series in time order. A new histogram chunk starts at the first histogram after
 * a float sample; when a counter reset is detected (lower count, zero count or bucket, a bucket
 * gone, changed custom bounds); on an explicit `reset` hint; when the schema or zero threshold
 * changes; after a staleness marker (written into the histogram chunk when it follows a
 * histogram); when a gauge follows a counter or the reverse; and at the end of the chunk range
 * (`chunkRange`, 2h on a server, 24h in Prometheus's test storage). In a gauge chunk every sample
 * reads `gauge`; otherwise the first sample reads `unknown` and later ones `not_reset`, whatever
 * hint was appended (an explicit `reset` only cuts a chunk).
 *
 * Not emulated: chunks a server cuts by size (about 1 KiB, at least 10 samples) before the range
 * ends, whose first sample reads `unknown` there and `not_reset` here.
 */
export function readBackHints(samples: Iterable<ChunkSample>, chunkRange: number): CounterResetHint[] {
  const out: CounterResetHint[] = [];
  let chunk: HistogramChunk | null = null;
  for (const s of samples) {
    if (s.kind === 'float') {
      // A staleness marker after a histogram goes into the histogram chunk; anything else ends it.
      if (s.stale && chunk) {
        chunk.last = 'stale';
        chunk.samples++;
      } else chunk = null;
      continue;
    }
    const h = s.h;
    const gauge = s.hint === 'gauge';
    const fits = chunk !== null && s.t < chunk.nextAt && (gauge ? appendableGauge(chunk, h) : appendable(chunk, h, s.hint));
    if (!fits) chunk = { gauge, nextAt: rangeEnd(s.t, chunkRange), samples: 0, last: h };
    const c = chunk!;
    out.push(c.gauge ? 'gauge' : c.samples === 0 ? 'unknown' : 'not_reset');
    c.last = h;
    c.samples++;
  }
  return out;
}
