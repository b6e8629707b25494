// Kahan–Neumaier summation step, as Prometheus's `kahansum.Inc`.

/** Adds `inc` to `sum` with compensation `c`; returns [sum, c]. An infinite sum resets c to 0. */
export function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (t === Infinity || t === -Infinity) c = 0;
  else if (Math.abs(sum) >= Math.abs(inc)) c += (sum - t) + inc;
  else c += (inc - t) + sum;
  return [t, c];
}
