// Variable-bit-width integers of TSDB histogram chunks (Prometheus's tsdb/chunkenc varbit.go):
// a unary size prefix of up to 8 bits, then the value in 0, 3, 6, 9, 12, 18, 25, 56 or 64 bits.
import type { BitReader, BitWriter } from './bitstream.js';
import { bitRange, signBits } from './xor-chunk.js';

/** Value widths by the number of leading one bits of the prefix (0 … 8). */
const WIDTHS = [0, 3, 6, 9, 12, 18, 25, 56, 64];

function width(r: BitReader): number {
  let ones = 0;
  while (ones < 8 && r.bit() === 1) ones++;
  return WIDTHS[ones];
}

function readWide(r: BitReader, sz: number): number {
  if (sz <= 32) return r.bits(sz);
  const hi = r.bits(sz - 32);
  return hi * 4294967296 + r.bits(32);
}

/** Reads a signed varbit integer (exact up to ±2^53). */
export function readVarbitInt(r: BitReader): number {
  const sz = width(r);
  if (sz === 0) return 0;
  if (sz === 64) return r.int64();
  return signBits(readWide(r, sz), sz);
}

/** Reads an unsigned varbit integer (exact up to 2^53). */
export function readVarbitUint(r: BitReader): number {
  const sz = width(r);
  return sz === 0 ? 0 : readWide(r, sz);
}

/** Writes a signed varbit integer as Prometheus's putVarbitInt does. */
export function writeVarbitInt(w: BitWriter, v: number): void {
  for (let i = 0; i < WIDTHS.length; i++) {
    const sz = WIDTHS[i];
    if (i === 0 ? v === 0 : i === WIDTHS.length - 1 || bitRange(v, sz)) {
      prefix(w, i);
      if (sz > 0) w.int(v, sz);
      return;
    }
  }
}

/** Writes an unsigned varbit integer as Prometheus's putVarbitUint does. */
export function writeVarbitUint(w: BitWriter, v: number): void {
  for (let i = 0; i < WIDTHS.length; i++) {
    const sz = WIDTHS[i];
    if (i === 0 ? v === 0 : i === WIDTHS.length - 1 || v < 2 ** sz) {
      prefix(w, i);
      if (sz > 0) w.int(v, sz);
      return;
    }
  }
}

/** `ones` one bits then a terminating zero (no zero after eight ones). */
function prefix(w: BitWriter, ones: number): void {
  for (let i = 0; i < ones; i++) w.bit(1);
  if (ones < 8) w.bit(0);
}
