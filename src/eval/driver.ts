// The driver: runs operator generators with an explicit stack (any nesting depth), accounts for
// the samples each value holds, yields to the event loop between time slices, and can record
// per-node statistics for analyze().
import { clock, yieldTurn, type EvalContext } from './context.js';
import { noteValue, operate } from './evaluator.js';
import { PAUSE, type Request } from './ops.js';
import type { StepValue } from './values.js';
import type { Pos } from '../parser/ast.js';
import { EvalError, UnsupportedError } from '../errors.js';

/** What analyze() reports for one plan node, summed over its evaluations (batches). */
export interface NodeStats {
  /** Times the node was evaluated (once per batch of steps it was asked for). */
  evaluations: number;
  /** Wall time in ms from start to end of each evaluation, children and pauses included. */
  totalMs: number;
  /** Wall time in ms spent in the node's own code. */
  selfMs: number;
  /** The most series one evaluation returned. */
  series: number;
  /** Samples returned, summed over evaluations. */
  samples: number;
  /** The most samples held by the query while this node was being evaluated. */
  peakSamples: number;
}

interface Frame {
  readonly gen: Generator<Request, unknown, StepValue>;
  readonly id: number;
  /** Position of the node's expression (the root's for the root frame). */
  readonly pos: Pos | null;
  /** Samples of the child values this frame has received and not yet released. */
  held: number;
  peak: number;
  readonly started: number;
}

/** Lets timers, I/O and other queries run, then checks the deadline and the signal. */
async function pause(ctx: EvalContext): Promise<void> {
  ctx.endSlice();
  ctx.checkNow();
  await yieldTurn(ctx);
  ctx.newSlice();
  ctx.checkNow();
}

/**
 * Runs `root` (a generator that asks for plan-node values like an operator does) to completion.
 * The values `root` receives stay accounted as held until it returns. With `stats`, per-node
 * statistics are added to it (indexed by plan node id).
 */
export async function drive<R>(ctx: EvalContext, root: Generator<Request, R, StepValue>, stats?: NodeStats[]): Promise<R> {
  const stack: Frame[] = [{ gen: root, id: -1, pos: ctx.plan.tree.pos, held: 0, peak: 0, started: 0 }];
  let input = undefined as unknown as StepValue;
  // The slice began with the query: parsing, planning and a storage that answers without yielding
  // (MemoryStorage) ran in it, so pause first when they already used it (a cold first query).
  if (ctx.sliceUsed()) await pause(ctx);
  for (;;) {
    const f = stack[stack.length - 1];
    const t0 = clock();
    let r: IteratorResult<Request, unknown>;
    try {
      r = f.gen.next(input);
    } catch (e) {
      // An evaluation error concerns the expression whose operator raised it.
      if ((e instanceof EvalError || e instanceof UnsupportedError) && f.pos) e.placeAt(f.pos);
      throw e;
    }
    const ran = clock() - t0;
    if (ran > ctx.longestRun) ctx.longestRun = ran;
    if (stats && f.id >= 0) stats[f.id].selfMs += ran;
    if (r.done) {
      stack.pop();
      if (stack.length === 0) {
        ctx.endSlice();
        ctx.release(f.held);
        return r.value as R;
      }
      const v = r.value as StepValue;
      const n = noteValue(ctx, v);
      ctx.hold(n);
      const peak = Math.max(f.peak, ctx.heldSamples);
      ctx.release(f.held);
      const parent = stack[stack.length - 1];
      parent.held += n;
      parent.peak = Math.max(parent.peak, peak);
      if (stats) record(stats[f.id], v, n, peak, clock() - f.started);
      input = v;
      if (ctx.sliceUsed()) await pause(ctx);
    } else if (r.value === PAUSE) {
      input = undefined as unknown as StepValue;
      await pause(ctx);
    } else {
      input = undefined as unknown as StepValue;
      const { node, grid } = r.value;
      stack.push({ gen: operate(ctx, node, grid), id: node.id, pos: node.pos, held: 0, peak: 0, started: stats ? clock() : 0 });
    }
  }
}

function record(s: NodeStats, v: StepValue, samples: number, peak: number, ms: number): void {
  s.evaluations++;
  s.totalMs += ms;
  s.samples += samples;
  s.peakSamples = Math.max(s.peakSamples, peak);
  const series = v.type === 'vector' || v.type === 'matrix' ? v.series.length : v.type === 'scalar' ? 1 : 0;
  s.series = Math.max(s.series, series);
}

/** Empty statistics for a plan of `size` nodes. */
export function emptyStats(size: number): NodeStats[] {
  return Array.from({ length: size }, () => ({ evaluations: 0, totalMs: 0, selfMs: 0, series: 0, samples: 0, peakSamples: 0 }));
}
