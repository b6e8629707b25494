// Go's hyperbolic functions and Log1p (pure Go on amd64), written out so that PromQL's sinh, cosh,
// tanh, asinh, acosh and atanh return exactly what Prometheus returns. They rest on goExp (the
// amd64 assembly Exp), goLog and the correctly rounded square root.
import { goExp } from './go-exp.js';
import { goLog } from './go-math.js';

const LN2 = 6.93147180559945286227e-01;

/**
 * Go's `math.Sinh`: a rational approximation up to 0.5, exponentials above (as e and 1/e, the form
 * in the Go release Prometheus 3.5 is built with; checked against its answers).
 */
export function goSinh(x: number): number {
  const neg = x < 0;
  const a = neg ? -x : x;
  let r: number;
  if (a > 21) r = goExp(a) * 0.5;
  else if (a > 0.5) {
    const ex = goExp(a);
    r = (ex - 1 / ex) * 0.5;
  } else {
    const sq = a * a;
    r = (((-0.2630563213397497062819489e+2 * sq + -0.2894211355989563807284660366e+4) * sq +
      -0.8991272022039509355398013511e+5) * sq + -0.6307673640497716991184787251e+6) * a;
    r /= ((sq + -0.173678953558233699533450911e+3) * sq + 0.1521517378790019070696485176e+5) * sq +
      -0.6307673640497716991212077277e+6;
  }
  return neg ? -r : r;
}

/** Go's `math.Cosh`. */
export function goCosh(x: number): number {
  const a = Math.abs(x);
  if (a > 21) return goExp(a) * 0.5;
  const ex = goExp(a);
  return (ex + 1 / ex) * 0.5;
}

/** Go's `math.Tanh` (Cephes): a rational form below 0.625, 1 − 2/(e^2x + 1) above. */
export function goTanh(x: number): number {
  const z = Math.abs(x);
  if (z > 0.5 * 8.8029691931113054295988e+01) return x < 0 ? -1 : 1;
  if (z >= 0.625) {
    const r = 1 - 2 / (goExp(2 * z) + 1);
    return x < 0 ? -r : r;
  }
  if (x === 0) return x;
  const s = x * x;
  return x + x * s * ((-9.64399179425052238628e-1 * s + -9.92877231001918586564e1) * s + -1.61468768441708447952e3) /
    (((s + 1.12811678491632931402e2) * s + 2.23548839060100448583e3) * s + 4.84406305325125486048e3);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const [LO, HI] = (() => {
  f64[0] = 1;
  return u32[0] === 0 ? [0, 1] : [1, 0];
})();

/** Go's `math.Log1p` (FreeBSD s_log1p): log(1+x) accurate near zero. */
function goLog1p(x: number): number {
  if (x < -1 || Number.isNaN(x)) return NaN;
  if (x === -1) return -Infinity;
  if (x === Infinity) return Infinity;
  const ax = Math.abs(x);
  let f = 0;
  let k = 1;
  // Go keeps the mantissa bits in `iu`; only whether they are zero matters below.
  let iuZero = false;
  let c = 0;
  if (ax < 4.142135623730950488017e-01) {
    if (ax < 1 / (1 << 29)) {
      if (ax < 2 ** -54) return x;
      return x - x * x * 0.5;
    }
    if (x > -2.928932188134524755992e-01) {
      k = 0;
      f = x;
    }
  }
  if (k !== 0) {
    let u: number;
    if (ax < 2 ** 53) {
      u = 1 + x;
      f64[0] = u;
      k = (u32[HI] >>> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1);
      c /= u;
    } else {
      u = x;
      f64[0] = u;
      k = (u32[HI] >>> 20) - 1023;
      c = 0;
    }
    const mantHi = u32[HI] & 0x000fffff;
    const mantLo = u32[LO];
    // Compare the 52-bit mantissa with that of √2 (0x6a09e667f3bcd).
    if (mantHi < 0x6a09e || (mantHi === 0x6a09e && mantLo < 0x667f3bcd)) {
      u32[HI] = mantHi | 0x3ff00000;
      iuZero = mantHi === 0 && mantLo === 0;
    } else {
      k++;
      u32[HI] = mantHi | 0x3fe00000;
      // Go sets iu = (2^52 - mantissa) >> 2, which is zero for the three largest mantissas.
      iuZero = mantHi === 0xfffff && mantLo >= 0xfffffffd;
    }
    u = f64[0];
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  const kf = k;
  if (iuZero) {
    if (f === 0) {
      if (k === 0) return 0;
      c += kf * 1.90821492927058770002e-10;
      return kf * 6.93147180369123816490e-01 + c;
    }
    const R = hfsq * (1 - 0.66666666666666666 * f);
    if (k === 0) return f - R;
    return kf * 6.93147180369123816490e-01 - ((R - (kf * 1.90821492927058770002e-10 + c)) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const R = z * (6.666666666666735130e-01 + z * (3.999999999940941908e-01 + z * (2.857142874366239149e-01 +
    z * (2.222219843214978396e-01 + z * (1.818357216161805012e-01 + z * (1.531383769920937332e-01 +
    z * 1.479819860511658591e-01))))));
  if (k === 0) return f - (hfsq - s * (hfsq + R));
  return kf * 6.93147180369123816490e-01 - ((hfsq - (s * (hfsq + R) + (kf * 1.90821492927058770002e-10 + c))) - f);
}

/** Go's `math.Asinh`. */
export function goAsinh(x: number): number {
  if (Number.isNaN(x) || !Number.isFinite(x)) return x;
  const neg = x < 0;
  const a = neg ? -x : x;
  let r: number;
  if (a > 2 ** 28) r = goLog(a) + LN2;
  else if (a > 2) r = goLog(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
  else if (a < 2 ** -28) r = a;
  else r = goLog1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
  return neg ? -r : r;
}

/** Go's `math.Acosh`. */
export function goAcosh(x: number): number {
  if (x < 1 || Number.isNaN(x)) return NaN;
  if (x === 1) return 0;
  if (x >= 2 ** 28) return goLog(x) + LN2;
  if (x > 2) return goLog(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
  const t = x - 1;
  return goLog1p(t + Math.sqrt(2 * t + t * t));
}

/** Go's `math.Atanh`. */
export function goAtanh(x: number): number {
  if (x < -1 || x > 1 || Number.isNaN(x)) return NaN;
  if (x === 1) return Infinity;
  if (x === -1) return -Infinity;
  const neg = x < 0;
  const a = neg ? -x : x;
  let r: number;
  if (a < 2 ** -28) r = a;
  else if (a < 0.5) {
    const t = a + a;
    r = 0.5 * goLog1p(t + t * a / (1 - a));
  } else r = 0.5 * goLog1p((a + a) / (1 - a));
  return neg ? -r : r;
}
