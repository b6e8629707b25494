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
    let sum = h[from]!.copy();
    track(sum);
    let avg: FloatHistogram | undefined;
    let comp: FloatHistogram | undefined;
    let incremental = false;
    let count = 1;
    for (let k = from + 1; k < to; k++) {
      const x = h[k]!;
      track(x);
      count = k - from + 1;
      if (!incremental) {
        const next = sum.copy();
        const r = next.kahanAdd(x, comp?.copy());
        if (r.nhcbBoundsReconciled) reconciled = true;
        if (!next.hasOverflow()) {
          sum = next;
          comp = r.comp;
          continue;
        }
        incremental = true;
        avg = sum.copy().div(count - 1);
        comp?.div(count - 1);
      }
      const q = (count - 1) / count;
      comp?.mul(q);
      const r = avg!.mul(q).kahanAdd(x.copy().div(count), comp);
      comp = r.comp;
      if (r.nhcbBoundsReconciled) reconciled = true;
    }
    if (incremental) {
      if (comp) avg!.add(comp);
      return avg!;
    }
    if (comp) {
      sum.div(count).add(comp.div(count));
      return sum;
    }
    return sum.div(count);
  }
}
