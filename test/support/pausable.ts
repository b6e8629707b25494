// Running a pausable step (a generator that yields only where it may pause) to its end in tests.

/** Runs `g` to its end, counting its pauses and calling `between` at each. */
export function runCountingPauses<R>(g: Generator<void, R, void>, between: () => void = () => {}): { value: R; pauses: number } {
  let pauses = 0;
  for (;;) {
    const r = g.next();
    if (r.done) return { value: r.value, pauses };
    pauses++;
    between();
  }
}
