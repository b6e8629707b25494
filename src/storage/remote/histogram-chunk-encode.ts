// Encoding of float-histogram chunks (Prometheus's EncFloatHistogram, as its
// FloatHistogramAppender writes them), and the cutting of a histogram series into such chunks.
import type { FloatHistogram } from '../../histogram/float-histogram.js';
import { CUSTOM_BUCKETS_SCHEMA, type Span } from '../../histogram/types.js';
import { isStaleNaN, STALE_NAN } from '../stale.js';
import { BitWriter, floatToWords } from './bitstream.js';
import { ChunkEncoding, type PbChunk } from './prompb.js';
import { writeVarbitInt, writeVarbitUint } from './varbit.js';
import { writeXorValue, type XorState } from './xor-chunk.js';

const words: [number, number] = [0, 0];

function state(v: number): XorState {
  floatToWords(v, words);
  return { hi: words[0], lo: words[1], leading: 0xff, trailing: 0 };
}

function writeSpans(w: BitWriter, spans: readonly Span[]): void {
  writeVarbitUint(w, spans.length);
  for (const s of spans) {
    writeVarbitUint(w, s.length);
    writeVarbitInt(w, s.offset);
  }
}

function writeZeroThreshold(w: BitWriter, t: number): void {
  if (t === 0) return w.bits(0, 8);
  const e = Math.log2(t) + 1;
  if (Number.isInteger(e) && 0.5 * 2 ** e === t && e >= -242 && e <= 11) return w.bits(e + 243, 8);
  w.bits(255, 8);
  w.float64(t);
}

function writeCustomBound(w: BitWriter, f: number): void {
  const tf = f * 1000;
  if (tf < 0 || tf > 33554430 || Math.round(tf) / 1000 !== f) {
    w.bit(0);
    w.float64(f);
    return;
  }
  writeVarbitUint(w, Math.round(tf) + 1);
}

function sameSpans(a: readonly Span[], b: readonly Span[]): boolean {
  return a.length === b.length && a.every((s, i) => s.offset === b[i].offset && s.length === b[i].length);
}

/** Whether two histograms share a chunk layout (schema, zero threshold, spans, custom bounds). */
export function sameLayout(a: FloatHistogram, b: FloatHistogram): boolean {
  const ca = a.customValues ?? [];
  const cb = b.customValues ?? [];
  return a.schema === b.schema && a.zeroThreshold === b.zeroThreshold && sameSpans(a.positiveSpans, b.positiveSpans)
    && sameSpans(a.negativeSpans, b.negativeSpans) && ca.length === cb.length && ca.every((v, i) => v === cb[i]);
}

/**
 * Encodes histograms as one FLOAT_HISTOGRAM chunk, header included. Every histogram that is not
 * a staleness marker (flagged in `stale`, or with a StaleNaN sum) must share the first one's
 * layout; the chunk's counter-reset header comes from the first one's hint. At most 65535.
 */
export function encodeFloatHistogramChunk(timestamps: readonly number[], hs: readonly FloatHistogram[], stale?: ArrayLike<number>): Uint8Array {
  const n = hs.length;
  if (n > 0xffff || timestamps.length !== n) throw new RangeError(`a histogram chunk holds 0 to 65535 samples with a timestamp each, got ${n} for ${timestamps.length}`);
  const w = new BitWriter(64);
  w.bits(n, 16);
  const first = hs[0];
  const hint = first?.counterResetHint;
  w.bits(hint === 'gauge' ? 0xc0 : hint === 'reset' ? 0x80 : hint === 'not_reset' ? 0x40 : 0, 8);
  if (n === 0) return w.finish();
  const isStale = (i: number): boolean => (stale ? !!stale[i] : false) || isStaleNaN(hs[i].sum);
  const l = first;
  writeZeroThreshold(w, l.zeroThreshold);
  writeVarbitInt(w, l.schema);
  writeSpans(w, l.positiveSpans);
  writeSpans(w, l.negativeSpans);
  if (l.schema === CUSTOM_BUCKETS_SCHEMA) {
    const cv = l.customValues ?? [];
    writeVarbitUint(w, cv.length);
    for (const b of cv) writeCustomBound(w, b);
  }
  writeVarbitInt(w, timestamps[0]);
  const s0 = isStale(0);
  const cnt = state(s0 ? 0 : l.count);
  const zcnt = state(s0 ? 0 : l.zeroCount);
  const sum = state(s0 ? STALE_NAN : l.sum);
  w.float64(s0 ? 0 : l.count);
  w.float64(s0 ? 0 : l.zeroCount);
  w.float64(s0 ? STALE_NAN : l.sum);
  const pos = (s0 ? [] : l.positiveBuckets).map(state);
  const neg = (s0 ? [] : l.negativeBuckets).map(state);
  for (const b of s0 ? [] : l.positiveBuckets) w.float64(b);
  for (const b of s0 ? [] : l.negativeBuckets) w.float64(b);
  let tDelta = 0;
  for (let i = 1; i < n; i++) {
    const h = hs[i];
    const st = isStale(i);
    if (!st && !sameLayout(h, l)) throw new RangeError(`histogram ${i} of the chunk has another layout than the first`);
    const d = timestamps[i] - timestamps[i - 1];
    writeVarbitInt(w, d - tDelta);
    tDelta = d;
    writeXorValue(w, cnt, st ? 0 : h.count);
    writeXorValue(w, zcnt, st ? 0 : h.zeroCount);
    writeXorValue(w, sum, st ? STALE_NAN : h.sum);
    if (st) continue;
    h.positiveBuckets.forEach((b, j) => writeXorValue(w, pos[j], b));
    h.negativeBuckets.forEach((b, j) => writeXorValue(w, neg[j], b));
  }
  return w.finish();
}

/**
 * Cuts a histogram series into FLOAT_HISTOGRAM chunks as a TSDB would: a new chunk at a layout
 * change, at a `reset` hint, when gauge and counter histograms alternate, and every `perChunk`
 * samples.
 */
export function floatHistogramChunks(timestamps: readonly number[], hs: readonly FloatHistogram[], perChunk = 120): PbChunk[] {
  const out: PbChunk[] = [];
  let from = 0;
  const flush = (to: number): void => {
    if (to <= from) return;
    out.push({
      minTimeMs: timestamps[from],
      maxTimeMs: timestamps[to - 1],
      type: ChunkEncoding.FLOAT_HISTOGRAM,
      data: encodeFloatHistogramChunk(timestamps.slice(from, to), hs.slice(from, to)),
    });
    from = to;
  };
  for (let i = 1; i <= hs.length; i++) {
    if (i === hs.length) {
      flush(i);
      break;
    }
    const h = hs[i];
    if (i - from >= perChunk) {
      flush(i);
      continue;
    }
    if (isStaleNaN(h.sum)) continue;
    // The layout is the first sample's: a chunk that so far holds only markers starts anew.
    const anchor = hs.slice(from, i).find((x) => !isStaleNaN(x.sum));
    const cut = anchor === undefined || h.counterResetHint === 'reset' || !sameLayout(h, anchor)
      || (h.counterResetHint === 'gauge') !== (anchor.counterResetHint === 'gauge');
    if (cut) flush(i);
  }
  return out;
}
