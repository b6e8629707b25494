// Turns remote-read answers (chunked series or raw samples) into Series of the storage contract:
// chunks decoded by encoding, consecutive frames of one series joined, samples in time order.
import { FloatHistogram } from '../../histogram/float-histogram.js';
import { CUSTOM_BUCKETS_SCHEMA, type CounterResetHint } from '../../histogram/types.js';
import { formatLabels, type Label, type Labels } from '../labels.js';
import { STALE_NAN } from '../stale.js';
import type { Series } from '../types.js';
import { corrupt, RemoteStorageError } from './errors.js';
import { decodeFloatHistogramChunk, decodeHistogramChunk } from './histogram-chunk.js';
import { ChunkEncoding, type PbChunk, type PbHistogram, type PbLabel, type PbTimeSeries } from './prompb.js';
import { decodeXORChunk } from './xor-chunk.js';

/**
 * Collects the samples of one series as they arrive, then builds its Series.
 * @internal
 */
export class SeriesAccumulator {
  readonly floats = { timestamps: [] as number[], values: [] as number[], stale: [] as number[] };
  readonly hists = { timestamps: [] as number[], values: [] as FloatHistogram[] };

  constructor(readonly labels: Labels) {}

  /** Decodes one chunk into the accumulator. Unknown encodings are an error, never skipped. */
  addChunk(c: PbChunk): void {
    const where = `${encodingName(c.type)} chunk [${c.minTimeMs}, ${c.maxTimeMs}] of ${formatLabels(this.labels)}`;
    switch (c.type) {
      case ChunkEncoding.XOR:
        decodeXORChunk(c.data, this.floats, where);
        return;
      case ChunkEncoding.HISTOGRAM:
        decodeHistogramChunk(c.data, this.hists, where);
        return;
      case ChunkEncoding.FLOAT_HISTOGRAM:
        decodeFloatHistogramChunk(c.data, this.hists, where);
        return;
      default:
        throw corrupt(where, `chunk encoding ${c.type} (${encodingName(c.type)}) is not supported`);
    }
  }

  /** Adds the raw samples and histograms of a SAMPLES-response series. */
  addTimeSeries(ts: PbTimeSeries): void {
    const f = this.floats;
    for (const s of ts.samples) {
      if (s.stale) f.stale.push(f.values.length);
      f.timestamps.push(s.timestamp);
      f.values.push(s.stale ? STALE_NAN : s.value);
    }
    for (const h of ts.histograms) {
      this.hists.timestamps.push(h.timestamp);
      this.hists.values.push(fromPbHistogram(h, this.labels));
    }
  }

  /** The finished Series: typed arrays, samples ascending and unique by timestamp. */
  build(): Series {
    const f = sortedFloats(this.floats);
    const n = f.timestamps.length;
    const timestamps = Float64Array.from(f.timestamps);
    const values = Float64Array.from(f.values);
    let stale: Uint8Array | undefined;
    if (f.stale.length > 0) {
      stale = new Uint8Array(n);
      for (const i of f.stale) stale[i] = 1;
    }
    const h = sortedHists(this.hists);
    return {
      labels: this.labels,
      timestamps,
      values,
      ...(stale ? { stale } : {}),
      ...(h.timestamps.length > 0 ? { histograms: { timestamps: Float64Array.from(h.timestamps), values: h.values } } : {}),
    };
  }
}

/**
 * Puts samples in time order, keeping the last of equal timestamps. Chunks of one series arrive
 * in time order and do not overlap in Prometheus's answers; this only guards other servers.
 */
function sortedFloats(f: { timestamps: number[]; values: number[]; stale: number[] }): { timestamps: number[]; values: number[]; stale: number[] } {
  if (isStrictlyAscending(f.timestamps)) return f;
  const staleSet = new Set(f.stale);
  const order = f.timestamps.map((_, i) => i).sort((a, b) => f.timestamps[a] - f.timestamps[b] || a - b);
  const out = { timestamps: [] as number[], values: [] as number[], stale: [] as number[] };
  for (const i of order) {
    const t = f.timestamps[i];
    if (out.timestamps.length > 0 && out.timestamps[out.timestamps.length - 1] === t) {
      out.timestamps.pop();
      out.values.pop();
      if (out.stale[out.stale.length - 1] === out.values.length) out.stale.pop();
    }
    if (staleSet.has(i)) out.stale.push(out.values.length);
    out.timestamps.push(t);
    out.values.push(f.values[i]);
  }
  return out;
}

function sortedHists(h: { timestamps: number[]; values: FloatHistogram[] }): { timestamps: number[]; values: FloatHistogram[] } {
  if (isStrictlyAscending(h.timestamps)) return h;
  const order = h.timestamps.map((_, i) => i).sort((a, b) => h.timestamps[a] - h.timestamps[b] || a - b);
  const out = { timestamps: [] as number[], values: [] as FloatHistogram[] };
  for (const i of order) {
    if (out.timestamps.length > 0 && out.timestamps[out.timestamps.length - 1] === h.timestamps[i]) {
      out.timestamps.pop();
      out.values.pop();
    }
    out.timestamps.push(h.timestamps[i]);
    out.values.push(h.values[i]);
  }
  return out;
}

function isStrictlyAscending(ts: number[]): boolean {
  for (let i = 1; i < ts.length; i++) if (!(ts[i] > ts[i - 1])) return false;
  return true;
}

/** Labels of a protobuf series; empty values dropped, as Prometheus's labels do. */
export function labelsOf(pb: readonly PbLabel[]): Labels {
  const out: Label[] = [];
  for (const l of pb) if (l.value !== '') out.push({ name: l.name, value: l.value });
  return out;
}

/** Whether two label sets are equal. */
export function sameLabels(a: Labels, b: Labels): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].name !== b[i].name || a[i].value !== b[i].value) return false;
  return true;
}

const HINTS: readonly CounterResetHint[] = ['unknown', 'reset', 'not_reset', 'gauge'];

/**
 * A FloatHistogram from a protobuf `Histogram`: integer histograms' bucket deltas become absolute
 * counts. A StaleNaN sum stays in `sum` (the value is a staleness marker). A custom-bucket
 * histogram without bounds is a `protocol` error naming `series`.
 */
export function fromPbHistogram(h: PbHistogram, series: Labels = []): FloatHistogram {
  if (h.schema === CUSTOM_BUCKETS_SCHEMA && h.customValues.length === 0 && (h.positiveSpans.length > 0 || h.countFloat || h.countInt)) {
    // Prometheus before 3.6 (issue 17794) drops the bounds from SAMPLES answers; without them
    // the buckets mean nothing, so this is an error rather than a wrong answer.
    throw new RemoteStorageError('protocol', `remote read: custom-bucket histogram of ${formatLabels(series)} at ${h.timestamp} came without its bucket bounds (a Prometheus older than 3.6 answering with SAMPLES; use the streamed response)`);
  }
  const isInt = h.countFloat === undefined && h.zeroCountFloat === undefined && h.positiveCounts.length === 0 && h.negativeCounts.length === 0;
  const abs = (deltas: number[]): number[] => {
    let cur = 0;
    return deltas.map((d) => (cur += d));
  };
  return new FloatHistogram({
    counterResetHint: HINTS[h.resetHint] ?? 'unknown',
    schema: h.schema,
    zeroThreshold: h.zeroThreshold,
    zeroCount: isInt ? h.zeroCountInt ?? 0 : h.zeroCountFloat ?? 0,
    count: isInt ? h.countInt ?? 0 : h.countFloat ?? 0,
    sum: h.sum,
    positiveSpans: h.positiveSpans.map((s) => ({ offset: s.offset, length: s.length })),
    negativeSpans: h.negativeSpans.map((s) => ({ offset: s.offset, length: s.length })),
    positiveBuckets: isInt ? abs(h.positiveDeltas) : h.positiveCounts.slice(),
    negativeBuckets: isInt ? abs(h.negativeDeltas) : h.negativeCounts.slice(),
    ...(h.customValues.length > 0 ? { customValues: h.customValues.slice() } : {}),
  });
}

function encodingName(t: number): string {
  const e = Object.entries(ChunkEncoding).find(([, v]) => v === t);
  return e ? e[0] : `#${t}`;
}
