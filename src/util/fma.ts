// A correctly rounded fused multiply-add, RN(a·b + c), for engines without Math.fma (Go's amd64
// Exp uses the FMA instruction). The product is made exact as p + e (Veltkamp/Dekker splitting),
// c + p is made exact as s + r (2Sum), and s + r + e is then rounded once (see sum3). Exact for
// operands whose product neither overflows nor falls below about 1e-290, which covers every use
// here; tests compare it with exact integer arithmetic, ties included.

const SPLITTER = 134217729; // 2^27 + 1

/**
 * RN(s + r + e) for s = RN(s + r) (so |r| ≤ ulp(s)/2) and any small e. Let u = RN(r + e) with
 * error w, and z = RN(s + u) with error d. If w = 0 the sum is s + u. If d = 0, s + u is exactly
 * z and the answer is RN(z + w). Otherwise s + u and every rounding midpoint near z are multiples
 * of ulp(u), while |w| ≤ ulp(u)/2, so w can only matter when s + u is itself a midpoint (a tie,
 * recognised by z + 2d being exactly z's neighbour): then w's sign decides between z and z + 2d.
 */
function sum3(s: number, r: number, e: number): number {
  const u = r + e;
  const bu = u - r;
  const w = (r - (u - bu)) + (e - bu);
  if (w === 0) return s + u;
  const z = s + u;
  const bz = z - s;
  const d = (s - (z - bz)) + (u - bz);
  if (d === 0) return z + w;
  const twice = 2 * d;
  return (z + twice) - z === twice && (w > 0) === (d > 0) ? z + twice : z;
}

/** RN(a·b + c) given b already split into bh + bl (Veltkamp), so Horner's rule splits x once. */
function fmaSplit(a: number, b: number, bh: number, bl: number, c: number): number {
  const p = a * b;
  // Zeros, infinities and NaN need no care (p − p is NaN exactly when p is not finite).
  if (p === 0 || c === 0 || p - p !== 0 || c - c !== 0) return p + c;
  const t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  const s = c + p;
  const pp = s - c;
  return sum3(s, (c - (s - pp)) + (p - pp), e);
}

/** RN(a·b + c) with a single rounding, as the FMA instruction computes it. */
export function fma(a: number, b: number, c: number): number {
  const t = SPLITTER * b;
  const bh = t - (t - b);
  return fmaSplit(a, b, bh, b - bh, c);
}

/**
 * Horner's rule with a fused multiply-add at every step, as FMA hardware evaluates a polynomial:
 * p = c[0]; p = fma(p, x, c[i]) for i = 1…, with x split once.
 */
export function fmaHorner(c: Float64Array, x: number): number {
  const t = SPLITTER * x;
  const xh = t - (t - x);
  const xl = x - xh;
  let p = c[0];
  for (let i = 1; i < c.length; i++) p = fmaSplit(p, x, xh, xl, c[i]);
  return p;
}
