// Kahan–Neumaier summation step, as Prometheus's `kahansum.Inc`.

/** Adds `inc` to `sum` with compensation `c`; returns [sum, c]. An infinite sum resets c to 0. */
export function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (t === Infinity || t === -Infinity) c = 0;
  else if (Math.abs(sum) >= Math.abs(inc)) c += (sum - t) + inc;
  else c += (inc - t) + sum;
  return [t, c];
}

/** The compensation term kahanInc would produce, without allocating (the sum is `sum + inc`). */
export function kahanComp(inc: number, sum: number, c: number): number {
  const t = sum + inc;
  if (t === Infinity || t === -Infinity) return 0;
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
