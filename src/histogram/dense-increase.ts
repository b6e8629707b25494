// The increase of a window of native histograms (last − first, counter resets added back) kept in
// dense arrays indexed by bucket, reused from window to window: each step touches only the buckets
// of the histograms it combines, and only the compacted result is built as a histogram.
import { getBoundExponential } from './bounds.js';
import { FloatHistogram } from './float-histogram.js';
import { lowestIndex, highestIndex, orderedSpans } from './span-index.js';
import { isExponentialSchema, type Span } from './types.js';
import type { IncreaseRows, RowSide } from './increase-rows.js';

// Shared empty arrays of a side not used yet (never written: `reserve` replaces them).
const NO_COUNTS = new Float64Array(0);
const NO_PRESENCE = new Uint8Array(0);

/** One side: counts and presence by bucket index `base + slot`, and the slots touched since `clear`. */
export class DiffSide {
  base = 0;
  val = NO_COUNTS;
  present = NO_PRESENCE;
  /** The touched slots lo…hi (hi < lo when none). */
  lo = 0;
  hi = -1;

  /** Forgets every bucket (the arrays stay, for the next window). */
  clear(): void {
    if (this.hi >= this.lo) this.present.fill(0, this.lo, this.hi + 1);
    this.lo = 0;
    this.hi = -1;
  }

  /** Makes room for the indexes lo…hi (inclusive), keeping what is present. */
  private reserve(lo: number, hi: number): void {
    const n0 = this.val.length;
    if (n0 > 0 && lo >= this.base && hi < this.base + n0) return;
    const newLo = n0 === 0 ? lo - 16 : Math.min(lo - 16, this.base);
    const newHi = n0 === 0 ? hi + 16 : Math.max(hi + 16, this.base + n0 - 1);
    const n = newHi - newLo + 1;
    const val = new Float64Array(n);
    const present = new Uint8Array(n);
    const shift = this.base - newLo;
    if (n0 > 0) {
      val.set(this.val, shift);
      present.set(this.present, shift);
    }
    if (this.hi >= this.lo) {
      this.lo += shift;
      this.hi += shift;
    }
    this.base = newLo;
    this.val = val;
    this.present = present;
  }

  /** Marks the slots of the indexes lo…hi as touched (room made first). */
  private touch(lo: number, hi: number): void {
    this.reserve(lo, hi);
    const a = lo - this.base;
    const b = hi - this.base;
    if (this.hi < this.lo) {
      this.lo = a;
      this.hi = b;
      return;
    }
    if (a < this.lo) this.lo = a;
    if (b > this.hi) this.hi = b;
  }

  /**
   * Adds (with `negate` subtracts) the buckets of B as the span walk adds them into a histogram: a
   * present bucket gets `count + (±b)`, a missing one becomes `±b`; B's buckets with an upper bound
   * ≤ `threshold` are skipped up to the first that is not. With `skipLow` false (the copy that
   * starts a window) no bucket is skipped.
   */
  add(spans: readonly Span[], buckets: readonly number[], schema: number, threshold: number, negate: boolean, skipLow: boolean): void {
    const lo = lowestIndex(spans);
    const hi = highestIndex(spans);
    if (hi < lo) return;
    this.touch(lo, hi);
    const { val, present, base } = this;
    let lowerThanThreshold = skipLow;
    let idx = 0;
    let k = 0;
    for (let i = 0; i < spans.length; i++) {
      idx += spans[i].offset;
      const len = spans[i].length;
      for (let j = 0; j < len; j++, idx++, k++) {
        if (lowerThanThreshold && getBoundExponential(idx, schema) <= threshold) continue;
        lowerThanThreshold = false;
        const v = negate ? -buckets[k] : buckets[k];
        const slot = idx - base;
        if (present[slot] === 0) {
          present[slot] = 1;
          val[slot] = v;
        } else {
          val[slot] += v;
        }
      }
    }
  }

  /**
   * Sets the side to row(l) − row(f) of `rows`, every index present from the lowest to the highest
   * bucket either row has (both rows are zero outside).
   */
  setDiff(rows: RowSide, l: number, f: number): void {
    this.clear();
    const w = rows.width;
    const j0 = rows.lowest(l, f);
    const j1 = rows.highest(l, f);
    if (w === 0 || j1 < j0) return;
    this.touch(rows.base + j0, rows.base + j1);
    const { val, present } = this;
    const r = rows.rows;
    const at = rows.base - this.base;
    for (let j = j0; j <= j1; j++) {
      val[at + j] = r[l * w + j] - r[f * w + j];
      present[at + j] = 1;
    }
  }

  /**
   * The present buckets as spans and counts: with `compact` only the non-zero ones (NaN is not
   * zero), in spans that are the maximal runs of consecutive indexes, which is what `compact(0)`
   * leaves; otherwise every present one. The arrays are made at their final size (a result may
   * live as long as the query). Span objects equal to those of `like` (in order) are reused:
   * spans are never changed in place.
   */
  materialize(compact: boolean, like: readonly Span[]): { spans: Span[]; buckets: number[] } {
    const { val, present } = this;
    const hi = this.hi;
    let nBuckets = 0;
    let nSpans = 0;
    let inRun = false;
    for (let slot = this.lo; slot <= hi; slot++) {
      const keep = present[slot] === 1 && !(compact && val[slot] === 0);
      if (keep) {
        nBuckets++;
        if (!inRun) nSpans++;
      }
      inRun = keep;
    }
    const spans = new Array<Span>(nSpans);
    const buckets = new Array<number>(nBuckets);
    let end = 0;
    let s = 0;
    let k = 0;
    for (let slot = this.lo; slot <= hi;) {
      if (present[slot] === 0 || (compact && val[slot] === 0)) {
        slot++;
        continue;
      }
      const start = slot;
      while (slot <= hi && present[slot] === 1 && !(compact && val[slot] === 0)) buckets[k++] = val[slot++];
      const idx = this.base + start;
      const offset = s === 0 ? idx : idx - end;
      const length = slot - start;
      const old = s < like.length ? like[s] : undefined;
      spans[s++] = old !== undefined && old.offset === offset && old.length === length ? old : { offset, length };
      end = this.base + slot;
    }
    return { spans, buckets };
  }
}

/**
 * A window's increase as `FloatHistogram` arithmetic computes it: `start(last)` stands for
 * `h = last.copy()`, `add(x, negate)` for `h.sub(x)` / `h.add(x)`, and `result()` for setting the
 * gauge hint and `h.compact(0)`, each bucket getting the same operations in the same order.
 * Exponential histograms of one schema and zero threshold with spans in order only ({@link
 * startsWith}, {@link accepts}); a caller meeting another one continues with {@link toHistogram}.
 * One instance serves window after window (not re-entrant).
 */
export class DenseIncrease {
  // The window's state, read by the dense sum (set only here).
  readonly positive = new DiffSide();
  readonly negative = new DiffSide();
  schema = 0;
  /** The histogram the window started from, whose span objects the result may reuse. */
  private last: FloatHistogram | null = null;
  zeroThreshold = 0;
  zeroCount = 0;
  count = 0;
  sum = 0;

  /** Whether a window ending with `last` can start dense: exponential, a zero threshold that is a number, spans in order. */
  static startsWith(last: FloatHistogram): boolean {
    return isExponentialSchema(last.schema) && last.zeroThreshold === last.zeroThreshold
      && orderedSpans(last.positiveSpans, last.positiveBuckets.length) && orderedSpans(last.negativeSpans, last.negativeBuckets.length);
  }

  /** Starts a window from `last` ({@link startsWith} took it), as its copy. */
  start(last: FloatHistogram): void {
    this.positive.clear();
    this.negative.clear();
    this.last = last;
    this.schema = last.schema;
    this.zeroThreshold = last.zeroThreshold;
    this.zeroCount = last.zeroCount;
    this.count = last.count;
    this.sum = last.sum;
    this.positive.add(last.positiveSpans, last.positiveBuckets, last.schema, last.zeroThreshold, false, false);
    this.negative.add(last.negativeSpans, last.negativeBuckets, last.schema, last.zeroThreshold, false, false);
  }

  /**
   * Whether `h` can be combined densely: the same schema, spans in order, and the same zero
   * threshold, or a lower one without buckets (whose zero count then counts as it is).
   */
  accepts(h: FloatHistogram): boolean {
    if (h.schema !== this.schema) return false;
    if (h.zeroThreshold !== this.zeroThreshold) {
      if (!(h.zeroThreshold < this.zeroThreshold) || h.positiveBuckets.length + h.negativeBuckets.length > 0) return false;
    }
    return orderedSpans(h.positiveSpans, h.positiveBuckets.length) && orderedSpans(h.negativeSpans, h.negativeBuckets.length);
  }

  /** Adds (with `negate` subtracts) `h`, which {@link accepts} took. */
  add(h: FloatHistogram, negate: boolean): void {
    this.zeroCount = negate ? this.zeroCount - h.zeroCount : this.zeroCount + h.zeroCount;
    this.count = negate ? this.count - h.count : this.count + h.count;
    this.sum = negate ? this.sum - h.sum : this.sum + h.sum;
    this.positive.add(h.positiveSpans, h.positiveBuckets, this.schema, this.zeroThreshold, negate, true);
    this.negative.add(h.negativeSpans, h.negativeBuckets, this.schema, this.zeroThreshold, negate, true);
  }

  /**
   * Sets the window's state to the increase from `first` to `last` (no counter reset between
   * them) whose buckets are the rows in slots `f` and `l` of `rows`: the state {@link start}(last)
   * then {@link add}(first, true) leave, up to buckets present with zero counts, which
   * {@link result} drops either way.
   */
  fromRows(rows: IncreaseRows, f: number, l: number, first: FloatHistogram, last: FloatHistogram): void {
    this.last = last;
    this.schema = rows.schema;
    this.zeroThreshold = rows.zeroThreshold;
    this.zeroCount = last.zeroCount - first.zeroCount;
    this.count = last.count - first.count;
    this.sum = last.sum - first.sum;
    this.positive.setDiff(rows.positive, l, f);
    this.negative.setDiff(rows.negative, l, f);
  }

  /** The state as an uncompacted histogram (every present bucket), for the general arithmetic to go on with. */
  toHistogram(): FloatHistogram {
    return this.build(false, 'unknown');
  }

  /** The increase: the gauge hint, compacted as `compact(0)` leaves it. */
  result(): FloatHistogram {
    return this.build(true, 'gauge');
  }

  private build(compact: boolean, hint: 'unknown' | 'gauge'): FloatHistogram {
    const p = this.positive.materialize(compact, this.last!.positiveSpans);
    const n = this.negative.materialize(compact, this.last!.negativeSpans);
    this.last = null;
    return new FloatHistogram({
      counterResetHint: hint, schema: this.schema, zeroThreshold: this.zeroThreshold,
      zeroCount: this.zeroCount, count: this.count, sum: this.sum,
      positiveSpans: p.spans, positiveBuckets: p.buckets, negativeSpans: n.spans, negativeBuckets: n.buckets,
    });
  }
}

