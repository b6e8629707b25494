// Bit-level reader and writer for TSDB chunks (Prometheus's tsdb/chunkenc bstream): bits are
// read most significant first; 64-bit words travel as two unsigned 32-bit halves (no BigInt).
import { corrupt } from './errors.js';

const TWO32 = 4294967296;

/**
 * Reads bits, most significant first, from a byte array.
 *
 * Contract: every read past the end throws a `corrupt` RemoteStorageError naming `where`; `hi`
 * and `lo` hold the halves of the last {@link BitReader.read64} (unsigned 32-bit each).
 */
export class BitReader {
  /** Position in bits from the start of `buf`. */
  pos: number;
  /** High half of the last 64-bit read. */
  hi = 0;
  /** Low half of the last 64-bit read. */
  lo = 0;
  private readonly limit: number;

  constructor(private readonly buf: Uint8Array, private readonly where: string, startByte = 0) {
    this.pos = startByte * 8;
    this.limit = buf.length * 8;
  }

  /** Reads one bit (0 or 1). */
  bit(): number {
    const p = this.pos;
    if (p >= this.limit) throw this.eof();
    this.pos = p + 1;
    return (this.buf[p >>> 3] >>> (7 - (p & 7))) & 1;
  }

  /** Reads `n` (0 ≤ n ≤ 32) bits as an unsigned integer. */
  bits(n: number): number {
    let p = this.pos;
    if (p + n > this.limit) throw this.eof();
    let out = 0;
    let need = n;
    const buf = this.buf;
    while (need > 0) {
      const off = p & 7;
      const avail = 8 - off;
      const take = avail < need ? avail : need;
      const chunk = (buf[p >>> 3] >>> (avail - take)) & ((1 << take) - 1);
      // Multiplication keeps 32-bit results unsigned where a shift would wrap.
      out = out * (1 << take) + chunk;
      need -= take;
      p += take;
    }
    this.pos = p;
    return out;
  }

  /** Reads 64 bits into `hi` and `lo`. */
  read64(): void {
    this.hi = this.bits(32);
    this.lo = this.bits(32);
  }

  /** Reads 64 bits as a float64. */
  float64(): number {
    this.read64();
    return wordsToFloat(this.hi, this.lo);
  }

  /** Reads 64 bits as a two's-complement int64 (exact up to ±2^53). */
  int64(): number {
    this.read64();
    return (this.hi | 0) * TWO32 + this.lo;
  }

  /** Reads a Go `binary.Uvarint` (byte groups, least significant first). */
  uvarint(): number {
    let out = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.bits(8);
      out += (b & 0x7f) * mul;
      if (b < 0x80) return out;
      mul *= 128;
    }
    throw corrupt(this.where, `varint longer than 10 bytes at bit ${this.pos}`);
  }

  /** Reads a Go `binary.Varint` (zig-zag). */
  varint(): number {
    const u = this.uvarint();
    // Zig-zag without 32-bit operators: even → u/2, odd → −(u+1)/2.
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  private eof(): Error {
    return corrupt(this.where, `unexpected end of chunk data at bit ${this.pos} of ${this.limit}`);
  }
}

/**
 * Writes bits, most significant first, into a growing byte array.
 *
 * Contract: `finish()` returns the bytes written so far, the last byte padded with zero bits.
 */
export class BitWriter {
  private buf: Uint8Array;
  private pos = 0;

  constructor(initialBytes = 64) {
    this.buf = new Uint8Array(initialBytes);
  }

  /** Writes one bit. */
  bit(b: number): void {
    this.bits(b & 1, 1);
  }

  /** Writes the low `n` (0 ≤ n ≤ 32) bits of `v`, an unsigned or signed 32-bit integer. */
  bits(v: number, n: number): void {
    this.ensure(n);
    let left = n;
    while (left > 0) {
      const off = this.pos & 7;
      const avail = 8 - off;
      const take = avail < left ? avail : left;
      const chunk = Math.floor(unsigned(v, n) / 2 ** (left - take)) & ((1 << take) - 1);
      this.buf[this.pos >>> 3] |= chunk << (avail - take);
      left -= take;
      this.pos += take;
    }
  }

  /** Writes the low `n` (0 ≤ n ≤ 64) bits of the 64-bit word `hi:lo`. */
  bits64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.bits(hi >>> 0, n - 32);
      this.bits(lo >>> 0, 32);
    } else {
      this.bits(lo >>> 0, n);
    }
  }

  /** Writes the 64 bits of a float64. */
  float64(v: number): void {
    floatView.setFloat64(0, v);
    this.bits(floatView.getUint32(0), 32);
    this.bits(floatView.getUint32(4), 32);
  }

  /** Writes the low `n` (≤ 64) bits of a safe integer in two's complement. */
  int(v: number, n: number): void {
    const hi = Math.floor(v / TWO32);
    const lo = v - hi * TWO32;
    this.bits64(hi >>> 0, lo >>> 0, n);
  }

  /** Writes a Go `binary.Uvarint`. */
  uvarint(v: number): void {
    let x = v;
    while (x >= 0x80) {
      this.bits((x % 128) | 0x80, 8);
      x = Math.floor(x / 128);
    }
    this.bits(x, 8);
  }

  /** Writes a Go `binary.Varint` (zig-zag). */
  varint(v: number): void {
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  /** Number of bits written. */
  get length(): number {
    return this.pos;
  }

  /** The bytes written (a copy). */
  finish(): Uint8Array {
    return this.buf.slice(0, (this.pos + 7) >>> 3);
  }

  /** Overwrites byte `i` (already written) with `b`: for chunk headers. */
  setByte(i: number, b: number): void {
    this.buf[i] = b;
  }

  private ensure(n: number): void {
    const need = (this.pos + n + 7) >>> 3;
    if (need <= this.buf.length) return;
    const next = new Uint8Array(Math.max(need, this.buf.length * 2));
    next.set(this.buf);
    this.buf = next;
  }
}

function unsigned(v: number, n: number): number {
  return n === 32 ? v >>> 0 : (v >>> 0) % 2 ** n;
}

const floatView = new DataView(new ArrayBuffer(8));

/** The float64 whose bits are `hi:lo`. */
export function wordsToFloat(hi: number, lo: number): number {
  floatView.setUint32(0, hi);
  floatView.setUint32(4, lo);
  return floatView.getFloat64(0);
}

/** Splits the bits of a float64 into `[hi, lo]` (unsigned 32-bit halves). */
export function floatToWords(v: number, out: [number, number]): void {
  floatView.setFloat64(0, v);
  out[0] = floatView.getUint32(0);
  out[1] = floatView.getUint32(4);
}
