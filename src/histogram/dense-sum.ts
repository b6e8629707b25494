// A Kahan sum of exponential histograms of one schema and zero threshold kept as dense arrays
// indexed by bucket: each addition touches only the added histogram's buckets.
import { kahanComp } from '../util/kahan.js';
import { f64, u8 } from '../util/slab.js';
import { adjustCounterReset } from './add.js';
import { getBoundExponential } from './bounds.js';
import { FloatHistogram, histogramSize } from './float-histogram.js';
import { lowestIndex, highestIndex, orderedSpans } from './span-index.js';
import type { DenseIncrease, DiffSide } from './dense-increase.js';
import type { IncreaseRows, RowSide } from './increase-rows.js';
import { isExponentialSchema, type CounterResetHint, type Span } from './types.js';

/**
 * Adds `v` to the bucket at `slot` of a side's arrays: Kahan-compensated when present, taken as it
 * is (no compensation) otherwise. The hot loops pass the arrays held in locals: read through
 * `this` per bucket, they cost a field load each time.
 */
function addInto(val: Float64Array, comp: Float64Array, present: Uint8Array, slot: number, v: number): void {
  if (present[slot] === 0) {
    present[slot] = 1;
    val[slot] = v;
    comp[slot] = 0;
  } else {
    comp[slot] = kahanComp(v, val[slot], comp[slot]);
    val[slot] += v;
  }
}

// The finished buckets of the side being finished (see DenseSide.finished), read only where present.
let finishedScratch = new Float64Array(64);

// Shared empty arrays of a side without buckets (never written: `reserve` replaces them).
const NO_COUNTS = new Float64Array(0);
const NO_PRESENCE = new Uint8Array(0);

/** One side: counts, compensation terms and presence by bucket index `base + slot`. */
class DenseSide {
  base = 0;
  val = NO_COUNTS;
  comp = NO_COUNTS;
  present = NO_PRESENCE;

  /** Makes room for the indexes lo…hi (inclusive). */
  reserve(lo: number, hi: number): void {
    const end = this.base + this.val.length;
    if (this.val.length > 0 && lo >= this.base && hi < end) return;
    const newLo = this.val.length === 0 ? lo - 8 : Math.min(lo - 8, this.base);
    const newHi = this.val.length === 0 ? hi + 8 : Math.max(hi + 8, end - 1);
    const n = newHi - newLo + 1;
    // Views into shared slabs: a query keeps one sum per group and step.
    const val = f64(n);
    const comp = f64(n);
    const present = u8(n);
    if (this.val.length > 0) {
      const shift = this.base - newLo;
      val.set(this.val, shift);
      comp.set(this.comp, shift);
      present.set(this.present, shift);
    }
    this.base = newLo;
    this.val = val;
    this.comp = comp;
    this.present = present;
  }

  /** Sets the buckets of a histogram's side as present, with zero compensation. */
  init(spans: readonly Span[], buckets: readonly number[]): void {
    const lo = lowestIndex(spans);
    const hi = highestIndex(spans);
    if (hi >= lo) this.reserve(lo, hi);
    let idx = 0;
    let k = 0;
    for (const s of spans) {
      idx += s.offset;
      for (let j = 0; j < s.length; j++, idx++, k++) {
        const slot = idx - this.base;
        this.val[slot] = buckets[k];
        this.present[slot] = 1;
      }
    }
  }

  /**
   * Adds the buckets of B as the span walk adds them into a histogram: a bucket present gets a
   * Kahan-compensated addition, one missing takes B's count (and no compensation); B's buckets
   * with an upper bound ≤ `threshold` are skipped up to the first that is not.
   */
  add(spans: readonly Span[], buckets: readonly number[], schema: number, threshold: number): void {
    const lo = lowestIndex(spans);
    const hi = highestIndex(spans);
    if (hi < lo) return;
    this.reserve(lo, hi);
    const { base, val, comp, present } = this;
    let lowerThanThreshold = true;
    let idx = 0;
    let k = 0;
    for (const s of spans) {
      idx += s.offset;
      for (let j = 0; j < s.length; j++, idx++, k++) {
        if (lowerThanThreshold && getBoundExponential(idx, schema) <= threshold) continue;
        lowerThanThreshold = false;
        addInto(val, comp, present, idx - base, buckets[k]);
      }
    }
  }

  /**
   * {@link add} of the buckets `compact(0)` keeps of an increase's side (present, non-zero), each
   * multiplied by `factor` first, in index order: what adding `inc.result().mul(factor)` does.
   * Returns how many spans plus buckets that side of `inc.result()` has.
   */
  addScaled(d: DiffSide, factor: number, schema: number, threshold: number): number {
    if (d.hi < d.lo) return 0;
    // Room for every touched slot (a superset of the kept ones: only the arrays' extent differs).
    this.reserve(d.base + d.lo, d.base + d.hi);
    const dv = d.val;
    const dp = d.present;
    const shift = d.base - this.base;
    const { val, comp, present } = this;
    let lowerThanThreshold = true;
    let kept = 0;
    let inRun = false;
    for (let slot = d.lo; slot <= d.hi; slot++) {
      if (dp[slot] === 0 || dv[slot] === 0) {
        inRun = false;
        continue;
      }
      kept += inRun ? 1 : 2;
      inRun = true;
      if (lowerThanThreshold && getBoundExponential(d.base + slot, schema) <= threshold) continue;
      lowerThanThreshold = false;
      addInto(val, comp, present, slot + shift, dv[slot] * factor);
    }
    return kept;
  }

  /**
   * {@link addScaled} of the increase row(l) − row(f) of `rows` (slots of one series' rows, every
   * bucket above the zero threshold): the non-zero differences, each multiplied by `factor`, in
   * index order. Returns how many spans plus buckets that side of the compacted increase has.
   */
  addScaledRows(rows: RowSide, l: number, f: number, factor: number): number {
    const w = rows.width;
    // Only the positions either row has buckets at (both are zero elsewhere): room for those, not
    // for the series' whole union, which can be far wider than any window when its layout drifts.
    const j0 = rows.lowest(l, f);
    const j1 = rows.highest(l, f);
    if (w === 0 || j1 < j0) return 0;
    this.reserve(rows.base + j0, rows.base + j1);
    const r = rows.rows;
    const la = l * w;
    const fa = f * w;
    const shift = rows.base - this.base;
    const val = this.val;
    const comp = this.comp;
    const present = this.present;
    let kept = 0;
    let inRun = false;
    for (let j = j0; j <= j1; j++) {
      const d = r[la + j] - r[fa + j];
      if (d === 0) {
        inRun = false;
        continue;
      }
      kept += inRun ? 1 : 2;
      inRun = true;
      addInto(val, comp, present, j + shift, d * factor);
    }
    return kept;
  }

  /**
   * {@link addScaledRows} of the increase `lb − fb` of two histograms laid out by the same `spans`
   * (in order, every bucket above the zero threshold): the differences taken bucket by bucket
   * from the histograms themselves, with no rows to fill.
   */
  addScaledSpans(spans: readonly Span[], lb: readonly number[], fb: readonly number[], factor: number): number {
    const lo = lowestIndex(spans);
    const hi = highestIndex(spans);
    if (hi < lo) return 0;
    this.reserve(lo, hi);
    const val = this.val;
    const comp = this.comp;
    const present = this.present;
    const base = this.base;
    let kept = 0;
    let inRun = false;
    let idx = 0;
    let k = 0;
    for (let si = 0; si < spans.length; si++) {
      const offset = spans[si].offset;
      const len = spans[si].length;
      // A gap between spans holds zeros in both histograms: it ends a run as a zero difference would.
      if (si > 0 && offset !== 0) inRun = false;
      idx += offset;
      for (let end = k + len; k < end; k++, idx++) {
        const d = lb[k] - fb[k];
        if (d === 0) {
          inRun = false;
          continue;
        }
        kept += inRun ? 1 : 2;
        inRun = true;
        addInto(val, comp, present, idx - base, d * factor);
      }
    }
    return kept;
  }

  /**
   * The side of the finished sum, as {@link materialize} then adding the compensation (`withComp`)
   * and `compact(0)` would leave it, in one pass: each bucket plus its compensation term (the
   * compensation's buckets inside the zero bucket skipped up to the first outside, as the span walk
   * of `add` skips them), the buckets that came out zero dropped, and one span per run of the
   * buckets left.
   */
  finished(withComp: boolean, schema: number, threshold: number): { spans: Span[]; buckets: number[] } {
    const { val, comp, present, base } = this;
    const n = val.length;
    if (finishedScratch.length < n) finishedScratch = new Float64Array(Math.max(n, 2 * finishedScratch.length));
    const out = finishedScratch;
    let kept = 0;
    let lowerThanThreshold = true;
    for (let slot = 0; slot < n; slot++) {
      if (present[slot] === 0) continue;
      let b = val[slot];
      // The compensation of a bucket inside the zero bucket is skipped, as add's span walk skips it.
      if (withComp && !(lowerThanThreshold && getBoundExponential(base + slot, schema) <= threshold)) {
        lowerThanThreshold = false;
        b += comp[slot];
      }
      out[slot] = b;
      if (b !== 0) kept++;
    }
    const spans: Span[] = [];
    const buckets = new Array<number>(kept);
    let k = 0;
    let end = 0;
    for (let slot = 0; slot < n;) {
      if (present[slot] === 0 || out[slot] === 0) {
        slot++;
        continue;
      }
      const start = slot;
      while (slot < n && present[slot] === 1 && out[slot] !== 0) buckets[k++] = out[slot++];
      const idx = base + start;
      spans.push({ offset: spans.length === 0 ? idx : idx - end, length: slot - start });
      end = base + slot;
    }
    return { spans, buckets };
  }

  /** The present buckets as spans (maximal runs), counts and compensation terms, in arrays of their final size. */
  materialize(): { spans: Span[]; buckets: number[]; comp: number[] } {
    const { val, present } = this;
    const n = val.length;
    let nBuckets = 0;
    let nSpans = 0;
    for (let slot = 0; slot < n; slot++) {
      if (present[slot] === 0) continue;
      nBuckets++;
      if (slot === 0 || present[slot - 1] === 0) nSpans++;
    }
    const spans = new Array<Span>(nSpans);
    const buckets = new Array<number>(nBuckets);
    const comp = new Array<number>(nBuckets);
    let end = 0;
    let s = 0;
    let k = 0;
    for (let slot = 0; slot < n;) {
      if (present[slot] === 0) {
        slot++;
        continue;
      }
      const start = slot;
      while (slot < n && present[slot] === 1) {
        buckets[k] = val[slot];
        comp[k] = this.comp[slot];
        k++;
        slot++;
      }
      const idx = this.base + start;
      spans[s] = { offset: s === 0 ? idx : idx - end, length: slot - start };
      s++;
      end = this.base + slot;
    }
    return { spans, buckets, comp };
  }
}

/**
 * The scalar part of a dense sum: the counter-reset hint, the layout (schema, zero threshold) and
 * the running zero count, count and sum. The buckets live in the sum's sides.
 */
class SumHead {
  constructor(
    public counterResetHint: CounterResetHint, readonly schema: number, readonly zeroThreshold: number,
    public zeroCount: number, public count: number, public sum: number,
  ) {}
}

/**
 * The running `sum` of native histograms that share an exponential schema and zero threshold,
 * giving exactly what `acc.kahanAdd(h, comp)` for each further histogram, then `acc.add(comp)`
 * and `compact(0)`, give (Prometheus's KahanAdd): every bucket receives the same additions in the
 * same order with the same compensation, and the final compaction leaves one layout for the same
 * buckets whatever spans they were kept in. Histograms of another schema or threshold, custom
 * buckets or spans out of order are not taken ({@link accepts}); the caller then continues with
 * {@link toHistograms}.
 */
export class DenseHistogramSum {
  private readonly pos = new DenseSide();
  private readonly neg = new DenseSide();
  /** The compensation's scalars and hint, once an addition made one. */
  private comp: { hint: CounterResetHint; zeroCount: number; count: number; sum: number } | undefined;

  /** A sum of no buckets yet with the given scalars (its `head`: hint, layout and running totals). */
  private constructor(private readonly head: SumHead) {}

  /**
   * Starts from `acc` (no compensation yet), which it only reads: the sum keeps copies of its
   * totals and buckets, so `acc` may be a histogram a storage handed out. Check {@link startsWith}
   * (or {@link startsWithAny}) for it first.
   */
  static of(acc: FloatHistogram): DenseHistogramSum {
    const sum = new DenseHistogramSum(new SumHead(acc.counterResetHint, acc.schema, acc.zeroThreshold, acc.zeroCount, acc.count, acc.sum));
    sum.pos.init(acc.positiveSpans, acc.positiveBuckets);
    sum.neg.init(acc.negativeSpans, acc.negativeBuckets);
    return sum;
  }

  /**
   * A sum whose first histogram is the increase row(l) − row(f) of `rows` (no counter reset
   * between `first` and `last`) times `factor`: what `DenseHistogramSum.of(inc.result().mul(factor))`
   * holds for that increase, without building the histogram. Returns the sum and that histogram's
   * `size()`.
   */
  static ofRowIncrease(
    rows: IncreaseRows, f: number, l: number, first: FloatHistogram, last: FloatHistogram, factor: number,
  ): { sum: DenseHistogramSum; size: number } {
    const sum = new DenseHistogramSum(new SumHead(
      'gauge', rows.schema, rows.zeroThreshold,
      (last.zeroCount - first.zeroCount) * factor, (last.count - first.count) * factor, (last.sum - first.sum) * factor,
    ));
    // Into empty sides every non-zero difference is taken as it is, as init() takes the buckets
    // of the compacted increase (rows hold no bucket inside the zero bucket).
    const p = sum.pos.addScaledRows(rows.positive, l, f, factor);
    const n = sum.neg.addScaledRows(rows.negative, l, f, factor);
    return { sum, size: histogramSize(p + n) };
  }

  /**
   * Whether a sum starting from `acc` is worth keeping dense and can be: exponential, with
   * buckets (statistics-only histograms have none, and `kahanAdd` is cheaper for them), spans in order.
   */
  static startsWith(acc: FloatHistogram): boolean {
    return acc.positiveBuckets.length + acc.negativeBuckets.length > 0 && DenseHistogramSum.startsWithAny(acc);
  }

  /**
   * {@link startsWith} without asking for buckets: for sums of increases added with {@link
   * addIncrease}, which cost no more than `kahanAdd` when they have none (statistics only).
   */
  static startsWithAny(acc: FloatHistogram): boolean {
    return isExponentialSchema(acc.schema) && acc.zeroThreshold === acc.zeroThreshold
      && orderedSpans(acc.positiveSpans, acc.positiveBuckets.length) && orderedSpans(acc.negativeSpans, acc.negativeBuckets.length);
  }

  /** Whether `h` can be added densely: same exponential schema and zero threshold, spans in order. */
  accepts(h: FloatHistogram): boolean {
    return h.schema === this.head.schema && h.zeroThreshold === this.head.zeroThreshold
      && orderedSpans(h.positiveSpans, h.positiveBuckets.length) && orderedSpans(h.negativeSpans, h.negativeBuckets.length);
  }

  /** Adds `h` (which {@link accepts} took); returns whether the counter-reset hints collided. */
  add(h: FloatHistogram): boolean {
    const head = this.head;
    const collision = adjustCounterReset(head, h);
    this.addScalars(h.zeroCount, h.count, h.sum);
    this.pos.add(h.positiveSpans, h.positiveBuckets, head.schema, head.zeroThreshold);
    this.neg.add(h.negativeSpans, h.negativeBuckets, head.schema, head.zeroThreshold);
    return collision;
  }

  /** Whether the increase `inc` can be added densely ({@link addIncrease}): the same schema and zero threshold. */
  acceptsIncrease(inc: DenseIncrease): boolean {
    return inc.schema === this.head.schema && inc.zeroThreshold === this.head.zeroThreshold;
  }

  /**
   * Adds the histogram `inc.result().mul(factor)` (a gauge histogram; `factor` positive) without
   * building it: the same additions in the same order as {@link add} of that histogram. Returns
   * that histogram's `size()`.
   */
  addIncrease(inc: DenseIncrease, factor: number): number {
    const head = this.head;
    // adjustCounterReset with a gauge histogram: the sum becomes a gauge, no collision.
    head.counterResetHint = 'gauge';
    this.addScalars(inc.zeroCount * factor, inc.count * factor, inc.sum * factor);
    const p = this.pos.addScaled(inc.positive, factor, head.schema, head.zeroThreshold);
    const n = this.neg.addScaled(inc.negative, factor, head.schema, head.zeroThreshold);
    // FloatHistogram.size() of that histogram.
    return histogramSize(p + n);
  }

  /** Whether increases from `rows` can be added densely ({@link addRowIncrease}): the same schema and zero threshold. */
  acceptsRows(rows: IncreaseRows): boolean {
    return rows.schema === this.head.schema && rows.zeroThreshold === this.head.zeroThreshold;
  }

  /**
   * {@link addIncrease} of the increase from `first` to `last` (no counter reset between them),
   * whose buckets are the rows in slots `f` and `l` of `rows`: the same additions in the same order.
   */
  addRowIncrease(rows: IncreaseRows, f: number, l: number, first: FloatHistogram, last: FloatHistogram, factor: number): number {
    this.head.counterResetHint = 'gauge';
    this.addScalars(
      (last.zeroCount - first.zeroCount) * factor, (last.count - first.count) * factor, (last.sum - first.sum) * factor,
    );
    const p = this.pos.addScaledRows(rows.positive, l, f, factor);
    const n = this.neg.addScaledRows(rows.negative, l, f, factor);
    return histogramSize(p + n);
  }

  /**
   * {@link addRowIncrease} when `first` and `last` share their span arrays (the same layout): the
   * buckets are subtracted straight from the two histograms.
   */
  addSameLayoutIncrease(first: FloatHistogram, last: FloatHistogram, factor: number): number {
    this.head.counterResetHint = 'gauge';
    this.addScalars(
      (last.zeroCount - first.zeroCount) * factor, (last.count - first.count) * factor, (last.sum - first.sum) * factor,
    );
    const p = this.pos.addScaledSpans(last.positiveSpans, last.positiveBuckets, first.positiveBuckets, factor);
    const n = this.neg.addScaledSpans(last.negativeSpans, last.negativeBuckets, first.negativeBuckets, factor);
    return histogramSize(p + n);
  }

  /** The Kahan additions of a further histogram's zero count (same threshold), count and sum. */
  private addScalars(zeroCount: number, count: number, sum: number): void {
    const head = this.head;
    const c = this.comp ?? { hint: head.counterResetHint, zeroCount: 0, count: 0, sum: 0 };
    this.comp = c;
    // The zero thresholds are equal: the other zero count as it is, no compensation of its own.
    c.zeroCount = kahanComp(zeroCount, head.zeroCount, c.zeroCount);
    head.zeroCount += zeroCount;
    c.zeroCount = kahanComp(0, head.zeroCount, c.zeroCount);
    head.zeroCount += 0;
    c.count = kahanComp(count, head.count, c.count);
    head.count += count;
    c.sum = kahanComp(sum, head.sum, c.sum);
    head.sum += sum;
  }

  /**
   * The finished sum: what `toHistograms()`, then `value.add(comp)` (when there is a compensation)
   * and `value.compact(0)` give, without building the two histograms in between.
   */
  result(): FloatHistogram {
    const head = this.head;
    const c = this.comp;
    const p = this.pos.finished(c !== undefined, head.schema, head.zeroThreshold);
    const n = this.neg.finished(c !== undefined, head.schema, head.zeroThreshold);
    const value = new FloatHistogram({
      counterResetHint: head.counterResetHint, schema: head.schema, zeroThreshold: head.zeroThreshold,
      zeroCount: head.zeroCount, count: head.count, sum: head.sum,
      positiveSpans: p.spans, positiveBuckets: p.buckets, negativeSpans: n.spans, negativeBuckets: n.buckets,
    });
    if (c !== undefined) {
      // As `add` does (equal zero thresholds: the compensation's zero count as it is). Its hint
      // reconciliation changes nothing here: the compensation keeps the hint the sum had at the
      // first addition, and the sum's hint since then is that one, `unknown` or `gauge`.
      value.zeroCount += c.zeroCount;
      value.count += c.count;
      value.sum += c.sum;
    }
    return value;
  }

  /**
   * The sum and its compensation histogram (sharing spans, undefined before any addition) as
   * `kahanAdd` would have left them, up to how the buckets are split into spans.
   */
  toHistograms(): { value: FloatHistogram; comp: FloatHistogram | undefined } {
    const p = this.pos.materialize();
    const n = this.neg.materialize();
    const head = this.head;
    const value = new FloatHistogram({
      counterResetHint: head.counterResetHint, schema: head.schema, zeroThreshold: head.zeroThreshold,
      zeroCount: head.zeroCount, count: head.count, sum: head.sum,
      positiveSpans: p.spans, positiveBuckets: p.buckets, negativeSpans: n.spans, negativeBuckets: n.buckets,
    });
    const c = this.comp;
    const comp = c && new FloatHistogram({
      counterResetHint: c.hint, schema: head.schema, zeroThreshold: head.zeroThreshold,
      zeroCount: c.zeroCount, count: c.count, sum: c.sum,
      positiveSpans: p.spans, positiveBuckets: p.comp, negativeSpans: n.spans, negativeBuckets: n.comp,
    });
    return { value, comp };
  }
}
