// Loading the generated data into both sides: Prometheus through its remote-write receiver (in
// time order, so the head never sees an out-of-order sample), and promql-ts's MemoryStorage with
// FloatHistogram objects whose counter-reset hints are the ones a TSDB reads back.
import { remoteWrite } from './remote-write.mjs';

/** Sends every point to Prometheus, in time slices of `sliceMs` (all series per request). */
export async function loadIntoPrometheus(base, data, sliceMs = 300_000) {
  const all = data.series.flatMap((s) => s.points.map((p) => p.t));
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  // First one request with the first point of every series, in the data's order: the head
  // numbers series as it creates them, and hands them to `sum`, `limitk`… in that order.
  await remoteWrite(base, data.series.map((s) => {
    const p = s.points[0];
    return p.type === 'h' ? { labels: s.labels, histograms: [{ t: p.t, h: p.h }] } : { labels: s.labels, samples: [{ t: p.t, v: p.v }] };
  }));
  const cursors = data.series.map(() => 1);
  // A stale marker goes out as a float StaleNaN; the TSDB stores it as a histogram marker when
  // the series' last sample was a histogram.
  for (let from = lo; from <= hi; from += sliceMs) {
    const plain = [];
    const single = [];
    data.series.forEach((s, k) => {
      const samples = [];
      const histograms = [];
      while (cursors[k] < s.points.length && s.points[cursors[k]].t < from + sliceMs) {
        const p = s.points[cursors[k]++];
        if (p.type === 'h') histograms.push({ t: p.t, h: p.h });
        else samples.push({ t: p.t, v: p.type === 'stale' ? STALE_NAN_VALUE : p.v, stale: p.type === 'stale' });
      }
      // A TimeSeries is appended floats first, then histograms: a series that switches type
      // within the slice is sent one point per request, in time order.
      // A float StaleNaN after a histogram becomes a histogram stale marker, also committed after
      // the floats of its request (and then dropped as out of order): send those alone too.
      if ((samples.length && histograms.length) || (samples.length > 1 && samples.some((x) => x.stale))) {
        const points = [...samples.map((x) => ({ labels: s.labels, samples: [x] })), ...histograms.map((x) => ({ labels: s.labels, histograms: [x] }))];
        single.push(...points.sort((a, b) => (a.samples ?? a.histograms)[0].t - (b.samples ?? b.histograms)[0].t));
      } else if (samples.length || histograms.length) plain.push({ labels: s.labels, samples, histograms });
    });
    if (plain.length) await remoteWrite(base, plain);
    for (const b of single) await remoteWrite(base, [b]);
  }
}

/** Prometheus's staleness marker bits (value.StaleNaN). */
const STALE_NAN_VALUE = new Float64Array(new BigUint64Array([0x7ff0000000000002n]).buffer)[0];

/**
 * Loads the data into `storage` (a MemoryStorage) as FloatHistogram objects with the hint the
 * sender gives (`unknown` for counters, `gauge`): the storage reads them back with the hints a
 * TSDB's chunks give (PROMQL-REFERENCE h.7), as Prometheus's head does with the remote-written
 * samples. Stale markers are float staleness markers, which end a run of histograms.
 */
export function loadIntoOurs(storage, data, { FloatHistogram, labelsFrom, STALE_NAN }) {
  for (const s of data.series) {
    const labels = labelsFrom(s.labels);
    for (const p of s.points) {
      if (p.type === 'f') storage.append(labels, p.t, p.v);
      else if (p.type === 'stale') storage.append(labels, p.t, STALE_NAN, true);
      else {
        const h = p.h;
        const custom = h.schema === -53;
        storage.appendHistogram(labels, p.t, new FloatHistogram({
          counterResetHint: h.hint,
          schema: h.schema,
          zeroThreshold: h.zeroThreshold,
          zeroCount: h.zeroCount,
          count: h.count,
          sum: h.sum,
          positiveSpans: h.positiveSpans.map((x) => ({ ...x })),
          positiveBuckets: h.positiveBuckets.slice(),
          negativeSpans: custom ? [] : h.negativeSpans.map((x) => ({ ...x })),
          negativeBuckets: custom ? [] : h.negativeBuckets.slice(),
          customValues: custom ? h.customValues : undefined,
        }));
      }
    }
  }
}
