// A sorted sliding window over one series' values: the order statistics behind
// quantile_over_time and mad_over_time, kept up to date as the windows advance.
import { quantileSorted, sortKeepingZeroOrder } from '../../util/quantile.js';
import { lowerBound, upperBound } from '../../util/search.js';

/**
 * The values of the window `v[lo … hi-1]` in the order Prometheus's `quantile` sorts them: NaNs
 * first (only counted), then ascending, equal values in input order (which only shows for −0 and
 * +0). {@link moveTo} slides it to the next window by removing the points that left and inserting
 * those that entered (binary search and a block move each), or refills and re-sorts it when the
 * windows barely overlap. One instance serves the series of one call, one after another.
 */
export class SortedWindow {
  private buf = new Float64Array(64);
  private work = new Float64Array(64);
  private v = new Float64Array(0);
  private lo = 0;
  private hi = 0;
  /** Number of non-NaN values, at the start of the buffer. */
  private len = 0;
  /** Number of NaNs in the window. */
  private nans = 0;

  /** Starts over on a new series (the next {@link moveTo} refills). */
  reset(v: Float64Array): void {
    this.v = v;
    this.lo = this.hi = 0;
    this.len = this.nans = 0;
  }

  /** Makes the window `v[from … to-1]` of the current series (from < to). */
  moveTo(from: number, to: number): void {
    const { lo, hi } = this;
    const moves = from - lo + to - hi;
    // Measured (node 20): a removal or insertion costs about 150 ns, re-sorting about 60 ns per
    // value of the window, so refill once a third of the window changes.
    if (from < lo || to < hi || from >= hi || moves * 3 > to - from + 16) this.refill(from, to);
    else {
      // By index, not value: a double passed to a call V8 does not inline is boxed (a heap
      // number per point, several MB per query of quantile_over_time).
      for (let k = lo; k < from; k++) this.remove(k);
      for (let k = hi; k < to; k++) this.insert(k);
    }
    this.lo = from;
    this.hi = to;
  }

  /** The φ-quantile of the window, as Prometheus's `quantile`. */
  quantile(q: number): number {
    return quantileSorted(q, this.buf, this.len, this.nans);
  }

  /**
   * {@link quantile} of φ = `qs[i]`, written to `out[i]`: no double crosses a call, so none is
   * boxed when V8 does not inline this one (with moveTo's moves by index, 6.7 MB fewer heap
   * numbers per `quantile_over_time` over 160 series × 1,441 steps).
   */
  quantileTo(qs: Float64Array, out: Float64Array, i: number): void {
    out[i] = quantileSorted(qs[i], this.buf, this.len, this.nans);
  }

  /**
   * The median absolute deviation of the window (Prometheus `mad_over_time`): NaN when the window
   * holds a NaN, else the median of |x − median|.
   */
  mad(): number {
    if (this.nans > 0) return NaN;
    const { buf, len } = this;
    const median = quantileSorted(0.5, buf, len, 0);
    if (median - median !== 0) return this.madSorting(median);
    // The deviations of the values below the median, walked downwards (L), and of those from
    // the median up, walked upwards (R), are each ascending: the middle two of both together are
    // found by bisecting how many of the smallest `lower + 1` come from L.
    const rank = 0.5 * (len - 1);
    const lower = Math.floor(rank);
    const upper = Math.min(len - 1, lower + 1);
    const weight = rank - lower;
    const split = lowerBound(buf, len, median);
    const nL = split;
    const nR = len - split;
    const take = lower + 1;
    let lo = Math.max(0, take - nR);
    let hi = Math.min(take, nL);
    while (lo < hi) {
      const i = (lo + hi) >>> 1;
      // L[i] < R[take-i-1]: the smallest `take` hold more than i of L.
      if (Math.abs(buf[split - 1 - i] - median) < Math.abs(buf[split + take - i - 1] - median)) lo = i + 1;
      else hi = i;
    }
    const fromL = lo;
    const fromR = take - lo;
    const lastL = fromL > 0 ? Math.abs(buf[split - fromL] - median) : -1;
    const lastR = fromR > 0 ? Math.abs(buf[split + fromR - 1] - median) : -1;
    const a = lastL > lastR ? lastL : lastR;
    if (upper === lower) return a * (1 - weight) + a * weight;
    const nextL = fromL < nL ? Math.abs(buf[split - fromL - 1] - median) : Infinity;
    const nextR = fromR < nR ? Math.abs(buf[split + fromR] - median) : Infinity;
    const b = nextL < nextR ? nextL : nextR;
    return a * (1 - weight) + b * weight;
  }

  /** mad() for an infinite or NaN median, where deviations can be NaN: sorts them. */
  private madSorting(median: number): number {
    const { buf, len } = this;
    const work = this.work.length >= len ? this.work : (this.work = new Float64Array(this.buf.length));
    let n = 0;
    let nans = 0;
    for (let i = 0; i < len; i++) {
      const d = Math.abs(buf[i] - median);
      if (d !== d) nans++;
      else work[n++] = d;
    }
    work.subarray(0, n).sort();
    return quantileSorted(0.5, work, n, nans);
  }

  private refill(from: number, to: number): void {
    const v = this.v;
    if (this.buf.length < to - from) this.buf = new Float64Array(Math.max(to - from, this.buf.length * 2));
    const buf = this.buf;
    let len = 0;
    for (let k = from; k < to; k++) {
      const x = v[k];
      if (x === x) buf[len++] = x;
    }
    this.nans = to - from - len;
    this.len = len;
    sortKeepingZeroOrder(buf, len, v, from, to);
  }

  /** Removes the oldest point of the window, `v[k]`: the first of its equals. */
  private remove(k: number): void {
    const x = this.v[k];
    if (x !== x) {
      this.nans--;
      return;
    }
    const i = lowerBound(this.buf, this.len, x);
    this.buf.copyWithin(i, i + 1, this.len);
    this.len--;
  }

  /** Inserts the newest point of the window, `v[k]`: after its equals. */
  private insert(k: number): void {
    const x = this.v[k];
    if (x !== x) {
      this.nans++;
      return;
    }
    if (this.len === this.buf.length) {
      const grown = new Float64Array(this.len * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    const i = upperBound(this.buf, this.len, x);
    this.buf.copyWithin(i + 1, i, this.len);
    this.buf[i] = x;
    this.len++;
  }
}
