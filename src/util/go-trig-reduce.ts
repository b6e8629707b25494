// Go's Payne–Hanek argument reduction (math.trigReduce) for sin, cos and tan of arguments at or
// above 2^29, where the three-part π/4 reduction loses accuracy. x·(4/π) is formed from 64-bit
// "digits" of 4/π with 128-bit products, here in BigInt (large arguments are rare, so speed matters
// little); the result matches Go's to the last bit.

// The binary digits of 4/π, 64 bits at a time: 4/π = Σ FOUR_OVER_PI[i]·2^(−64·i).
const FOUR_OVER_PI = [
  0x0000000000000001n, 0x45f306dc9c882a53n, 0xf84eafa3ea69bb81n, 0xb6c52b3278872083n,
  0xfca2c757bd778ac3n, 0x6e48dc74849ba5c0n, 0x0c925dd413a32439n, 0xfc3bd63962534e7dn,
  0xd1046bea5d768909n, 0xd338e04d68befc82n, 0x7323ac7306a673e9n, 0x3908bf177bf25076n,
  0x3ff12fffbc0b301fn, 0xde5e2316b414da3en, 0xda6cfd9e4f96136en, 0x9e8c7ecd3cbfd45an,
  0xea4f758fd7cbe2f6n, 0x7a0e73ef14a525d4n, 0xd7f6bf623f1aba10n, 0xac06608df8f6d757n,
];
const M64 = (1n << 64n) - 1n;
const PI4 = Math.PI / 4;
const view = new DataView(new ArrayBuffer(8));

/** Bits d[k..k+1] shifted left by s, as one 64-bit digit. */
function digitAt(k: number, s: bigint): bigint {
  return ((FOUR_OVER_PI[k] << s) | (FOUR_OVER_PI[k + 1] >> (64n - s))) & M64;
}

/** Octant j (0–7, even) and the reduced argument z for a finite x ≥ 2^29. */
export function trigReduce(x: number): [number, number] {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn) - 1023 - 52;
  const ix = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
  const k = Math.floor((exp + 61) / 64);
  const s = BigInt((exp + 61) % 64);
  const z0 = digitAt(k, s);
  const z1 = digitAt(k + 1, s);
  const z2 = digitAt(k + 2, s);
  const z2hi = (z2 * ix) >> 64n;
  const p1 = z1 * ix;
  const z1hi = p1 >> 64n;
  const z1lo = p1 & M64;
  const z0lo = (z0 * ix) & M64;
  const sumLo = z1lo + z2hi;
  const lo = sumLo & M64;
  let hi = (z0lo + z1hi + (sumLo >> 64n)) & M64;
  let j = Number(hi >> 61n);
  // The fraction below the top three bits, normalised into a double.
  hi = ((hi << 3n) | (lo >> 61n)) & M64;
  const lz = 64 - hi.toString(2).length + (hi === 0n ? 1 : 0);
  const e = BigInt(1023 - (lz + 1));
  const sh = BigInt(lz + 1);
  hi = ((hi << sh) | (lo >> (64n - sh))) & M64;
  hi >>= 12n;
  hi |= e << 52n;
  view.setBigUint64(0, hi & M64);
  let z = view.getFloat64(0);
  if (j & 1) {
    j = (j + 1) & 7;
    z--;
  }
  return [j, z * PI4];
}
