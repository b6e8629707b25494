// XOR float chunks (Prometheus's tsdb/chunkenc EncXOR): a 2-byte sample count, then timestamps as
// delta-of-delta and values XORed with their predecessor (Gorilla encoding, millisecond buckets).
import { BitReader, BitWriter, floatToWords, wordsToFloat } from './bitstream.js';
import { corrupt } from './errors.js';
import { STALE_NAN } from '../stale.js';

/**
 * Float samples decoded from chunks, appended to plain arrays. `stale` receives the index (in
 * `values`) of every staleness marker: JavaScript engines may canonicalise a NaN's bits when it
 * is stored in an array, so the StaleNaN pattern is recognised while decoding, from its bits.
 */
export interface FloatSampleSink {
  readonly timestamps: number[];
  readonly values: number[];
  readonly stale: number[];
}

/** Whether the state's value bits are Prometheus's StaleNaN (0x7ff0000000000002). */
function isStale(st: XorState): boolean {
  return st.hi === 0x7ff00000 && st.lo === 2;
}

/**
 * XOR state of one float stream: the previous value's bits and the leading/trailing zero counts
 * of the last delta written in full (`leading` 0xff until then).
 * @internal
 */
export interface XorState {
  hi: number;
  lo: number;
  leading: number;
  trailing: number;
}

/**
 * Reads one XOR-encoded value into `st` (Prometheus's xorRead): `0` unchanged, `10` new bits
 * within the previous leading/trailing window, `11` + 5-bit leading + 6-bit length + the bits.
 * @internal
 */
export function readXorValue(r: BitReader, st: XorState, where: string): void {
  if (r.bit() === 0) return;
  let mbits: number;
  if (r.bit() === 0) {
    if (st.leading === 0xff) throw corrupt(where, 'value reuses a leading/trailing window before one was written');
    mbits = 64 - st.leading - st.trailing;
  } else {
    st.leading = r.bits(5);
    mbits = r.bits(6);
    // 0 significant bits stands for 64 (see Prometheus's xorWrite).
    if (mbits === 0) mbits = 64;
    st.trailing = 64 - st.leading - mbits;
    if (st.trailing < 0) throw corrupt(where, `value window of ${mbits} bits after ${st.leading} leading zeros exceeds 64 bits`);
  }
  const trailing = st.trailing;
  const top = trailing + mbits;
  if (trailing >= 32) {
    st.hi = (st.hi ^ (r.bits(mbits) << (trailing - 32))) >>> 0;
  } else if (top <= 32) {
    st.lo = (st.lo ^ (r.bits(mbits) << trailing)) >>> 0;
  } else {
    st.hi = (st.hi ^ r.bits(top - 32)) >>> 0;
    st.lo = (st.lo ^ (r.bits(32 - trailing) << trailing)) >>> 0;
  }
}

/** Whether `x` fits Prometheus's `bitRange(x, n)`: −(2^(n−1)−1) ≤ x ≤ 2^(n−1). */
export function bitRange(x: number, n: number): boolean {
  const half = 2 ** (n - 1);
  return -(half - 1) <= x && x <= half;
}

/** Converts the low `sz` bits read as unsigned back to a signed value, as Prometheus does. */
export function signBits(bits: number, sz: number): number {
  return bits > 2 ** (sz - 1) ? bits - 2 ** sz : bits;
}

/**
 * Decodes an XOR chunk (the bytes Prometheus's `Chunk.Bytes()` gives, header included) and
 * appends its samples to `out`. Returns the number of samples.
 *
 * Throws a `corrupt` RemoteStorageError naming `where` when the data ends early or is malformed.
 * Cost: O(samples), no allocation per sample beyond the output arrays.
 */
export function decodeXORChunk(data: Uint8Array, out: FloatSampleSink, where = 'XOR chunk'): number {
  if (data.length < 2) throw corrupt(where, `${data.length} bytes, shorter than the 2-byte header`);
  const n = (data[0] << 8) | data[1];
  if (n === 0) return 0;
  const r = new BitReader(data, where, 2);
  const ts = out.timestamps;
  const vs = out.values;
  let t = r.varint();
  r.read64();
  const st: XorState = { hi: r.hi, lo: r.lo, leading: 0xff, trailing: 0 };
  let v = wordsToFloat(st.hi, st.lo);
  if (isStale(st)) out.stale.push(vs.length);
  ts.push(t);
  vs.push(v);
  if (n === 1) return 1;
  let delta = r.uvarint();
  t += delta;
  v = nextValue(r, st, v, where);
  if (isStale(st)) out.stale.push(vs.length);
  ts.push(t);
  vs.push(v);
  for (let i = 2; i < n; i++) {
    if (r.bit() !== 0) {
      let sz: number;
      if (r.bit() === 0) sz = 14;
      else if (r.bit() === 0) sz = 17;
      else if (r.bit() === 0) sz = 20;
      else sz = 64;
      delta += sz === 64 ? r.int64() : signBits(r.bits(sz), sz);
    }
    t += delta;
    v = nextValue(r, st, v, where);
    if (v !== v && isStale(st)) out.stale.push(vs.length);
    ts.push(t);
    vs.push(v);
  }
  return n;
}

function nextValue(r: BitReader, st: XorState, prev: number, where: string): number {
  const hi = st.hi;
  const lo = st.lo;
  readXorValue(r, st, where);
  return hi === st.hi && lo === st.lo ? prev : wordsToFloat(st.hi, st.lo);
}

/**
 * Writes one value XORed with the state's previous value (Prometheus's xorWrite) and updates
 * the state.
 * @internal
 */
export function writeXorValue(w: BitWriter, st: XorState, v: number): void {
  floatToWords(v, words);
  const dh = (words[0] ^ st.hi) >>> 0;
  const dl = (words[1] ^ st.lo) >>> 0;
  st.hi = words[0];
  st.lo = words[1];
  if (dh === 0 && dl === 0) {
    w.bit(0);
    return;
  }
  w.bit(1);
  let leading = dh !== 0 ? Math.clz32(dh) : 32 + Math.clz32(dl);
  const trailing = dl !== 0 ? ctz32(dl) : 32 + ctz32(dh);
  if (leading >= 32) leading = 31;
  if (st.leading !== 0xff && leading >= st.leading && trailing >= st.trailing) {
    w.bit(0);
    writeWindow(w, dh, dl, st.trailing, 64 - st.leading - st.trailing);
    return;
  }
  st.leading = leading;
  st.trailing = trailing;
  w.bit(1);
  w.bits(leading, 5);
  const sig = 64 - leading - trailing;
  w.bits(sig & 63, 6);
  writeWindow(w, dh, dl, trailing, sig);
}

const words: [number, number] = [0, 0];

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** Writes bits [trailing, trailing + n) of the word dh:dl, most significant first. */
function writeWindow(w: BitWriter, dh: number, dl: number, trailing: number, n: number): void {
  const top = trailing + n;
  if (trailing >= 32) {
    w.bits(dh >>> (trailing - 32), n);
  } else if (top <= 32) {
    w.bits(dl >>> trailing, n);
  } else {
    w.bits(dh, top - 32);
    w.bits(dl >>> trailing, 32 - trailing);
  }
}

/**
 * Encodes float samples as an XOR chunk, header included, exactly as Prometheus's xorAppender
 * does. At most 65535 samples; timestamps must be integers. A sample flagged in `stale`
 * (non-zero, as in `Series.stale`) is written as StaleNaN whatever its value.
 */
export function encodeXORChunk(timestamps: ArrayLike<number>, values: ArrayLike<number>, stale?: ArrayLike<number>): Uint8Array {
  const at = (i: number): number => (stale && stale[i] ? STALE_NAN : values[i]);
  const n = timestamps.length;
  if (n > 0xffff) throw new RangeError(`an XOR chunk holds at most 65535 samples, got ${n}`);
  const w = new BitWriter(16 + n * 2);
  w.bits(n, 16);
  if (n === 0) return w.finish();
  const st: XorState = { hi: 0, lo: 0, leading: 0xff, trailing: 0 };
  w.varint(timestamps[0]);
  w.float64(at(0));
  floatToWords(at(0), words);
  st.hi = words[0];
  st.lo = words[1];
  let delta = 0;
  for (let i = 1; i < n; i++) {
    const d = timestamps[i] - timestamps[i - 1];
    if (i === 1) {
      w.uvarint(d);
    } else {
      const dod = d - delta;
      if (dod === 0) w.bit(0);
      else if (bitRange(dod, 14)) { w.bits(0b10, 2); w.int(dod, 14); }
      else if (bitRange(dod, 17)) { w.bits(0b110, 3); w.int(dod, 17); }
      else if (bitRange(dod, 20)) { w.bits(0b1110, 4); w.int(dod, 20); }
      else { w.bits(0b1111, 4); w.int(dod, 64); }
    }
    delta = d;
    writeXorValue(w, st, at(i));
  }
  return w.finish();
}
