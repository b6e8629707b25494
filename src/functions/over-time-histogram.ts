// sum_over_time and avg_over_time over windows of native histograms (Prometheus's histogram
// branches of funcSumOverTime/funcAvgOverTime): Kahan-compensated sums, the incremental mean once
// a sum overflows, counter-reset hints tracked for the collision warning.
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { HistogramError } from '../histogram/errors.js';
import type { HistogramSite } from './rate-histogram.js';
import { mixedSchemas } from './rate-histogram.js';

/** Sum (or mean) of the histograms from…to−1; undefined when their schemas cannot be combined. */
export function aggregateHistograms(h: readonly (FloatHistogram | undefined)[], from: number, to: number, mean: boolean, site: HistogramSite): FloatHistogram | undefined {
  let resetSeen = false;
  let notResetSeen = false;
  let reconciled = false;
  const track = (x: FloatHistogram) => {
    if (x.counterResetHint === 'reset') resetSeen = true;
    else if (x.counterResetHint === 'not_reset') notResetSeen = true;
  };
  try {
    return mean ? meanOf() : sumOf();
  } catch (err) {
    if (err instanceof HistogramError && err.kind === 'incompatible-schema') {
      mixedSchemas(site);
      return undefined;
    }
    throw err;
  } finally {
    if (resetSeen && notResetSeen) site.annotations.warn('conflicting counter resets during histogram aggregation', site.pos);
    if (reconciled) site.annotations.info('mismatched custom buckets were reconciled during aggregation', site.pos);
  }

  function sumOf(): FloatHistogram {
    let sum = h[from]!.copy();
    track(sum);
    let comp: FloatHistogram | undefined;
    for (let k = from + 1; k < to; k++) {
      track(h[k]!);
      const r = sum.kahanAdd(h[k]!, comp);
      comp = r.comp;
      if (r.nhcbBoundsReconciled) reconciled = true;
    }
    if (comp && sum.add(comp).nhcbBoundsReconciled) reconciled = true;
    return sum;
  }

  function meanOf(): FloatHistogram {
    const m = new HistogramMean(h[from]!);
    track(h[from]!);
    for (let k = from + 1; k < to; k++) {
      track(h[k]!);
      if (m.add(h[k]!)) reconciled = true;
    }
    return m.result();
  }

}

/**
 * Prometheus's mean of histograms (avg and avg_over_time): a Kahan-compensated sum while it does
 * not overflow, then the incremental mean. `add` throws HistogramError for incompatible schemas.
 */
export class HistogramMean {
  private sum: FloatHistogram;
  private mean: FloatHistogram | undefined;
  private comp: FloatHistogram | undefined;
  private count = 1;

  constructor(first: FloatHistogram) {
    this.sum = first.copy();
  }

  /** Adds one histogram; returns whether mismatched NHCB bounds were reconciled. */
  add(x: FloatHistogram): boolean {
    const count = ++this.count;
    let reconciled = false;
    if (!this.mean) {
      const next = this.sum.copy();
      const r = next.kahanAdd(x, this.comp?.copy());
      if (r.nhcbBoundsReconciled) reconciled = true;
      if (!next.hasOverflow()) {
        this.sum = next;
        this.comp = r.comp;
        return reconciled;
      }
      this.mean = this.sum.copy().div(count - 1);
      this.comp?.div(count - 1);
    }
    const q = (count - 1) / count;
    this.comp?.mul(q);
    const r = this.mean.mul(q).kahanAdd(x.copy().div(count), this.comp);
    this.comp = r.comp;
    return reconciled || r.nhcbBoundsReconciled;
  }

  /** The mean of everything added (changes this object's state: call once). */
  result(): FloatHistogram {
    if (this.mean) {
      if (this.comp) this.mean.add(this.comp);
      return this.mean;
    }
    this.sum.div(this.count);
    if (this.comp) this.sum.add(this.comp.div(this.count));
    return this.sum;
  }
}
