// The native-histogram half of the side-by-side fixture: exponential-bucket counter histograms
// (schema 3, as Go clients default to) with counter resets, one series per target and operation.
import { Rng } from '../../tools/differential/rng.mjs';
import { compareLabelSets } from '../../tools/differential/native-histograms/generate.mjs';
import { DEFAULT_SHAPE, targets, sampleTimes, logNormal } from './fixture.mjs';

/** The metric name of the native histograms. */
export const NH_METRIC = 'bench_nh_request_duration_seconds';
const OPS = ['read', 'write', 'list', 'watch'];
const SCHEMA = 3;
/** Prometheus's default zero threshold (2^-128). */
const ZERO_THRESHOLD = 2.938735877055719e-39;
/** Observations a counter starts with. */
const BASELINE = 300;

/** Spans and absolute counts of the populated buckets `index → count`, `idxs` their sorted indexes. */
function spansOf(buckets, idxs) {
  const spans = [];
  const counts = [];
  let end = null;
  for (const i of idxs) {
    if (end === i) spans[spans.length - 1].length++;
    else spans.push({ offset: end === null ? i : i - end, length: 1 });
    counts.push(buckets.get(i));
    end = i + 1;
  }
  return { spans, counts };
}

/**
 * One counter histogram's points: a few observations per scrape, a reset now and then. Counters
 * start, and restart after a reset, from a baseline of observations: rate extrapolation then
 * never reaches a zero count, where Prometheus 3.5 and main differ (3.6 limits it there).
 */
function points(rng, times, median) {
  let buckets;
  let idxs;
  let count;
  let sum;
  const observe = (n) => {
    for (let k = n; k > 0; k--) {
      const v = Math.round(logNormal(rng, median, 0.7) * 1e4) / 1e4;
      const idx = Math.ceil(Math.log2(v) * 2 ** SCHEMA);
      const c = buckets.get(idx);
      if (c === undefined) {
        let at = idxs.length;
        while (at > 0 && idxs[at - 1] > idx) at--;
        idxs.splice(at, 0, idx);
      }
      buckets.set(idx, (c ?? 0) + 1);
      count++;
      sum += v;
    }
  };
  const restart = () => {
    buckets = new Map();
    idxs = [];
    count = 0;
    sum = 0;
    observe(BASELINE);
  };
  restart();
  const out = [];
  for (let i = 0; i < times.length; i++) {
    if (i > 0 && rng.chance(0.0005)) restart();
    observe(rng.int(0, 20));
    const { spans, counts } = spansOf(buckets, idxs);
    out.push({
      t: times[i], type: 'h',
      h: {
        isInt: true, hint: 'unknown', schema: SCHEMA, count, sum, zeroThreshold: ZERO_THRESHOLD, zeroCount: 0,
        positiveSpans: spans, positiveBuckets: counts, negativeSpans: [], negativeBuckets: [],
      },
    });
  }
  return out;
}

/**
 * The native histograms of a shape, in the form tools/differential/native-histograms/load.mjs
 * loads into both sides: `{ series: [{ labels, points }], samples }`, series sorted by labels
 * (the order of a TSDB block's postings, which sums follow).
 */
export function generateHistograms(shape = DEFAULT_SHAPE) {
  const rng = new Rng(shape.seed * 104_729 + 3);
  const series = [];
  for (const target of targets(shape)) {
    const times = sampleTimes(shape, target.phase);
    OPS.forEach((op, k) => {
      const labels = { __name__: NH_METRIC, job: target.job, instance: target.instance, op };
      series.push({ labels, points: points(rng, times, 0.02 * 3 ** k) });
    });
  }
  series.sort((a, b) => compareLabelSets(a.labels, b.labels));
  return { series, samples: series.reduce((n, s) => n + s.points.length, 0) };
}
