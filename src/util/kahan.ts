// Kahan–Neumaier summation step, as Prometheus's `kahansum.Inc`.
//
// Neumaier's step picks which operand to subtract from the rounded sum by comparing magnitudes;
// that comparison is a data-dependent branch the CPU mispredicts often. Knuth's TwoSum computes
// the same rounding error of `sum + inc` without it. When nothing overflows, both are the exact
// error (a representable number), so the compensation is the same double either way; the rare
// overflowing case falls back to Neumaier's form, so every result stays Prometheus's.

/** Adds `inc` to `sum` with compensation `c`; returns [sum, c]. An infinite sum resets c to 0. */
export function kahanInc(inc: number, sum: number, c: number): [number, number] {
  return [sum + inc, kahanComp(inc, sum, c)];
}

/** The compensation term kahanInc would produce, without allocating (the sum is `sum + inc`). */
export function kahanComp(inc: number, sum: number, c: number): number {
  const t = sum + inc;
  if (t === Infinity || t === -Infinity) return 0;
  const incPart = t - sum;
  const r = c + ((sum - (t - incPart)) + (inc - incPart));
  if (r - r === 0) return r;
  return neumaierComp(inc, sum, c, t);
}

/** Neumaier's form, for the operands whose TwoSum overflows or is NaN. */
function neumaierComp(inc: number, sum: number, c: number, t: number): number {
  return Math.abs(sum) >= Math.abs(inc) ? c + ((sum - t) + inc) : c + ((inc - t) + sum);
}

/** A running Kahan–Neumaier sum: `sum` plus compensation `c`. */
export class KahanSum {
  sum = 0;
  c = 0;
  add(x: number): void {
    this.c = kahanComp(x, this.sum, this.c);
    this.sum += x;
  }
}
