// Evaluation context: the time grid of the node being evaluated, the plan, engine settings,
// annotations, the per-query series store, the sample limit, the deadline clock and cancellation.
import type { Plan, SelectorPlan } from './prepare.js';
import type { PlanNode } from './plan/nodes.js';
import type { Annotations } from './annotations.js';
import type { Series } from '../storage/types.js';
import type { StepValue } from './values.js';
import type { SubqueryMemo } from './subquery.js';
import { CancelledError, LimitError } from '../errors.js';
import type { Grid } from '../functions/support/grid.js';
import type { VectorSelector } from '../parser/ast.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';
import { statsOnlySelectors } from './histogram-stats.js';

/** Engine settings the evaluator reads. */
export interface EvalSettings {
  readonly lookbackDelta: number;
  readonly delayedNameRemoval: boolean;
  readonly maxSamples: number;
  /** Use samples' start timestamps in rate/increase/irate/resets (Prometheus `use-start-timestamps`). */
  readonly useStartTimestamps: boolean;
}

/**
 * How long evaluation may run before it yields to the event loop (ms). A timer waits about a
 * slice plus whatever garbage collection falls inside or right after it: V8's young-generation
 * collections take 20–40 ms on a 2-core machine while a query over 100,000 series keeps most of
 * what it allocates alive, so 15 ms slices let a 1 ms ticker wait 50–90 ms there, 5 ms slices
 * 40–60 ms; on the heavy benchmark set the longest waits went from 33–37 to 25–33 ms, with no
 * change in the queries' times. Step batches are sized apart from this (evaluator.ts's BATCH_MS).
 */
export const SLICE_MS = 5;

const now: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

/**
 * Lets timers, I/O and other queries run (a macrotask later): `setImmediate` under Node; in
 * browsers and workers a message to itself, since a `setTimeout(0)` made from a timer's turn
 * waits at least 4 ms there once nested five deep (every pause of a long query would idle that
 * long, as much as a 5 ms slice of work).
 */
export const yieldNow: () => Promise<void> = typeof setImmediate === 'function'
  ? () => new Promise((resolve) => setImmediate(resolve))
  : typeof MessageChannel === 'function'
    ? messageYield
    : () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A yield through a message: a channel of its own each time, closed once it has delivered, so
 * that no open port keeps a runtime's event loop alive (Deno's would) after the query.
 */
export function messageYield(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    // The DOM's port (Node's types describe Node's own, which has no `onmessage`).
    const port = channel.port1 as unknown as { onmessage: (() => void) | null; close(): void };
    port.onmessage = () => {
      port.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * {@link yieldNow} for a query's first pause. Under Node a query started in an I/O callback (an
 * HTTP request) or a timer would run its second time slice in the same turn of the event loop,
 * in its check phase, before any timer: a timer due meanwhile waited two slices. Yielding twice
 * the first time, the query's slices run in check phases from then on, each after the timers of
 * its turn (a ticker's longest wait 31 → 15 ms for a query started in an I/O callback).
 */
const yieldFirst: () => Promise<void> = typeof setImmediate === 'function'
  ? () => yieldNow().then(yieldNow)
  : yieldNow;

/** Yields to the event loop for a query whose slices `q` tracks: twice the first time (see {@link yieldFirst}). */
export async function yieldTurn(q: { yielded: boolean }): Promise<void> {
  await (q.yielded ? yieldNow() : yieldFirst());
  q.yielded = true;
}

/** A monotonic clock in ms (for deadlines and timings). */
export function clock(): number {
  return now();
}

/** See {@link EvalContext.stats}. */
export interface StatsState {
  readonly histograms: WeakMap<Series, (FloatHistogram | undefined)[]>;
  readonly windowEnds: Map<SelectorPlan, Float64Array>;
}

/**
 * Shared state of one query's evaluation.
 *
 * Contract: operators call `checkCancelled()` (cheap, counted) inside long loops; it throws the
 * timeout or cancellation error once the deadline has passed or the signal fired, whichever the
 * loop reaches first. `sliceUsed()` tells a cooperative operator that it has run for a whole time
 * slice and should yield to the event loop. Samples are accounted with `hold`/`release`: the
 * number held at once may not exceed `maxSamples`; `peak` is the largest number held.
 */
export class EvalContext {
  /** Samples held right now. */
  private held = 0;
  /** The most samples held at once. */
  peak = 0;
  /** Samples read from storage, summed over the steps that read them (Prometheus `totalQueryableSamples`). */
  queryable = 0;
  private ticks = 0;
  private sliceStart = now();
  /**
   * Per step-invariant subtree (by plan node id), its single evaluation and the samples that
   * evaluation read (counted once per step of every batch it is broadcast to, as Prometheus does).
   */
  readonly invariants = new Map<number, { readonly value: StepValue; readonly queryable: number }>();
  /** The most series any selector selected (sizes the first step batch). */
  widestInput = 0;
  /** The most series of any value produced in the current batch (sizes the next one). */
  widestValue = 0;
  /** The most histogram samples per step of any vector produced in the current batch (sizes the next one). */
  histogramsPerStep = 0;
  /** Subqueries' inner points evaluated so far, by plan node id. */
  readonly subqueries = new Map<number, SubqueryMemo>();
  /** Subqueries whose inner evaluation over the whole query is a single step (plan node ids). */
  readonly instantSubqueries = new Set<number>();
  /** The grid of the whole query (set by the engine before evaluation). */
  queryGrid: Grid | undefined;
  private statsOnly: Set<VectorSelector> | undefined;
  private statsState: StatsState | undefined;

  /**
   * What a query reading histograms as statistics only keeps (made on first use: most queries
   * never read any): per series, its histograms as Prometheus's stats iterator reads them, and per
   * selector, the window ends over the whole query (shared by its series).
   */
  get stats(): StatsState {
    return (this.statsState ??= { histograms: new WeakMap(), windowEnds: new Map() });
  }

  /** Whether `n` is the query's own expression (alone or as the step-invariant root). */
  isQueryRoot(n: PlanNode): boolean {
    const root = this.plan.tree;
    return root === n || (root.kind === 'stepInvariant' && root.child === n);
  }

  /** Whether the selector's histograms are read as statistics only (see histogram-stats.ts). */
  isStatsOnly(node: VectorSelector): boolean {
    return (this.statsOnly ??= statsOnlySelectors(this.plan.root)).has(node);
  }

  constructor(
    readonly query: string,
    readonly plan: Plan,
    readonly settings: EvalSettings,
    readonly annotations: Annotations,
    private readonly signal: AbortSignal | undefined,
    /** The clock time after which the query has timed out (Infinity for none). */
    readonly deadline: number,
    /** The series each selector selected (filled by the fetch step). */
    readonly series: Map<SelectorPlan, Series[]> = new Map(),
  ) {}

  /** Throws if the query was cancelled or timed out. Cheap enough to call in inner loops. */
  checkCancelled(): void {
    if ((++this.ticks & 1023) !== 0) return;
    this.checkNow();
  }

  /** Checks cancellation and the deadline right now. */
  checkNow(env = 'expression evaluation'): void {
    checkLimits(this.signal, this.deadline, env);
  }

  /** Whether the current time slice is used up (the caller should yield to the event loop). */
  sliceUsed(): boolean {
    return this.sliceElapsed() >= SLICE_MS;
  }

  /** How long (ms) the current time slice has run: it is used up at {@link SLICE_MS}. */
  sliceElapsed(): number {
    return now() - this.sliceStart;
  }

  /** The longest stretch (ms) evaluation ran without yielding to the event loop. */
  longestSlice = 0;
  /** Whether the query has yielded to the event loop yet (see {@link yieldTurn}). */
  yielded = false;
  /** The longest single run (ms) of one operator between two of its yields (sizes step batches). */
  longestRun = 0;

  /** Ends the current time slice (before a yield). */
  endSlice(): void {
    this.longestSlice = Math.max(this.longestSlice, now() - this.sliceStart);
  }

  /** Starts a new time slice (after a yield), or the first one at `at` (when the query began). */
  newSlice(at = now()): void {
    this.sliceStart = at;
  }

  /** The samples of a selector, as fetched. */
  seriesOf(p: SelectorPlan): Series[] {
    return this.series.get(p) ?? [];
  }

  /** Accounts for samples now held in memory; throws LimitError beyond `maxSamples`. */
  hold(n: number): void {
    this.held += n;
    if (this.held > this.peak) this.peak = this.held;
    if (this.held > this.settings.maxSamples) {
      throw new LimitError('query processing would load too many samples into memory in query execution');
    }
  }

  /** Releases accounted samples (an operator's input it no longer needs). */
  release(n: number): void {
    this.held -= n;
  }

  /** Samples held right now. */
  get heldSamples(): number {
    return this.held;
  }
}

/**
 * Throws the cancellation error once `signal` fired, or the timeout error once the clock passed
 * `deadline`, both naming the phase `env` (Prometheus's words: `query timed out in …`).
 */
export function checkLimits(signal: AbortSignal | undefined, deadline: number, env: string): void {
  if (signal?.aborted) throw asCancelError(signal.reason, env);
  if (now() > deadline) throw new LimitError(`query timed out in ${env}`, 'timeout');
}

/** Converts an abort reason into Prometheus's timeout/cancel error. */
export function asCancelError(reason: unknown, env: string): Error {
  if (reason instanceof CancelledError || reason instanceof LimitError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return new LimitError(`query timed out in ${env}`, 'timeout');
  return new CancelledError(`query was canceled in ${env}`);
}
