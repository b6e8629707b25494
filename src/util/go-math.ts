// Go's `math` functions where JavaScript's differ: Min/Max special cases (−Inf/+Inf win over NaN),
// Log (the FreeBSD algorithm Go uses), Pow and the circular functions, so results match
// Prometheus to the last bit.

import { goExp } from './go-exp.js';
import { trigReduce } from './go-trig-reduce.js';

/** Go `math.Min`: −Inf wins over NaN; −0 is smaller than +0. */
export function goMin(x: number, y: number): number {
  if (x === -Infinity || y === -Infinity) return -Infinity;
  if (x !== x || y !== y) return NaN;
  if (x === 0 && x === y) return Object.is(x, -0) ? x : y;
  return x < y ? x : y;
}

/** Go `math.Max`: +Inf wins over NaN; +0 is larger than −0. */
export function goMax(x: number, y: number): number {
  if (x === Infinity || y === Infinity) return Infinity;
  if (x !== x || y !== y) return NaN;
  if (x === 0 && x === y) return Object.is(x, -0) ? y : x;
  return x > y ? x : y;
}

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const L1 = 6.666666666666735130e-1;
const L2 = 3.999999999940941908e-1;
const L3 = 2.857142874366239149e-1;
const L4 = 2.222219843214978396e-1;
const L5 = 1.818357216161805012e-1;
const L6 = 1.531383769920937332e-1;
const L7 = 1.479819860511658591e-1;

const scratch = new DataView(new ArrayBuffer(8));

/** Go `math.Frexp`: x = frac × 2^exp with frac in [0.5, 1). */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let exp = 0;
  if (Math.abs(x) < 2.2250738585072014e-308) {
    // Subnormal: scale into the normal range first.
    x *= 2 ** 52;
    exp = -52;
  }
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  exp += ((hi >>> 20) & 0x7ff) - 1022;
  scratch.setUint32(0, (hi & 0x800fffff) | (1022 << 20));
  return [scratch.getFloat64(0), exp];
}

/** Go `math.Log`. */
export function goLog(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x < 0) return NaN;
  if (x === 0) return -Infinity;
  let [f1, ki] = frexp(x);
  if (f1 < Math.SQRT2 / 2) {
    f1 *= 2;
    ki--;
  }
  const f = f1 - 1;
  const k = ki;
  const s = f / (2 + f);
  const s2 = s * s;
  const s4 = s2 * s2;
  const t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
  const t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
  const R = t1 + t2;
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - ((hfsq - (s * (hfsq + R) + k * LN2_LO)) - f);
}

/** Go `math.Ldexp`: frac × 2^exp, rounding once when the result is subnormal. */
export function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  const [m, e] = frexp(frac); // m in [0.5, 1)
  exp += e - 1; // the value is (2m) × 2^exp with 2m in [1, 2)
  if (exp < -1075) return frac < 0 ? -0 : 0;
  if (exp > 1023) return frac < 0 ? -Infinity : Infinity;
  let scale = 1;
  if (exp < -1022) {
    exp += 53;
    scale = 2 ** -53;
  }
  scratch.setFloat64(0, 2 * m);
  const hi = scratch.getUint32(0);
  scratch.setUint32(0, (hi & 0x800fffff) | ((exp + 1023) << 20));
  return scale * scratch.getFloat64(0);
}

/** Go's `math.Log2`: exact for powers of two, `Log(frac)·(1/Ln2) + exp` otherwise. */
export function goLog2(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return goLog(x) * (1 / Math.LN2);
  const [frac, exp] = frexp(x);
  if (frac === 0.5) return exp - 1;
  return goLog(frac) * (1 / Math.LN2) + exp;
}

const EXP2_P1 = 1.66666666666666657415e-1;
const EXP2_P2 = -2.77777777770155933842e-3;
const EXP2_P3 = 6.61375632143793436117e-5;
const EXP2_P4 = -1.65339022054652515390e-6;
const EXP2_P5 = 4.13813679705723846039e-8;

/**
 * Go's `math.Exp2` (the portable algorithm, which amd64 runs): reduce to x = k + t with integer k,
 * evaluate e^(t·ln2) by the Remez polynomial of FreeBSD's exp, scale by 2^k.
 */
export function goExp2(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === -Infinity) return 0;
  if (x > 1.0239999999999999e+03) return Infinity;
  if (x < -1.0740e+03) return 0;
  const k = x > 0 ? Math.trunc(x + 0.5) : x < 0 ? Math.trunc(x - 0.5) : 0;
  const t = x - k;
  const hi = t * LN2_HI;
  const lo = -t * LN2_LO;
  const r = hi - lo;
  const tt = r * r;
  const c = r - tt * (EXP2_P1 + tt * (EXP2_P2 + tt * (EXP2_P3 + tt * (EXP2_P4 + tt * EXP2_P5))));
  const y = 1 - ((lo - (r * c) / (2 - c)) - hi);
  return ldexp(y, k);
}

function isOddInt(y: number): boolean {
  if (Math.abs(y) >= 2 ** 53) return false;
  return Number.isInteger(y) && Math.abs(y % 2) === 1;
}

/**
 * Go `math.Pow`: integer powers by repeated squaring on the Frexp mantissa (JavaScript's `**`
 * can differ in the last bit), the fractional part through `Exp(yf·Log(x))`.
 */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (x !== x || y !== y) return NaN;
  if (x === 0) {
    const negZero = Object.is(x, -0);
    if (y < 0) return negZero && isOddInt(y) ? -Infinity : Infinity;
    return negZero && isOddInt(y) ? x : 0;
  }
  if (y === Infinity || y === -Infinity) {
    if (x === -1) return 1;
    return (Math.abs(x) < 1) === (y === Infinity) ? 0 : Infinity;
  }
  if (x === Infinity || x === -Infinity) {
    if (x === -Infinity) return goPow(1 / x, -y);
    return y < 0 ? 0 : Infinity;
  }
  if (y === 0.5) return Math.sqrt(x);
  if (y === -0.5) return 1 / Math.sqrt(x);
  let yi = Math.trunc(Math.abs(y));
  let yf = Math.abs(y) - yi;
  if (yf !== 0 && x < 0) return NaN;
  if (yi >= 2 ** 63) {
    if (x === -1) return 1;
    return (Math.abs(x) < 1) === (y > 0) ? 0 : Infinity;
  }
  let a1 = 1;
  let ae = 0;
  if (yf !== 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = goExp(yf * goLog(x));
  }
  let [x1, xe] = frexp(x);
  let i = BigInt(yi);
  while (i !== 0n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe;
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
    i >>= 1n;
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}

// Go's arctangent family (Cephes): pure Go on every platform, so it can be matched exactly.
function xatan(x: number): number {
  const P0 = -8.750608600031904122785e-1;
  const P1 = -1.615753718733365076637e1;
  const P2 = -7.500855792314704667340e1;
  const P3 = -1.228866684490136173410e2;
  const P4 = -6.485021904942025371773e1;
  const Q0 = 2.485846490142306297962e1;
  const Q1 = 1.650270098316988542046e2;
  const Q2 = 4.328810604912902668951e2;
  const Q3 = 4.853903996359136964868e2;
  const Q4 = 1.945506571482613964425e2;
  let z = x * x;
  z = (z * ((((P0 * z + P1) * z + P2) * z + P3) * z + P4)) / (((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4);
  return x * z + x;
}

function satan(x: number): number {
  const MOREBITS = 6.123233995736765886130e-17;
  const TAN3PIO8 = 2.41421356237309504880;
  if (x <= 0.66) return xatan(x);
  if (x > TAN3PIO8) return Math.PI / 2 - xatan(1 / x) + MOREBITS;
  return Math.PI / 4 + xatan((x - 1) / (x + 1)) + 0.5 * MOREBITS;
}

/** Go `math.Atan`. */
export function goAtan(x: number): number {
  if (x === 0) return x;
  return x > 0 ? satan(x) : -satan(-x);
}

/** Go `math.Asin`. */
export function goAsin(x: number): number {
  if (x === 0) return x;
  const sign = x < 0;
  if (sign) x = -x;
  if (x > 1) return NaN;
  let temp = Math.sqrt(1 - x * x);
  temp = x > 0.7 ? Math.PI / 2 - satan(temp / x) : satan(x / temp);
  return sign ? -temp : temp;
}

/** Go `math.Acos`. */
export function goAcos(x: number): number {
  return Math.PI / 2 - goAsin(x);
}

const copysign = (v: number, sign: number) => (sign < 0 || Object.is(sign, -0) ? -Math.abs(v) : Math.abs(v));

/** Go `math.Atan2`. */
export function goAtan2(y: number, x: number): number {
  if (y !== y || x !== x) return NaN;
  if (y === 0) return x >= 0 && !Object.is(x, -0) ? copysign(0, y) : copysign(Math.PI, y);
  if (x === 0) return copysign(Math.PI / 2, y);
  if (x === Infinity) return y === Infinity || y === -Infinity ? copysign(Math.PI / 4, y) : copysign(0, y);
  if (x === -Infinity) return y === Infinity || y === -Infinity ? copysign((3 * Math.PI) / 4, y) : copysign(Math.PI, y);
  if (y === Infinity || y === -Infinity) return copysign(Math.PI / 2, y);
  const q = goAtan(y / x);
  if (x < 0) return q <= 0 ? q + Math.PI : q - Math.PI;
  return q;
}

// Go's sin, cos and tan (Cephes, pure Go): octant reduction with Pi/4 split in three parts.
const PI4A = 7.85398125648498535156e-1;
const PI4B = 3.77489470793079817668e-8;
const PI4C = 2.69515142907905952645e-15;
const SIN = [1.58962301576546568060e-10, -2.50507477628578072866e-8, 2.75573136213857245213e-6, -1.98412698295895385996e-4, 8.33333333332211858878e-3, -1.66666666666666307295e-1];
const COS = [-1.13585365213876817300e-11, 2.08757008419747316778e-9, -2.75573141792967388112e-7, 2.48015872888517045348e-5, -1.38888888888730564116e-3, 4.16666666666665929218e-2];
const TAN_P = [-1.30936939181383777646e4, 1.15351664838587416140e6, -1.79565251976484877988e7];
const TAN_Q = [1.0, 1.36812963470692954678e4, -1.32089234440210967447e6, 2.50083801823357915839e7, -5.38695755929454629881e7];
// At and beyond this Go switches to Payne–Hanek reduction.
const REDUCE_THRESHOLD = 2 ** 29;

/** Octant j (0–7) and reduced argument z of a finite non-negative x. */
function reduce(x: number): [number, number] {
  if (x >= REDUCE_THRESHOLD) return trigReduce(x);
  let j = Math.floor(x * (4 / Math.PI));
  let y = j;
  if (j % 2 === 1) {
    j++;
    y++;
  }
  j %= 8;
  return [j, ((x - y * PI4A) - y * PI4B) - y * PI4C];
}

const sinPoly = (z: number, zz: number) => z + z * zz * ((((((SIN[0] * zz) + SIN[1]) * zz + SIN[2]) * zz + SIN[3]) * zz + SIN[4]) * zz + SIN[5]);
const cosPoly = (zz: number) => 1.0 - 0.5 * zz + zz * zz * ((((((COS[0] * zz) + COS[1]) * zz + COS[2]) * zz + COS[3]) * zz + COS[4]) * zz + COS[5]);

/** Go `math.Sin`. */
export function goSin(x: number): number {
  if (x === 0 || x !== x) return x;
  if (!Number.isFinite(x)) return NaN;
  let sign = x < 0;
  let [j, z] = reduce(Math.abs(x));
  if (j > 3) {
    sign = !sign;
    j -= 4;
  }
  const zz = z * z;
  const r = j === 1 || j === 2 ? cosPoly(zz) : sinPoly(z, zz);
  return sign ? -r : r;
}

/** Go `math.Cos`. */
export function goCos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  let sign = false;
  let [j, z] = reduce(Math.abs(x));
  if (j > 3) {
    j -= 4;
    sign = !sign;
  }
  if (j > 1) sign = !sign;
  const zz = z * z;
  const r = j === 1 || j === 2 ? sinPoly(z, zz) : cosPoly(zz);
  return sign ? -r : r;
}

/** Go `math.Tan`. */
export function goTan(x: number): number {
  if (x === 0 || x !== x) return x;
  if (!Number.isFinite(x)) return NaN;
  const sign = x < 0;
  const [j, z] = reduce(Math.abs(x));
  const zz = z * z;
  let y = zz > 1e-14
    ? z + z * ((zz * (((TAN_P[0] * zz) + TAN_P[1]) * zz + TAN_P[2])) / ((((zz + TAN_Q[1]) * zz + TAN_Q[2]) * zz + TAN_Q[3]) * zz + TAN_Q[4]))
    : z;
  if ((j & 2) === 2) y = -1 / y;
  return sign ? -y : y;
}
