// The remote-read messages as plain TypeScript objects (proto/remote-read.proto); int64 fields
// are numbers (exact up to 2^53 ms, far beyond any real timestamp).

/** `ReadRequest.ResponseType`. */
export const ResponseType = { SAMPLES: 0, STREAMED_XOR_CHUNKS: 1 } as const;
/** `LabelMatcher.Type`. */
export const MatcherType = { EQ: 0, NEQ: 1, RE: 2, NRE: 3 } as const;
/** `Chunk.Encoding`. */
export const ChunkEncoding = { UNKNOWN: 0, XOR: 1, HISTOGRAM: 2, FLOAT_HISTOGRAM: 3, XOR2: 4, HISTOGRAM_ST: 5, FLOAT_HISTOGRAM_ST: 6 } as const;
/** `Histogram.ResetHint`. */
export const ResetHint = { UNKNOWN: 0, YES: 1, NO: 2, GAUGE: 3 } as const;

/** `prometheus.Label`. */
export interface PbLabel { name: string; value: string }
/** `prometheus.LabelMatcher`; `type` is a {@link MatcherType}. */
export interface PbMatcher { type: number; name: string; value: string }
/** `prometheus.ReadHints`. */
export interface PbReadHints {
  stepMs: number;
  func: string;
  startMs: number;
  endMs: number;
  grouping: string[];
  by: boolean;
  rangeMs: number;
}
/** `prometheus.Query`. */
export interface PbQuery {
  startTimestampMs: number;
  endTimestampMs: number;
  matchers: PbMatcher[];
  hints?: PbReadHints;
}
/** `prometheus.ReadRequest`; `acceptedResponseTypes` holds {@link ResponseType} values. */
export interface PbReadRequest { queries: PbQuery[]; acceptedResponseTypes: number[] }
/**
 * `prometheus.Sample`. `stale` is set by the decoder when the value's bits are StaleNaN and makes
 * the encoder write StaleNaN (JavaScript may not keep a NaN's bits in `value`).
 */
export interface PbSample { value: number; timestamp: number; stale?: boolean }
/** `prometheus.BucketSpan`. */
export interface PbSpan { offset: number; length: number }
/**
 * `prometheus.Histogram`: integer histograms set `countInt`/`zeroCountInt` and the `*Deltas`;
 * float histograms set `countFloat`/`zeroCountFloat` and the `*Counts`.
 */
export interface PbHistogram {
  countInt?: number;
  countFloat?: number;
  sum: number;
  schema: number;
  zeroThreshold: number;
  zeroCountInt?: number;
  zeroCountFloat?: number;
  negativeSpans: PbSpan[];
  negativeDeltas: number[];
  negativeCounts: number[];
  positiveSpans: PbSpan[];
  positiveDeltas: number[];
  positiveCounts: number[];
  /** A {@link ResetHint}. */
  resetHint: number;
  timestamp: number;
  customValues: number[];
}
/** `prometheus.TimeSeries` (exemplars are not carried). */
export interface PbTimeSeries { labels: PbLabel[]; samples: PbSample[]; histograms: PbHistogram[] }
/** `prometheus.QueryResult`. */
export interface PbQueryResult { timeseries: PbTimeSeries[] }
/** `prometheus.ReadResponse`. */
export interface PbReadResponse { results: PbQueryResult[] }
/** `prometheus.Chunk`; `type` is a {@link ChunkEncoding}. */
export interface PbChunk { minTimeMs: number; maxTimeMs: number; type: number; data: Uint8Array }
/** `prometheus.ChunkedSeries`. */
export interface PbChunkedSeries { labels: PbLabel[]; chunks: PbChunk[] }
/** `prometheus.ChunkedReadResponse`. */
export interface PbChunkedReadResponse { chunkedSeries: PbChunkedSeries[]; queryIndex: number }
/** `prometheus.WriteRequest` (remote write 1.0; metadata not carried). */
export interface PbWriteRequest { timeseries: PbTimeSeries[] }

/** A `PbHistogram` with every field at its zero value, overridden by `init`. */
export function pbHistogram(init: Partial<PbHistogram> = {}): PbHistogram {
  return {
    sum: 0, schema: 0, zeroThreshold: 0,
    negativeSpans: [], negativeDeltas: [], negativeCounts: [],
    positiveSpans: [], positiveDeltas: [], positiveCounts: [],
    resetHint: 0, timestamp: 0, customValues: [],
    ...init,
  };
}
