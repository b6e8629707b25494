// Native-histogram series for the remote-read tests: what is pushed with remote write and what
// reading it back must give.
import { FloatHistogram } from '../../../src/histogram/float-histogram.js';
import { pbHistogram, ResetHint, type PbHistogram, type PbTimeSeries } from '../../../src/storage/remote/prompb.js';

/** First sample time: an hour ago, so that the head takes the samples. */
export const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 3600_000;
/** Samples per series. */
export const N = 200;

/** Integer histogram i: buckets grow with `k`, spans fixed; by default a reset at sample 120. */
function intHistogram(t0: number, i: number, hint = 0, k = i >= 120 ? i - 120 : i): PbHistogram {
  const counts = [k, 2 * k + 1, 3, k % 7];
  const neg = [k + 2];
  const deltas = (cs: number[]): number[] => cs.map((c, j) => c - (j === 0 ? 0 : cs[j - 1]));
  const total = counts.reduce((a, b) => a + b, 0) + neg[0] + k;
  return pbHistogram({
    countInt: total, zeroCountInt: k, sum: 1.5 * k + 0.25, schema: 1, zeroThreshold: 0.001,
    positiveSpans: [{ offset: -1, length: 2 }, { offset: 3, length: 2 }], positiveDeltas: deltas(counts),
    negativeSpans: [{ offset: 2, length: 1 }], negativeDeltas: deltas(neg), resetHint: hint, timestamp: t0 + i * 15_000,
  });
}

function floatHistogram(t0: number, i: number, hint = 0): PbHistogram {
  const counts = [0.5 * i, i / 3, 1e-3 * i];
  return pbHistogram({
    countFloat: counts.reduce((a, b) => a + b, 0), zeroCountFloat: 0, sum: Math.sqrt(i) * 10, schema: -2,
    positiveSpans: [{ offset: 0, length: 3 }], positiveCounts: counts, resetHint: hint, timestamp: t0 + i * 15_000,
  });
}

function nhcb(t0: number, i: number): PbHistogram {
  const counts = [i, 2 * i, 3 * i];
  return pbHistogram({
    countFloat: 6 * i, sum: i * 0.7, schema: -53, customValues: [0.1, 0.25, 1],
    positiveSpans: [{ offset: 0, length: 3 }], positiveCounts: counts, timestamp: t0 + i * 15_000,
  });
}

/** The pushed series for a first sample at `t0`: integer (with a reset), float, gauge and custom-bucket histograms. */
export function seriesAt(t0: number): PbTimeSeries[] {
  return [
    { labels: [{ name: '__name__', value: 'nh_int' }], samples: [], histograms: Array.from({ length: N }, (_, i) => intHistogram(t0, i)) },
    { labels: [{ name: '__name__', value: 'nh_float' }], samples: [], histograms: Array.from({ length: N }, (_, i) => floatHistogram(t0, i)) },
    { labels: [{ name: '__name__', value: 'nh_gauge' }], samples: [], histograms: Array.from({ length: N }, (_, i) => intHistogram(t0, i, ResetHint.GAUGE, (N - i) % 50)) },
    { labels: [{ name: '__name__', value: 'nh_custom' }], samples: [], histograms: Array.from({ length: N }, (_, i) => nhcb(t0, i)) },
  ];
}

/** The series pushed by the tests that run a server. */
export const SERIES: PbTimeSeries[] = seriesAt(T0);

/** What the pushed histogram should read back as (counts absolute, spans as sent). */
export function expected(h: PbHistogram): Omit<FloatHistogram, 'counterResetHint' | 'copy' | 'usesCustomBuckets'> {
  const abs = (d: number[]): number[] => {
    let c = 0;
    return d.map((x) => (c += x));
  };
  const isInt = h.countInt !== undefined;
  return {
    schema: h.schema, zeroThreshold: h.zeroThreshold, zeroCount: isInt ? h.zeroCountInt ?? 0 : h.zeroCountFloat ?? 0,
    count: isInt ? h.countInt ?? 0 : h.countFloat ?? 0, sum: h.sum,
    positiveSpans: h.positiveSpans, negativeSpans: h.negativeSpans,
    positiveBuckets: isInt ? abs(h.positiveDeltas) : h.positiveCounts, negativeBuckets: isInt ? abs(h.negativeDeltas) : h.negativeCounts,
    customValues: h.customValues.length > 0 ? h.customValues : undefined,
  };
}

/** A FloatHistogram without its hint, spans as plain arrays, for comparison. */
export function strip(h: FloatHistogram): Omit<FloatHistogram, 'counterResetHint' | 'copy' | 'usesCustomBuckets'> {
  const { counterResetHint: _, ...rest } = h;
  return { ...rest, positiveSpans: [...h.positiveSpans], negativeSpans: [...h.negativeSpans] };
}

