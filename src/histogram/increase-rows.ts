// The histograms of one counter series as dense rows of bucket counts over the union of their
// bucket indexes, with the counter resets counted once per series: a window without a reset then
// increases by row(last) − row(first), bucket by bucket, which are the bits the span walk of
// `last.copy().sub(first)` gives (a bucket missing on one side counts as it is, or negated).
import { getBoundExponential } from './bounds.js';
import type { FloatHistogram } from './float-histogram.js';
import { highestIndex, lowestIndex, orderedSpans } from './span-index.js';
import { isExponentialSchema, type Span } from './types.js';

let rowsEnabled = true;

/**
 * Turns the rows off or on (on by default): for tests that compare increases from rows with the
 * per-window ones on the same engine. Returns the previous setting.
 */
export function setIncreaseRows(enabled: boolean): boolean {
  const was = rowsEnabled;
  rowsEnabled = enabled;
  return was;
}

/** Widens `r` to the bucket indexes of `spans` (a side without buckets adds nothing). */
function widen(r: { lo: number; hi: number }, spans: readonly Span[]): void {
  const lo = lowestIndex(spans);
  const hi = highestIndex(spans);
  if (hi < lo) return;
  if (lo < r.lo) r.lo = lo;
  if (hi > r.hi) r.hi = hi;
}

/** The most row elements one series may keep (each side): beyond that the caller goes per window. */
const MAX_ROW_ELEMENTS = 1 << 21;

/** One side (positive or negative buckets): the union of indexes `base … base + width − 1` and the rows kept. */
export class RowSide {
  base = 0;
  width = 0;
  /** Row slot `r` holds the counts of a sample at `r * width`. */
  rows = new Float64Array(0);
  /** The spans of the sample each slot holds: a sample with the same span array overwrites every count it left. */
  private laidOut: (readonly Span[] | undefined)[] = [];
  /** Per slot, the positions of its sample's first and last bucket in the row (lo > hi: none); zeros outside. */
  lo = new Int32Array(0);
  hi = new Int32Array(0);

  /** The lowest position either slot's row has a bucket at (zeros below; > {@link highest} when neither has one). */
  lowest(a: number, b: number): number {
    return Math.min(this.lo[a], this.lo[b]);
  }

  /** The highest position either slot's row has a bucket at (zeros above). */
  highest(a: number, b: number): number {
    return Math.max(this.hi[a], this.hi[b]);
  }

  /** Forgets what the slots hold (a new series: other widths, other counts), with room for `ring` slots. */
  reset(ring: number): void {
    this.laidOut.length = 0;
    if (this.lo.length < ring) {
      this.lo = new Int32Array(ring);
      this.hi = new Int32Array(ring);
    }
  }

  /** Writes the counts of `buckets` (laid out by `spans`) into row slot `r`, zeros elsewhere. */
  fill(r: number, spans: readonly Span[], buckets: readonly number[]): void {
    const w = this.width;
    const rows = this.rows;
    const at = r * w;
    if (this.laidOut[r] !== spans) {
      rows.fill(0, at, at + w);
      this.laidOut[r] = spans;
    }
    let idx = -this.base;
    let k = 0;
    let lo = w;
    let hi = -1;
    for (let i = 0; i < spans.length; i++) {
      idx += spans[i].offset;
      const len = spans[i].length;
      if (len > 0) {
        if (idx < lo) lo = idx;
        hi = idx + len - 1;
      }
      for (let j = 0; j < len; j++) rows[at + idx + j] = buckets[k + j];
      idx += len;
      k += len;
    }
    this.lo[r] = lo;
    this.hi[r] = hi;
  }
}

/**
 * Dense rows of one series' histograms, for the increases of its windows. {@link prepare} takes a
 * series when every histogram is an exponential one of the same schema and zero threshold, with
 * spans in order, no gauge hint, and every bucket above the zero threshold (so that no bucket is
 * skipped as inside the zero bucket). Rows are built on demand into a ring of slots, with room for
 * the widest window ({@link fit}). One instance serves series after series.
 */
export class IncreaseRows {
  readonly positive = new RowSide();
  readonly negative = new RowSide();
  schema = 0;
  zeroThreshold = 0;
  private points: readonly FloatHistogram[] = [];
  /** resets[k]: how many of the pairs (k′ − 1, k′), k′ ≤ k, show a counter reset. */
  private resets = new Int32Array(0);
  /** The sample each ring slot holds (−1: none). */
  private slotOf = new Int32Array(0);
  private ring = 0;

  /**
   * Takes the histograms `points` (every one defined) with room for windows of `span` samples
   * (to − from; {@link fit} makes more); false when the series does not qualify or its rows
   * would be too large.
   */
  prepare(points: readonly FloatHistogram[], span: number): boolean {
    const n = points.length;
    if (!rowsEnabled || n === 0 || span < 1) return false;
    const h0 = points[0];
    const schema = h0.schema;
    const threshold = h0.zeroThreshold;
    if (!isExponentialSchema(schema) || threshold !== threshold) return false;
    // The union of every layout's bucket indexes, per side.
    const pos = { lo: Infinity, hi: -Infinity };
    const neg = { lo: Infinity, hi: -Infinity };
    let pSpans: readonly Span[] | undefined;
    let nSpans: readonly Span[] | undefined;
    let pMost = 0;
    let nMost = 0;
    for (let k = 0; k < n; k++) {
      const h = points[k];
      if (h.positiveBuckets.length > pMost) pMost = h.positiveBuckets.length;
      if (h.negativeBuckets.length > nMost) nMost = h.negativeBuckets.length;
      if (h.schema !== schema || h.zeroThreshold !== threshold || h.counterResetHint === 'gauge') return false;
      // Stored histograms share a layout's span arrays: each is looked at once in a row of samples.
      if (h.positiveSpans !== pSpans || h.negativeSpans !== nSpans) {
        if (!orderedSpans(h.positiveSpans, h.positiveBuckets.length) || !orderedSpans(h.negativeSpans, h.negativeBuckets.length)) return false;
        widen(pos, h.positiveSpans);
        widen(neg, h.negativeSpans);
        pSpans = h.positiveSpans;
        nSpans = h.negativeSpans;
      } else if (h.positiveBuckets.length !== points[k - 1].positiveBuckets.length || h.negativeBuckets.length !== points[k - 1].negativeBuckets.length) {
        return false;
      }
    }
    if (!this.side(this.positive, pos.lo, pos.hi, pMost, schema, threshold)) return false;
    if (!this.side(this.negative, neg.lo, neg.hi, nMost, schema, threshold)) return false;
    this.ring = 0;
    if (!this.fit(span)) return false;
    this.schema = schema;
    this.zeroThreshold = threshold;
    this.points = points;
    if (this.resets.length < n) this.resets = new Int32Array(Math.max(n, 2 * this.resets.length));
    const resets = this.resets;
    resets[0] = 0;
    for (let k = 1; k < n; k++) resets[k] = resets[k - 1] + (points[k].detectReset(points[k - 1]) ? 1 : 0);
    return true;
  }

  /**
   * Makes room for windows of `span` samples (to − from), emptying the ring when it grows; false
   * when the rows would be too large (the series' windows then go without rows).
   */
  fit(span: number): boolean {
    if (span <= this.ring) return true;
    const ring = Math.max(span, 2 * this.ring);
    for (const s of [this.positive, this.negative]) {
      if (s.width * ring > MAX_ROW_ELEMENTS) return false;
    }
    for (const s of [this.positive, this.negative]) {
      if (s.rows.length < s.width * ring) s.rows = new Float64Array(s.width * ring);
      s.reset(ring);
    }
    if (this.slotOf.length < ring) this.slotOf = new Int32Array(ring);
    this.slotOf.fill(-1, 0, ring);
    this.ring = ring;
    return true;
  }

  /**
   * Sets one side's union lo…hi (none when hi < lo); false when its lowest bucket lies inside the
   * zero bucket, or when the union is much wider than the widest histogram (`most` buckets): a
   * layout drifting over the series would make every row mostly zeros to write and walk.
   */
  private side(s: RowSide, lo: number, hi: number, most: number, schema: number, threshold: number): boolean {
    if (hi < lo) {
      s.base = 0;
      s.width = 0;
      return true;
    }
    if (getBoundExponential(lo, schema) <= threshold) return false;
    if (hi - lo + 1 > 4 * most + 64) return false;
    s.base = lo;
    s.width = hi - lo + 1;
    return true;
  }

  /** Whether no counter reset lies between the samples `from` and `to − 1`. */
  resetFree(from: number, to: number): boolean {
    return this.resets[to - 1] === this.resets[from];
  }

  /** The ring slot holding sample k's rows, built if needed. */
  slot(k: number): number {
    const r = k % this.ring;
    if (this.slotOf[r] !== k) {
      const h = this.points[k];
      if (this.positive.width > 0) this.positive.fill(r, h.positiveSpans, h.positiveBuckets);
      if (this.negative.width > 0) this.negative.fill(r, h.negativeSpans, h.negativeBuckets);
      this.slotOf[r] = k;
    }
    return r;
  }
}
