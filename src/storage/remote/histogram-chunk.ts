// Native-histogram chunks (Prometheus's tsdb/chunkenc EncHistogram and EncFloatHistogram) decoded
// into FloatHistograms with absolute float bucket counts, counter-reset hints as the TSDB gives them.
import { FloatHistogram } from '../../histogram/float-histogram.js';
import { CUSTOM_BUCKETS_SCHEMA, isExponentialSchema, type CounterResetHint, type Span } from '../../histogram/types.js';
import { STALE_NAN } from '../stale.js';
import { BitReader, wordsToFloat } from './bitstream.js';
import { corrupt } from './errors.js';
import { readVarbitInt, readVarbitUint } from './varbit.js';
import { readXorValue, type XorState } from './xor-chunk.js';

/** Histogram samples decoded from chunks, appended to plain arrays. */
export interface HistogramSampleSink {
  readonly timestamps: number[];
  readonly values: FloatHistogram[];
}

/** Byte 2 of a histogram chunk: the counter-reset header in its top two bits. */
const FLAG_POS = 2;
const HEADER_SIZE = 3;

interface Layout {
  schema: number;
  zeroThreshold: number;
  positiveSpans: Span[];
  negativeSpans: Span[];
  customValues: number[] | undefined;
  nPos: number;
  nNeg: number;
}

function readLayout(r: BitReader, where: string): Layout {
  const zt = r.bits(8);
  const zeroThreshold = zt === 0 ? 0 : zt === 255 ? r.float64() : 0.5 * 2 ** (zt - 243);
  const schema = readVarbitInt(r);
  if (!isExponentialSchema(schema) && schema !== CUSTOM_BUCKETS_SCHEMA) {
    throw corrupt(where, `unknown histogram schema ${schema}`);
  }
  const positiveSpans = readSpans(r);
  const negativeSpans = readSpans(r);
  let customValues: number[] | undefined;
  if (schema === CUSTOM_BUCKETS_SCHEMA) {
    const n = readVarbitUint(r);
    customValues = [];
    for (let i = 0; i < n; i++) {
      const b = readVarbitUint(r);
      customValues.push(b === 0 ? r.float64() : (b - 1) / 1000);
    }
  }
  const count = (ss: Span[]): number => ss.reduce((a, s) => a + s.length, 0);
  return { schema, zeroThreshold, positiveSpans, negativeSpans, customValues, nPos: count(positiveSpans), nNeg: count(negativeSpans) };
}

function readSpans(r: BitReader): Span[] {
  const n = readVarbitUint(r);
  const out: Span[] = [];
  for (let i = 0; i < n; i++) {
    const length = readVarbitUint(r);
    const offset = readVarbitInt(r);
    out.push({ offset, length });
  }
  return out;
}

/**
 * The hint of sample `i` of a chunk as Prometheus's TSDB reports it: every sample of a gauge
 * chunk is a gauge; later samples of a counter chunk are `not_reset`.
 *
 * Prometheus compatibility: the first sample is `unknown` even when the header says reset or
 * not-reset, because the previous chunk may be gone (tsdb/chunkenc counterResetHint).
 */
function hintOf(header: number, i: number): CounterResetHint {
  if (header === 0xc0) return 'gauge';
  return i > 0 ? 'not_reset' : 'unknown';
}

function isStaleWords(st: XorState): boolean {
  return st.hi === 0x7ff00000 && st.lo === 2;
}

function checkHeader(data: Uint8Array, where: string): number {
  if (data.length < HEADER_SIZE) throw corrupt(where, `${data.length} bytes, shorter than the 3-byte header`);
  return (data[0] << 8) | data[1];
}

function histogramOf(l: Layout, hint: CounterResetHint, count: number, zeroCount: number, sum: number, pos: number[], neg: number[]): FloatHistogram {
  return new FloatHistogram({
    counterResetHint: hint,
    schema: l.schema,
    zeroThreshold: l.zeroThreshold,
    zeroCount,
    count,
    sum,
    positiveSpans: l.positiveSpans,
    negativeSpans: l.negativeSpans,
    positiveBuckets: pos,
    negativeBuckets: neg,
    customValues: l.customValues,
  });
}

/**
 * Decodes an integer histogram chunk (EncHistogram; bucket counts delta-encoded within a sample,
 * delta-of-delta across samples) into FloatHistograms with absolute counts, appended to `out`.
 * A staleness marker comes out as a histogram whose `sum` is StaleNaN. Spans and custom bounds
 * are shared by the samples of a chunk (they never change within one).
 *
 * Throws a `corrupt` RemoteStorageError naming `where` on malformed data.
 */
export function decodeHistogramChunk(data: Uint8Array, out: HistogramSampleSink, where = 'histogram chunk'): number {
  const n = checkHeader(data, where);
  if (n === 0) return 0;
  const header = data[FLAG_POS] & 0xc0;
  const r = new BitReader(data, where, HEADER_SIZE);
  const l = readLayout(r, where);
  const pBuckets = new Array<number>(l.nPos).fill(0);
  const nBuckets = new Array<number>(l.nNeg).fill(0);
  const pDelta = new Array<number>(l.nPos).fill(0);
  const nDelta = new Array<number>(l.nNeg).fill(0);
  let t = readVarbitInt(r);
  let cnt = readVarbitUint(r);
  let zcnt = readVarbitUint(r);
  r.read64();
  const sum: XorState = { hi: r.hi, lo: r.lo, leading: 0, trailing: 0 };
  for (let i = 0; i < l.nPos; i++) pBuckets[i] = readVarbitInt(r);
  for (let i = 0; i < l.nNeg; i++) nBuckets[i] = readVarbitInt(r);
  out.timestamps.push(t);
  out.values.push(histogramOf(l, hintOf(header, 0), cnt, zcnt, wordsToFloat(sum.hi, sum.lo), cumulate(pBuckets), cumulate(nBuckets)));
  let tDelta = 0;
  let cntDelta = 0;
  let zcntDelta = 0;
  for (let s = 1; s < n; s++) {
    tDelta += readVarbitInt(r);
    t += tDelta;
    cntDelta += readVarbitInt(r);
    cnt += cntDelta;
    zcntDelta += readVarbitInt(r);
    zcnt += zcntDelta;
    readXorValue(r, sum, where);
    out.timestamps.push(t);
    if (isStaleWords(sum)) {
      out.values.push(new FloatHistogram({ sum: STALE_NAN }));
      continue;
    }
    for (let i = 0; i < l.nPos; i++) {
      pDelta[i] += readVarbitInt(r);
      pBuckets[i] += pDelta[i];
    }
    for (let i = 0; i < l.nNeg; i++) {
      nDelta[i] += readVarbitInt(r);
      nBuckets[i] += nDelta[i];
    }
    out.values.push(histogramOf(l, hintOf(header, s), cnt, zcnt, wordsToFloat(sum.hi, sum.lo), cumulate(pBuckets), cumulate(nBuckets)));
  }
  return n;
}

/** Absolute float counts from bucket deltas (each bucket relative to the previous one). */
function cumulate(deltas: number[]): number[] {
  const out = new Array<number>(deltas.length);
  let cur = 0;
  for (let i = 0; i < deltas.length; i++) {
    cur += deltas[i];
    out[i] = cur;
  }
  return out;
}

/**
 * Decodes a float histogram chunk (EncFloatHistogram; every field XOR-encoded against the
 * previous sample) into FloatHistograms appended to `out`; otherwise as {@link decodeHistogramChunk}.
 */
export function decodeFloatHistogramChunk(data: Uint8Array, out: HistogramSampleSink, where = 'float histogram chunk'): number {
  const n = checkHeader(data, where);
  if (n === 0) return 0;
  const header = data[FLAG_POS] & 0xc0;
  const r = new BitReader(data, where, HEADER_SIZE);
  const l = readLayout(r, where);
  let t = readVarbitInt(r);
  const first = (): XorState => {
    r.read64();
    return { hi: r.hi, lo: r.lo, leading: 0, trailing: 0 };
  };
  const cnt = first();
  const zcnt = first();
  const sum = first();
  const pos: XorState[] = [];
  const neg: XorState[] = [];
  for (let i = 0; i < l.nPos; i++) pos.push(first());
  for (let i = 0; i < l.nNeg; i++) neg.push(first());
  const emit = (s: number): void => {
    out.values.push(histogramOf(l, hintOf(header, s), asFloat(cnt), asFloat(zcnt), asFloat(sum), pos.map(asFloat), neg.map(asFloat)));
  };
  out.timestamps.push(t);
  emit(0);
  let tDelta = 0;
  for (let s = 1; s < n; s++) {
    tDelta += readVarbitInt(r);
    t += tDelta;
    readXorValue(r, cnt, where);
    readXorValue(r, zcnt, where);
    readXorValue(r, sum, where);
    out.timestamps.push(t);
    if (isStaleWords(sum)) {
      out.values.push(new FloatHistogram({ sum: STALE_NAN }));
      continue;
    }
    for (const st of pos) readXorValue(r, st, where);
    for (const st of neg) readXorValue(r, st, where);
    emit(s);
  }
  return n;
}

function asFloat(st: XorState): number {
  return wordsToFloat(st.hi, st.lo);
}
