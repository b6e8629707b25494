// The time grid a node is evaluated on: `steps` timestamps from `start`, `interval` apart. Shared
// by the evaluator and the function implementations (which must not import src/eval at runtime).

/** A time grid: `steps` timestamps `start, start+interval, …` (ms). An instant grid has start = end. */
export interface Grid {
  readonly start: number;
  readonly end: number;
  readonly interval: number;
  readonly steps: number;
  /**
   * Whether this is Prometheus's single-evaluation case (`start == end` of the evaluation, not of
   * a batch of its steps): a batch of one step of a range evaluation is not instant.
   */
  readonly instant: boolean;
}

/** Builds a grid; `interval` must be positive. */
export function makeGrid(start: number, end: number, interval: number): Grid {
  const steps = end < start ? 0 : Math.floor((end - start) / interval) + 1;
  return { start, end, interval, steps, instant: start === end };
}

/** Timestamp of step i. */
export function stepTime(g: Grid, i: number): number {
  return g.start + i * g.interval;
}

/** Whether the grid is Prometheus's single-evaluation case (see {@link Grid.instant}). */
export function isInstant(g: Grid): boolean {
  return g.instant;
}

/** The batch of steps `from … to-1` of g. */
export function subGrid(g: Grid, from: number, to: number): Grid {
  return { start: stepTime(g, from), end: stepTime(g, to - 1), interval: g.interval, steps: to - from, instant: g.instant };
}
