// Series that hold native histograms: the storage hands floats and histograms in two arrays; the
// selectors read one time-ordered sequence, so such a series is merged once after the fetch.
import type { Series } from '../storage/types.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { isStaleNaN } from '../storage/stale.js';
import { StoredView } from '../storage/contract.js';

/**
 * A fetched series with floats and histograms merged in time order: `hist[j]` is set where sample
 * j is a histogram (then `values[j]` is 0, as a Go Sample's F). A histogram whose sum is StaleNaN is a staleness
 * marker (Prometheus writes them so) and is flagged in `stale`.
 */
export interface MixedSeries extends Series {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  readonly stale: Uint8Array;
  readonly hist: (FloatHistogram | undefined)[];
}

/** The histograms of a merged series, if it has any. */
export function histogramsOf(s: Series): (FloatHistogram | undefined)[] | undefined {
  return (s as Partial<MixedSeries>).hist;
}

// Zeros shared by the histogram-only series of every query (values and flags nothing writes):
// grown to the longest such series of up to SHARED_ZEROS_MAX samples.
const SHARED_ZEROS_MAX = 1 << 16;
let zeroValues = new Float64Array(0);
let zeroFlags = new Uint8Array(0);

/**
 * A series of histograms only, none a staleness marker, no start timestamps: its histograms as
 * they are and zeros shared for its values and flags; undefined for any other.
 */
function histogramsOnly(s: Series, h: NonNullable<Series['histograms']>): MixedSeries | undefined {
  const n = h.timestamps.length;
  if (s.timestamps.length > 0 || h.startTimestamps || s.startTimestamps || n > SHARED_ZEROS_MAX || !Array.isArray(h.values)) return undefined;
  const hv = h.values;
  // A MemoryStorage view says whether it holds a marker: the scan reads every histogram.
  if (!(s instanceof StoredView && s.histogramsWithoutMarkers)) for (let k = 0; k < n; k++) if (isStaleNaN(hv[k].sum)) return undefined;
  if (zeroValues.length < n) {
    zeroValues = new Float64Array(Math.min(SHARED_ZEROS_MAX, Math.max(n, 2 * zeroValues.length)));
    zeroFlags = new Uint8Array(zeroValues.length);
  }
  const { histograms: _, ...rest } = s;
  return {
    ...rest,
    timestamps: h.timestamps instanceof Float64Array ? h.timestamps : new Float64Array(h.timestamps),
    values: zeroValues.subarray(0, n), stale: zeroFlags.subarray(0, n), hist: hv as FloatHistogram[],
  };
}

/** Merges the float and histogram samples of `s` when it has histograms; returns `s` otherwise. */
export function mergeHistograms(s: Series): Series {
  const h = s.histograms;
  if (!h || h.timestamps.length === 0) return s;
  const only = histogramsOnly(s, h);
  if (only) return only;
  const ft = s.timestamps;
  const n = ft.length + h.timestamps.length;
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  const stale = new Uint8Array(n);
  const hist: (FloatHistogram | undefined)[] = new Array(n);
  const fst = s.startTimestamps;
  const hst = h.startTimestamps;
  const starts = fst || hst ? new Float64Array(n) : undefined;
  let a = 0;
  let b = 0;
  for (let k = 0; k < n; k++) {
    if (b >= h.timestamps.length || (a < ft.length && ft[a] < h.timestamps[b])) {
      timestamps[k] = ft[a];
      const v = s.values[a];
      values[k] = v;
      stale[k] = (s.stale && s.stale[a]) || isStaleNaN(v) ? 1 : 0;
      if (starts && fst) starts[k] = fst[a];
      a++;
    } else {
      const fh = h.values[b] as FloatHistogram;
      timestamps[k] = h.timestamps[b];
      values[k] = 0;
      if (isStaleNaN(fh.sum)) stale[k] = 1;
      else hist[k] = fh;
      if (starts && hst) starts[k] = hst[b];
      b++;
    }
  }
  const { histograms: _, ...rest } = s;
  return { ...rest, timestamps, values, stale, hist, ...(starts ? { startTimestamps: starts } : {}) } as MixedSeries;
}
