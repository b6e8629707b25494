// Go's math.Exp as Prometheus runs it on amd64: the assembly version (Shibata's method, a Taylor
// series on x/16 squared back up four times) on its FMA path, which Go takes on every CPU with
// AVX and FMA. Reproduced operation by operation so results match to the last bit; V8's Math.exp
// is a different algorithm and differs in the last bit for many inputs.
import { fma, fmaHorner } from './fma.js';

const LOG2E = 1.442695040888963407359924681001892;
const LN2U = 0.69314718055966295651160180568695068359375; // upper part of ln 2
const LN2L = 0.28235290563031577122588448175013436025525412068e-12; // lower part of ln 2
const OVERFLOW = 7.09782712893384e+02;
// Taylor coefficients 1/n! for n = 8 down to 3, then 1/2 and 1, highest first.
const TAYLOR = new Float64Array([
  2.4801587301587301587e-5, 1.9841269841269841270e-4, 1.3888888888888888889e-3, 8.3333333333333333333e-3,
  4.1666666666666666667e-2, 1.6666666666666666667e-1, 0.5, 1,
]);

// POW2[e] = 2^(e − 1023) for the biased exponents 1…2046 (powers of two are exact in Math.pow).
const POW2 = new Float64Array(2047).map((_, e) => (e === 0 ? 0 : Math.pow(2, e - 1023)));

/** CVTSD2SL: round to nearest, ties to even; out of int32 range gives the "integer indefinite". */
function toInt32Nearest(x: number): number {
  if (!(x > -2147483648.5 && x < 2147483647.5)) return -2147483648;
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5 || (d === 0.5 && f % 2 !== 0)) return f + 1;
  return f;
}

/** Go's `math.Exp` on amd64 with FMA. */
export function goExp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === -Infinity) return 0;
  if (x > OVERFLOW) return Infinity;
  const k = toInt32Nearest(LOG2E * x);
  // k·LN2U is exact (LN2U has 41 significant bits, |k| ≤ 1075 whenever the result is not 0), so
  // this is the fused x − k·LN2U.
  let r = x - k * LN2U;
  r = fma(-LN2L, k, r);
  r *= 0.0625;
  r *= fmaHorner(TAYLOR, r); // e^(x/16) - 1
  r *= r + 2; // squared back up: (1+r)^2 - 1, four times
  r *= r + 2;
  r *= r + 2;
  r = fma(r, r + 2, 1);
  let biased = k + 0x3ff;
  if (biased <= 0) {
    // A subnormal result: scale by 2^(k+1022) first, then by 2^-1022, rounding only there.
    if (biased < -52) return 0;
    r *= POW2[biased + 0x3fe];
    biased = 1;
  } else if (biased >= 0x7ff) return Infinity;
  return r * POW2[biased];
}
