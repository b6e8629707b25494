// The counter and gauge range functions over native histograms: the window's increase as a
// histogram (Prometheus `histogramRate`), the last two samples' difference (irate/idelta), and
// pair comparisons for resets/changes.
import { FloatHistogram } from '../histogram/float-histogram.js';
import { HistogramError } from '../histogram/errors.js';
import { DenseIncrease } from '../histogram/dense-increase.js';
import { goQuote } from '../util/go-format.js';
import { searchFirst } from '../util/search.js';
import { startTimeOverlap, startTimestampReset } from './support/start-time.js';
import type { Pos } from '../parser/ast.js';
import type { Annotations } from '../eval/annotations.js';

/** Where a histogram function reports: the annotations, the metric name and the argument position. */
export interface HistogramSite {
  readonly annotations: Annotations;
  readonly name: string;
  readonly pos: Pos;
}

/** Prefix counts of histogram points: `c[k]` = histograms among points 0…k−1. */
export function histogramPrefix(h: readonly (FloatHistogram | undefined)[]): Int32Array {
  const c = new Int32Array(h.length + 1);
  for (let k = 0; k < h.length; k++) c[k + 1] = c[k] + (h[k] ? 1 : 0);
  return c;
}

/** Whether the window points from…to−1 hold floats, histograms, or both (`prefix` from histogramPrefix). */
export function windowKinds(prefix: Int32Array, from: number, to: number): { floats: boolean; hists: boolean } {
  const hists = prefix[to] - prefix[from];
  return { floats: hists < to - from, hists: hists > 0 };
}

export function mixedFloatsHistograms(site: HistogramSite): void {
  site.annotations.warn(`encountered a mix of histograms and floats for metric name ${goQuote(site.name)}`, site.pos);
}

export function mixedSchemas(site: HistogramSite): void {
  site.annotations.warn(`vector contains a mix of histograms with exponential and custom buckets schemas for metric name ${goQuote(site.name)}`, site.pos);
}

function notCounter(site: HistogramSite): void {
  site.annotations.warn(`this native histogram metric is not a counter: ${goQuote(site.name)}`, site.pos);
}

function notGauge(site: HistogramSite): void {
  site.annotations.warn(`this native histogram metric is not a gauge: ${goQuote(site.name)}`, site.pos);
}

/** `base ± other` in place; false (with the annotation) when the schemas cannot be combined. */
export function combine(base: FloatHistogram, other: FloatHistogram, subtract: boolean, site: HistogramSite): boolean {
  let r: { nhcbBoundsReconciled: boolean };
  try {
    r = subtract ? base.sub(other) : base.add(other);
  } catch (err) {
    if (err instanceof HistogramError && err.kind === 'incompatible-schema') {
      mixedSchemas(site);
      return false;
    }
    throw err;
  }
  if (r.nhcbBoundsReconciled) {
    site.annotations.info(`mismatched custom buckets were reconciled during ${subtract ? 'subtraction' : 'addition'}`, site.pos);
  }
  return true;
}

/**
 * The increase of the histograms `points` (all histograms, at least two) with counter resets
 * added back for counters, or null when they cannot be combined (Prometheus `histogramRate`).
 */
export function histogramIncrease(
  all: readonly (FloatHistogram | undefined)[], from: number, to: number, isCounter: boolean, site: HistogramSite,
  starts?: { readonly t: ArrayLike<number>; readonly st: ArrayLike<number> },
): FloatHistogram | null {
  const acc = increaseOf(all, from, to, isCounter, site, starts);
  return acc && acc.result();
}

/**
 * {@link histogramIncrease} of a counter, the result left in the shared dense state when it stayed
 * dense (the `DenseIncrease` holds `result()` until the next window starts), as a histogram
 * otherwise; null when the histograms cannot be combined. Same annotations in the same order.
 */
export function histogramIncreaseLazy(
  all: readonly (FloatHistogram | undefined)[], from: number, to: number, site: HistogramSite,
): DenseIncrease | FloatHistogram | null {
  const acc = increaseOf(all, from, to, true, site);
  return acc && acc.denseOrResult();
}

/** The body of {@link histogramIncrease}: the window's increase, not taken yet. */
function increaseOf(
  all: readonly (FloatHistogram | undefined)[], from: number, to: number, isCounter: boolean, site: HistogramSite,
  starts?: { readonly t: ArrayLike<number>; readonly st: ArrayLike<number> },
): WindowIncrease | null {
  const points = all as readonly FloatHistogram[];
  let prev = points[from];
  const last = points[to - 1];
  let custom = prev.usesCustomBuckets();
  // A restart the start timestamps show between points k−1 and k.
  const stReset = (k: number) => starts !== undefined && startTimestampReset(starts.st[k - 1], starts.t[k - 1], starts.st[k], starts.t[k]);
  if (isCounter && (prev.counterResetHint === 'gauge' || last.counterResetHint === 'gauge')) notCounter(site);
  if (isCounter) {
    const second = points[from + 1];
    // A reset between the first two samples: the first one does not count, nor its layout.
    if (stReset(from + 1) || second.detectReset(prev)) {
      prev = new FloatHistogram({ schema: second.schema, customValues: second.customValues });
      custom = second.usesCustomBuckets();
    }
  }
  if (last.usesCustomBuckets() !== custom) {
    mixedSchemas(site);
    return null;
  }
  let minSchema = Math.min(last.schema, prev.schema);
  for (let k = from + 1; isCounter && k < to - 1; k++) {
    const cur = points[k];
    if (cur.counterResetHint === 'gauge') notCounter(site);
    if (cur.schema < minSchema) minSchema = cur.schema;
    if (cur.usesCustomBuckets() !== custom) {
      mixedSchemas(site);
      return null;
    }
  }
  const acc = increaseFrom(last, minSchema);
  if (!acc.combine(prev, true, site)) return null;
  if (isCounter) {
    let overlapWarned = false;
    for (let k = from + 1; k < to; k++) {
      const cur = points[k];
      if (starts && !overlapWarned && startTimeOverlap(starts.st[k - 1], starts.t[k - 1], starts.st[k])) {
        site.annotations.counted('warning', `sample has start time that overlaps with previous sample timestamp for metric ${goQuote(site.name)}`, site.pos);
        overlapWarned = true;
      }
      if ((stReset(k) || cur.detectReset(prev)) && !acc.combine(prev, false, site)) return null;
      prev = cur;
    }
  } else if (points[from].counterResetHint !== 'gauge' || last.counterResetHint !== 'gauge') {
    notGauge(site);
  }
  return acc;
}

/**
 * The running increase of one window: `last` in schema `minSchema`, then differences and sums.
 * Kept in the reusable dense arrays while every histogram combined shares `last`'s exponential
 * schema and zero threshold (the common case), as a `FloatHistogram` otherwise (from the
 * start, or from the first histogram the dense arrays do not take); both give the same bits.
 */
class WindowIncrease {
  private readonly dense = new DenseIncrease();
  private h: FloatHistogram | null = null;

  /** Starts a window (the previous one's result has been taken). */
  start(last: FloatHistogram, minSchema: number): this {
    if (minSchema === last.schema && DenseIncrease.startsWith(last)) {
      this.h = null;
      this.dense.start(last);
    } else {
      // Within one bucket layout the subtraction takes the span walk's own same-layout path.
      this.h = last.copyToSchema(minSchema);
    }
    return this;
  }

  /** `h − x` (`negate`) or `h + x` in place; false (with the annotation) when the schemas cannot be combined. */
  combine(x: FloatHistogram, negate: boolean, site: HistogramSite): boolean {
    if (this.h === null) {
      if (this.dense.accepts(x)) {
        this.dense.add(x, negate);
        return true;
      }
      this.h = this.dense.toHistogram();
    }
    return combine(this.h, x, negate, site);
  }

  /** The dense state when the window stayed dense (its `result()` not taken), else {@link result}. */
  denseOrResult(): DenseIncrease | FloatHistogram {
    return this.h === null ? this.dense : this.result();
  }

  /** The increase, a gauge histogram without empty buckets. */
  result(): FloatHistogram {
    if (this.h === null) return this.dense.result();
    const h = this.h;
    this.h = null;
    h.counterResetHint = 'gauge';
    return h.compact(0);
  }
}

const windowIncrease = new WindowIncrease();

/** The running increase of a window ending with `last`, reduced to `minSchema` (one at a time: the state is shared). */
function increaseFrom(last: FloatHistogram, minSchema: number): WindowIncrease {
  return windowIncrease.start(last, minSchema);
}

/**
 * irate/idelta over the last two samples when both are histograms: the difference (or, irate
 * after a reset, the last one), per second for irate; null when the layouts cannot be combined.
 */
export function histogramInstant(
  prev: FloatHistogram, last: FloatHistogram, isRate: boolean, dtSeconds: number, site: HistogramSite, stReset = false,
): FloatHistogram | null {
  const r = last.copy();
  if (isRate && (last.counterResetHint === 'gauge' || prev.counterResetHint === 'gauge')) notCounter(site);
  if (!isRate && (last.counterResetHint !== 'gauge' || prev.counterResetHint !== 'gauge')) notGauge(site);
  if (!isRate || (!stReset && !last.detectReset(prev))) {
    try {
      const res = r.sub(prev);
      if (res.nhcbBoundsReconciled) site.annotations.info('mismatched custom buckets were reconciled during subtraction', site.pos);
    } catch (err) {
      if (err instanceof HistogramError && err.kind === 'incompatible-schema') {
        mixedSchemas(site);
        return null;
      }
      throw err;
    }
  }
  r.counterResetHint = 'gauge';
  r.compact(0);
  if (isRate) r.div(dtSeconds);
  return r;
}

/** The histogram at t between h1 (at t1) and h2 (at t2); a counter reset between them starts from zero. */
export function interpolateHistograms(h1: FloatHistogram, t1: number, h2: FloatHistogram, t2: number, t: number, isCounter: boolean, site: HistogramSite): FloatHistogram | null {
  if (t === t1) return h1.copy();
  if (t === t2) return h2.copy();
  const fraction = (t - t1) / (t2 - t1);
  if (isCounter && h2.detectReset(h1)) return h2.copy().mul(fraction);
  const r = h2.copy();
  if (!combine(r, h1, true, site)) return null;
  r.mul(fraction);
  if (!combine(r, h1, false, site)) return null;
  return r;
}

/**
 * rate/increase/delta of histograms over an `anchored`/`smoothed` window (Prometheus
 * `extendedHistogramRate`): the difference between the window's edge values, with counter
 * resets added back, without extrapolation. `ts`/`hs` are the window's points (all histograms).
 */
export function extendedHistogramIncrease(
  ts: ArrayLike<number>, hs: readonly FloatHistogram[], rangeStart: number, rangeEnd: number,
  smoothed: boolean, isCounter: boolean, site: HistogramSite,
): FloatHistogram | null {
  let last = hs.length - 1;
  const firstAbove = searchFirst(last, (i) => ts[i] > rangeStart);
  const first = Math.max(0, firstAbove - 1);
  if (smoothed) last = searchFirst(last, (i) => ts[i] >= rangeEnd);
  if (ts[last] <= rangeStart) return null;
  if (smoothed && ts[first] > rangeEnd) return null;
  const custom = hs[first].usesCustomBuckets();
  for (let k = first; k <= last; k++) {
    if (hs[k].usesCustomBuckets() !== custom) {
      mixedSchemas(site);
      return null;
    }
    if (isCounter && hs[k].counterResetHint === 'gauge') notCounter(site);
  }
  const left = smoothed && ts[first] < rangeStart
    ? interpolateHistograms(hs[first], ts[first], hs[first + 1], ts[first + 1], rangeStart, isCounter, site)
    : hs[first].copy();
  if (!left) return null;
  const right = smoothed && last > 0 && ts[last] > rangeEnd
    ? interpolateHistograms(hs[last - 1], ts[last - 1], hs[last], ts[last], rangeEnd, isCounter, site)
    : hs[last].copy();
  if (!right) return null;
  if (!isCounter && (left.counterResetHint !== 'gauge' || right.counterResetHint !== 'gauge')) notGauge(site);
  const result = right.copy();
  if (!combine(result, left, true, site)) return null;
  if (isCounter) {
    let from = first + 1;
    let prev = left;
    if (smoothed && ts[first] < rangeStart && hs[first + 1].detectReset(hs[first])) {
      // The left interpolation already spanned this reset.
      prev = hs[first + 1];
      from++;
    }
    let correction: FloatHistogram | undefined;
    const addCorrection = (x: FloatHistogram) => {
      if (!correction) {
        correction = x.copy();
        return true;
      }
      return combine(correction, x, false, site);
    };
    if (from <= last) {
      for (let k = from; k < last; k++) {
        if (hs[k].detectReset(prev) && !addCorrection(prev)) return null;
        prev = hs[k];
      }
      if (right.detectReset(prev) && !addCorrection(prev)) return null;
    }
    if (correction && !combine(result, correction, false, site)) return null;
  }
  result.counterResetHint = 'gauge';
  return result;
}
