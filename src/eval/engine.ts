// The Engine: parse → check → prepare → fetch (async) → evaluate (sync) → result.
import { parse, parsing, type ParserOptions } from '../parser/parse.js';
import type { Expr } from '../parser/ast.js';
import { typeOf, documentedType } from '../parser/types.js';
import { EvalError, LimitError, ParseError, PromQLError } from '../errors.js';
import type { Storage } from '../storage/types.js';
import { preparing, type Plan } from './prepare.js';
import { PrepSlices } from './prep-slices.js';
import { runToEnd } from '../util/deep.js';
import type { EngineOptions } from './options.js';
import {
  rejectRenamedOptions, resolveQueryLookback, startDeadline, timeoutReason, toTimeMs, validateEngineOptions, validateQueryTimes,
  type Deadline, type ResolvedEngineOptions, type TimeInput,
} from './options.js';
import { fetchAll, fetchingOwn } from './fetch.js';
import { pausableSelect } from '../storage/memory.js';
import { asCancelError, clock, EvalContext } from './context.js';
import { makeGrid } from '../functions/support/grid.js';
import { Annotations } from './annotations.js';
import { drive, emptyStats, type NodeStats } from './driver.js';
import { instantRoot, rangeRoot } from './root.js';
import { queryResult } from './answer-objects.js';
import { ParseCache } from './parse-cache.js';
import { explainingText, explainingTree, explainPlan, instantSubqueries, type Analysis, type Explanation, type RangeSpec } from './explain.js';
import type { QueryResult } from './result.js';
import { slabQuery } from '../util/slab.js';

export type { EngineOptions };

/** Per-query options. */
export interface QueryOptions {
  readonly signal?: AbortSignal;
  /** Overrides the engine's lookback delta for this query, ms (the API's `lookback_delta`). */
  readonly lookbackDeltaMs?: number;
}

/** A range query's times for explain() and analyze(): start and end in ms or Dates, step in ms. */
export interface RangeInput {
  readonly start: TimeInput;
  readonly end: TimeInput;
  readonly step: number;
}

/**
 * The settings Prometheus's own test suite runs with (promqltest `NewTestEngine`): all experimental
 * parser features, delayed name removal, 5m lookback, 1m default subquery step, 10000 max samples.
 */
export const PROMQLTEST_ENGINE_PRESET = {
  lookbackDeltaMs: 300_000,
  maxSamples: 10_000,
  timeoutMs: 100_000,
  defaultSubqueryStepMs: 60_000,
  delayedNameRemoval: true,
  useStartTimestamps: true,
  parser: { experimentalFunctions: true, durationExpressions: true, extendedRangeSelectors: true, binopFillModifiers: true },
} as const satisfies Omit<EngineOptions, 'storage'>;

/** Evaluates PromQL queries over a Storage. */
export class Engine {
  private readonly o: ResolvedEngineOptions;
  /** The trees of the queries evaluated last (the parser options are the engine's, fixed). */
  private readonly parsed = new ParseCache();

  /** Throws OptionsError for nonsense settings (see {@link validateEngineOptions}). */
  constructor(opts: EngineOptions) {
    this.o = validateEngineOptions(opts);
    warmParser();
  }

  /** Parses a query with the engine's parser options (throws ParseError). */
  parse(query: string): Expr {
    return parse(query, this.o.parser);
  }

  /** Evaluates `query` at `time` (ms since the epoch, or a Date). */
  instantQuery(query: string, time: TimeInput, opts: QueryOptions = {}): Promise<QueryResult> {
    let t: number;
    try {
      t = toTimeMs('time', time);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.run(query, t, t, 0, opts);
  }

  /** Evaluates `query` at `start, start+step, …, ≤ end` (times in ms or Dates, `step` in ms). */
  rangeQuery(query: string, start: TimeInput, end: TimeInput, step: number, opts: QueryOptions = {}): Promise<QueryResult> {
    let s: number;
    let e: number;
    try {
      s = toTimeMs('start', start);
      e = toTimeMs('end', end);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.run(query, s, e, step, opts);
  }

  /**
   * The plan of `query` without running it: for an instant query give the time, for a range query
   * `{ start, end, step }` (times in ms or Dates, step in ms). Throws ParseError or EvalError (bad
   * duration expressions), OptionsError for a bad time.
   */
  explain(query: string, time: TimeInput | RangeInput, opts: QueryOptions = {}): Explanation {
    const { start, end, step } = queryRange(time);
    rejectRenamedOptions(opts, 'query');
    const expr = this.parse(query);
    if (step > 0) checkRangeQueryType(expr);
    const plan = this.plan(expr, query, start, end, step, opts);
    return explainPlan(plan, query, { start, end, step });
  }

  /**
   * Runs `query` like instantQuery/rangeQuery and returns its result with the plan annotated with
   * what each node did: evaluations, wall time, series, samples and peak samples.
   */
  async analyze(query: string, time: TimeInput | RangeInput, opts: QueryOptions = {}): Promise<Analysis> {
    const { start, end, step } = queryRange(time);
    let planned: { plan: Plan; stats: NodeStats[] } | undefined;
    let longestBlockMs = 0;
    const result = await this.run(query, start, end, step, opts, {
      plan: (plan) => (planned = { plan, stats: emptyStats(plan.size) }).stats,
      done: (ctx) => (longestBlockMs = ctx.longestSlice),
    });
    // The explanation is built once the query has run (its nodes refer to the statistics the run
    // filled in), in time slices: a 21,000-term chain makes 42,000 nodes and 15 MB of text.
    const slices = new PrepSlices(clock(), Infinity, undefined);
    const tree = await slices.run(explainingTree(planned!.plan, query, { start, end, step }, planned!.stats));
    const text = await slices.run(explainingText(tree));
    return { result, plan: tree, text, longestBlockMs };
  }

  private plan(expr: Expr, query: string, start: number, end: number, step: number, opts: QueryOptions): Plan {
    return runToEnd(this.planning(expr, query, start, end, step, opts));
  }

  /** {@link plan} as a pausable step (see PrepSlices). */
  private planning(expr: Expr, query: string, start: number, end: number, step: number, opts: QueryOptions): Generator<void, Plan, void> {
    return preparing(expr, {
      query, start, end, step, lookbackDelta: resolveQueryLookback(opts.lookbackDeltaMs, this.o.lookbackDeltaMs),
      defaultSubqueryStep: () => this.o.defaultSubqueryStepMs, useStartTimestamps: this.o.useStartTimestamps,
    });
  }

  private async run(
    query: string, start: number, end: number, step: number, opts: QueryOptions,
    analyze?: AnalyzeHooks,
  ): Promise<QueryResult> {
    // The answer is copied out of the slabs before execute returns (see slabQuery).
    const endSlabs = slabQuery();
    try {
      return await this.execute(query, start, end, step, opts, analyze);
    } catch (e) {
      if (e instanceof PromQLError) throw e;
      // Anything else is a defect or an exhausted resource: still a typed error, never a raw one.
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw new EvalError('expression nested too deeply');
      throw new EvalError(`internal error: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      endSlabs();
    }
  }

  private async execute(
    query: string, start: number, end: number, step: number, opts: QueryOptions,
    analyze?: AnalyzeHooks,
  ): Promise<QueryResult> {
    const began = clock();
    const deadline = began + this.o.timeoutMs;
    validateQueryTimes(step === 0 && start === end ? { time: start } : { start, end, step });
    rejectRenamedOptions(opts, 'query');
    // A huge query's parsing, planning and fetching take several slices (see PrepSlices).
    const slices = new PrepSlices(began, deadline, opts.signal);
    const expr = this.parsed.lookup(query) ?? await this.parseSliced(query, slices);
    const isRange = step > 0;
    if (isRange) checkRangeQueryType(expr);
    const lookbackDelta = resolveQueryLookback(opts.lookbackDeltaMs, this.o.lookbackDeltaMs);
    const planned = slices.run(this.planning(expr, query, start, end, step, opts));
    const plan = planned instanceof Promise ? await planned : planned;
    const stats = analyze?.plan(plan);
    const annotations = new Annotations();
    const ctx = new EvalContext(query, plan, {
      lookbackDelta, delayedNameRemoval: this.o.delayedNameRemoval, maxSamples: this.o.maxSamples,
      useStartTimestamps: this.o.useStartTimestamps,
    }, annotations, opts.signal, deadline);
    const fetched = this.fetch(plan, step, ctx, opts.signal, slices);
    if (fetched) await fetched;
    // The evaluation's slices go on from the preparation's.
    ctx.newSlice(slices.start);
    ctx.longestSlice = slices.longest;
    ctx.yielded = slices.yielded;
    const prepared = clock();
    ctx.checkNow();
    for (const list of ctx.series.values()) ctx.widestInput = Math.max(ctx.widestInput, list.length);
    const grid = isRange ? makeGrid(start, end, step) : makeGrid(start, start, 1);
    ctx.queryGrid = grid;
    for (const id of instantSubqueries(plan, grid)) ctx.instantSubqueries.add(id);
    const root = isRange ? rangeRoot(ctx, plan.tree, grid) : instantRoot(ctx, plan.tree, grid);
    const value = await drive(ctx, root, stats);
    const done = clock();
    analyze?.done(ctx);
    return queryResult(value, annotations.render(query, 'warning'), annotations.render(query, 'info'), {
      timings: {
        evalTotalTime: (done - began) / 1000, resultSortTime: 0, queryPreparationTime: (prepared - began) / 1000,
        innerEvalTime: (done - prepared) / 1000, execQueueTime: 0, execTotalTime: (done - began) / 1000,
      },
      samples: { totalQueryableSamples: ctx.queryable, peakSamples: ctx.peak },
    });
  }

  /** Parses a query not in the cache (throws ParseError), pausing between its phases, and keeps its tree. */
  private async parseSliced(query: string, slices: PrepSlices): Promise<Expr> {
    const parsed = slices.run(parsing(query, this.o.parser));
    const { expr, diagnostics } = parsed instanceof Promise ? await parsed : parsed;
    if (diagnostics.length > 0 || !expr) throw new ParseError(diagnostics);
    this.parsed.remember(query, expr);
    return expr;
  }

  /**
   * Fetches every selector's series into the context: synchronously (undefined) from a
   * MemoryStorage's own select unless a pause is needed, else a promise.
   */
  private fetch(plan: Plan, step: number, ctx: EvalContext, userSignal: AbortSignal | undefined, slices: PrepSlices): Promise<void> | undefined {
    const own = pausableSelect(this.o.storage);
    if (own === undefined) return this.fetchFrom(plan, step, ctx, userSignal, slices);
    // As fetchFrom, without a signal to make: MemoryStorage never reads it.
    throwIfAborted(userSignal);
    if (ctx.deadline - clock() <= 0) throw asCancelError(timeoutReason(), 'query preparation');
    const done = slices.run(fetchingOwn(plan, own, ctx.series), true);
    if (done instanceof Promise) return done.then(() => throwIfAborted(userSignal));
    throwIfAborted(userSignal);
    return undefined;
  }

  /**
   * {@link fetch} from any other storage: runs the plan's selects with the query's timeout and
   * signal. The signal and its timer are made only when a storage reads the request's signal or
   * answers asynchronously, and live only while fetching.
   */
  private async fetchFrom(plan: Plan, step: number, ctx: EvalContext, userSignal: AbortSignal | undefined, slices: PrepSlices): Promise<void> {
    let d: Deadline | undefined;
    let over = false;
    // Why the fetch failed, if it did (what the selects still running are told).
    let failed: { reason: unknown } | undefined;
    // Made on first read while fetching; read later (a storage that kept the request), a signal
    // that never aborts, as the disposed one would be (no timer outlives the fetch), or one
    // aborted already when the fetch failed.
    const signal = (): AbortSignal => {
      if (d === undefined && over) return failed ? AbortSignal.abort(failed.reason) : new AbortController().signal;
      return (d ??= startDeadline(Math.max(0, ctx.deadline - clock()), userSignal)).signal;
    };
    // Why the query stops, if it does: what the signal would say had it been made.
    const abortReason = (): { reason: unknown } | undefined => {
      if (d !== undefined) return d.signal.aborted ? { reason: d.signal.reason } : undefined;
      return userSignal?.aborted ? { reason: userSignal.reason } : undefined;
    };
    try {
      const early = abortReason() ?? (ctx.deadline - clock() <= 0 ? { reason: signal().reason } : undefined);
      if (early) throw asCancelError(early.reason, 'query preparation');
      await fetchAll(plan, this.o.storage, step, signal, ctx.series, slices);
    } catch (e) {
      const stop = abortReason();
      // The selects still running are told the query is over: a pause between selects can find
      // the deadline passed before the signal's timer fires (and a failed select ends the query).
      failed = { reason: stop?.reason ?? (e instanceof LimitError && e.kind === 'timeout' ? timeoutReason() : e) };
      d?.abort(failed.reason);
      if (stop && !(e instanceof PromQLError)) throw asCancelError(stop.reason, 'query preparation');
      throw e;
    } finally {
      over = true;
      d?.dispose();
    }
    const stop = abortReason();
    if (stop) throw asCancelError(stop.reason, 'query preparation');
  }
}

let parserWarm = false;

/**
 * Parses one small query the first time an Engine is made: the parser's first run in a process
 * sets itself up (tens of ms), which would otherwise block the event loop inside the first query.
 */
function warmParser(): void {
  if (parserWarm) return;
  parserWarm = true;
  parse('sum by (job) (rate(up{job="a"}[5m] offset 1m)) > 0', {});
}

/** The ms range of an instant time or a range input (times converted and validated). */
function queryRange(time: TimeInput | RangeInput): RangeSpec {
  if (typeof time === 'number' || time instanceof Date) {
    const t = toTimeMs('time', time);
    return { start: t, end: t, step: 0 };
  }
  return { start: toTimeMs('start', time.start), end: toTimeMs('end', time.end), step: time.step };
}

/** The cancellation error of the preparation, when the user's signal is aborted. */
function throwIfAborted(userSignal: AbortSignal | undefined): void {
  if (userSignal?.aborted) throw asCancelError(userSignal.reason, 'query preparation');
}

/** A range query's expression must be a scalar or an instant vector. */
function checkRangeQueryType(expr: Expr): void {
  const t = typeOf(expr);
  if (t !== 'scalar' && t !== 'vector') {
    throw new EvalError(`invalid expression type "${documentedType(t)}" for range query, must be Scalar or instant Vector`, expr.pos);
  }
}

/** What analyze() observes of a run. */
interface AnalyzeHooks {
  plan(plan: Plan): NodeStats[];
  done(ctx: EvalContext): void;
}

