// The time slices of a query's preparation (parsing, planning, fetching), before its evaluation
// context exists: a huge query (a 20,000-term chain) spends hundreds of ms there, which must not
// block the event loop in one piece any more than its evaluation may.
import { checkLimits, clock, SLICE_MS, yieldTurn } from './context.js';

/** What the timeout and cancellation errors of the preparation name (as Prometheus's do). */
const PHASE = 'query preparation';

/**
 * Slices of the preparation: `pause()` lets the event loop run once a slice is used, then checks
 * the deadline and the signal. Contract: `start` and `longest` are handed to the evaluation
 * context when it takes over, so that a query's slices are timed from its start to its end.
 */
export class PrepSlices {
  /** When the current slice began (ms, {@link clock}). */
  start: number;
  /** The longest slice so far (ms). */
  longest = 0;
  /** Whether a pause has yielded to the event loop yet (see yieldTurn). */
  yielded = false;

  constructor(began: number, private readonly deadline: number, private readonly signal: AbortSignal | undefined) {
    this.start = began;
  }

  /** A promise that pauses when the current slice is used up, else undefined (nothing to wait for). */
  pauseIfUsed(): Promise<void> | undefined {
    return clock() - this.start >= SLICE_MS ? this.pause() : undefined;
  }

  /**
   * Runs a pausable step (see runDeepPausing) to its end: its value at once when no pause was
   * needed. Unless `check`, its pauses check neither the deadline nor the signal: what parsing and
   * planning find wrong with the query is reported first, whatever the time (as Prometheus parses
   * and plans before its timeout starts); fetching checks both before it starts, and its steps
   * (checking what a select returned) at every pause.
   */
  run<R>(g: Generator<void, R, void>, check = false): R | Promise<R> {
    for (;;) {
      const r = g.next();
      if (r.done) return r.value;
      if (clock() - this.start >= SLICE_MS) return this.finish(g, check);
    }
  }

  private async finish<R>(g: Generator<void, R, void>, check: boolean): Promise<R> {
    await this.pause(check);
    for (;;) {
      const r = g.next();
      if (r.done) return r.value;
      if (clock() - this.start >= SLICE_MS) await this.pause(check);
    }
  }

  private async pause(check = true): Promise<void> {
    this.longest = Math.max(this.longest, clock() - this.start);
    await yieldTurn(this);
    this.start = clock();
    if (check) checkLimits(this.signal, this.deadline, PHASE);
  }
}
