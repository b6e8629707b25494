// The remote-read wire format in one place: protobuf messages, snappy, frames, chunk codecs.
// For servers (`/api/v1/read`) and tools; RemoteReadStorage uses the same functions.
export { encodeReadRequest, encodeReadResponse, encodeChunkedReadResponse, encodeWriteRequest } from './prompb-encode.js';
export { decodeReadRequest, decodeReadResponse, decodeChunkedReadResponse, decodeWriteRequest } from './prompb-decode.js';
export { ResponseType, MatcherType, ChunkEncoding, ResetHint, pbHistogram } from './prompb.js';
export type {
  PbLabel, PbMatcher, PbReadHints, PbQuery, PbReadRequest, PbSample, PbSpan, PbHistogram, PbTimeSeries,
  PbQueryResult, PbReadResponse, PbChunk, PbChunkedSeries, PbChunkedReadResponse, PbWriteRequest,
} from './prompb.js';
export { snappyEncode, snappyDecode } from './snappy.js';
export { encodeFrame, readFrames, DEFAULT_FRAME_LIMIT } from './framing.js';
export { crc32c } from './crc32c.js';
export { encodeXORChunk, decodeXORChunk } from './xor-chunk.js';
export type { FloatSampleSink } from './xor-chunk.js';
export { decodeHistogramChunk, decodeFloatHistogramChunk } from './histogram-chunk.js';
export { encodeFloatHistogramChunk, floatHistogramChunks } from './histogram-chunk-encode.js';
export type { HistogramSampleSink } from './histogram-chunk.js';
export { fromPbHistogram } from './series-builder.js';
