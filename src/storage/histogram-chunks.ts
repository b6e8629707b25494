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

/**
 * Whether b's buckets are a counter reset after a's, as `expandFloatSpansAndBuckets` decides: a
 * bucket of a missing in b while non-zero in a (NaN counts as non-zero), or lower in b. Both
 * sides are valid (bucket indexes increase), so one walk over each decides.
 */
function bucketsReset(aSpans: readonly Span[], aBuckets: readonly number[], bSpans: readonly Span[], bBuckets: readonly number[]): boolean {
  if (sameSpans(aSpans, bSpans)) {
    // One layout (consecutive samples mostly, their span arrays often shared): bucket by bucket.
    for (let k = 0; k < aBuckets.length; k++) if (aBuckets[k] > bBuckets[k]) return true;
    return false;
  }
  // b's walk: span bs, its bucket bj, at index bIdx; bk counts b's buckets passed.
  let bs = 0;
  let bj = 0;
  let bk = 0;
  let bIdx = bSpans.length > 0 ? bSpans[0].offset : 0;
  /** Moves b's walk to its first bucket at an index ≥ idx; false when b has none. */
  const seek = (idx: number): boolean => {
    for (;;) {
      while (bs < bSpans.length && bj >= bSpans[bs].length) {
        bs++;
        bj = 0;
        if (bs < bSpans.length) bIdx += bSpans[bs].offset;
      }
      if (bs >= bSpans.length) return false;
      if (bIdx >= idx) return true;
      bIdx++;
      bj++;
      bk++;
    }
  };
  let idx = 0;
  let k = 0;
  for (let i = 0; i < aSpans.length; i++) {
    idx += aSpans[i].offset;
    for (let j = 0; j < aSpans[i].length; j++, idx++, k++) {
      const ac = aBuckets[k];
      const found = seek(idx) && bIdx === idx;
      if (found ? ac > bBuckets[bk] : ac !== 0) return true;
    }
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
 * `samples` is the series in time order, `chunks` a new emulator (see {@link ChunkEmulator}), left
 * at the end of the series for samples appended after. A new histogram chunk starts at the first histogram after
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
export function readBackHints(samples: Iterable<ChunkSample>, chunks: ChunkEmulator): CounterResetHint[] {
  const out: CounterResetHint[] = [];
  for (const s of samples) {
    if (s.kind === 'float') chunks.float(s.stale);
    else out.push(chunks.histogram(s.t, s.h, s.hint));
  }
  return out;
}

/**
 * The chunk a TSDB is writing for one series, fed its samples in time order (the rules are those
 * of {@link readBackHints}): each histogram gets its read-back hint as it comes, so that a series
 * appended in order knows every hint without a pass at read time.
 */
export class ChunkEmulator {
  private chunk: HistogramChunk | null = null;

  constructor(private readonly chunkRange: number) {}

  /** A float sample: a staleness marker after a histogram goes into its chunk; anything else ends it. */
  float(stale: boolean): void {
    const c = this.chunk;
    if (c === null) return;
    if (stale) {
      c.last = 'stale';
      c.samples++;
    } else this.chunk = null;
  }

  /** A histogram at t appended with `hint`: the hint it reads back with. */
  histogram(t: number, h: FloatHistogram, hint: CounterResetHint): CounterResetHint {
    const gauge = hint === 'gauge';
    const chunk = this.chunk;
    const fits = chunk !== null && t < chunk.nextAt && (gauge ? appendableGauge(chunk, h) : appendable(chunk, h, hint));
    const c = fits ? chunk! : (this.chunk = { gauge, nextAt: rangeEnd(t, this.chunkRange), samples: 0, last: h });
    const read: CounterResetHint = c.gauge ? 'gauge' : c.samples === 0 ? 'unknown' : 'not_reset';
    c.last = h;
    c.samples++;
    return read;
  }
}
