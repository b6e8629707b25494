// The protocol between operators and the driver: what an operator may yield, and what it gets back.
import type { Grid } from '../functions/support/grid.js';
import type { PlanNode } from './plan/nodes.js';
import type { StepValue } from './values.js';
import { SLICE_MS, type EvalContext } from './context.js';

/** Yielded by an operator that has used up its time slice: the driver lets the event loop run. */
export const PAUSE = Symbol('pause');

/** What an operator may ask of the driver: a child's value over a grid, or a pause. */
export type Request = { readonly node: PlanNode; readonly grid: Grid } | typeof PAUSE;

/**
 * An operator's run. Contract: it yields a Request for each child value it needs and receives the
 * value back; the driver owns the accounting of those values (they count as held until the
 * operator returns). It must not keep references to its inputs after returning, and may yield
 * PAUSE between units of work whenever `ctx.sliceUsed()`.
 */
export type OpGen<T = StepValue> = Generator<Request, T, StepValue>;

/**
 * Runs `body(0) … body(count-1)`, pausing between calls once the time slice is used and checking
 * the deadline. The loop body lives in a plain function, which the JIT optimises better than code
 * inside a generator.
 */
export function* forEachPaused(ctx: EvalContext, count: number, body: (i: number) => void): Generator<Request, void, StepValue> {
  // The clock is read after the first call, then every 8th call while calls are quick, and at
  // every call once the first or 8 calls took more than a millisecond (a call over 100,000 series
  // can take tens of ms: the 5 steps of count_values' output ran 290 ms before an 8th call).
  let every = 8;
  let next = 1;
  // From where the slice stands now: what ran before the loop is not the calls' time.
  let last = count > 1 ? ctx.sliceElapsed() : 0;
  for (let i = 0; i < count; i++) {
    if (i === next) {
      const t = ctx.sliceElapsed();
      if (t - last > 1) every = 1;
      if (t >= SLICE_MS) {
        yield PAUSE;
        last = 0;
      } else {
        last = t;
      }
      next = i + every;
    }
    ctx.checkCancelled();
    body(i);
  }
}

/**
 * Runs a pausable step (a generator whose yields are only places where it may pause, see
 * runDeepPausing) inside an operator: PAUSE at such a place once the time slice is used.
 */
export function* pausing<R>(ctx: EvalContext, step: Generator<void, R, void>): Generator<Request, R, StepValue> {
  for (;;) {
    const r = step.next();
    if (r.done) return r.value;
    ctx.checkCancelled();
    if (ctx.sliceUsed()) yield PAUSE;
  }
}
