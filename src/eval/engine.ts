// The Engine: parse → check → prepare → fetch (async) → evaluate (sync) → result.
import { parse, type ParserOptions } from '../parser/parse.js';
import type { Expr } from '../parser/ast.js';
import { typeOf, documentedType } from '../parser/types.js';
import { EvalError, PromQLError } from '../errors.js';
import type { Storage } from '../storage/types.js';
import { compareLabels, dropMetricName, EMPTY_LABELS, labelsKey } from '../storage/labels.js';
import { prepare } from './prepare.js';
import { fetchAll } from './fetch.js';
import { asCancelError, EvalContext } from './context.js';
import { makeGrid, stepTime, type Grid } from '../functions/support/grid.js';
import { Annotations } from './annotations.js';
import { evaluate } from './evaluator.js';
import { extendFloats } from './selectors.js';
import { mergeSameLabels, sameLabelsetError } from '../functions/support/output.js';
import type { MatrixSeries, QueryResult, QueryValue, VectorSample } from './result.js';
import type { StepSeries, StepValue } from './values.js';

/** Engine settings. Durations and times are milliseconds. */
export interface EngineOptions {
  readonly storage: Storage;
  /** How far back an instant selector looks for a sample (default 5m). */
  readonly lookbackDelta?: number;
  /** Most samples a query may hold in memory (default 50,000,000, as Prometheus's server). */
  readonly maxSamples?: number;
  /** Query timeout (default 2m). */
  readonly timeoutMs?: number;
  /** Step of subqueries written without one (default 1m, Prometheus's evaluation_interval). */
  readonly defaultSubqueryStep?: number;
  /** Keep `__name__` until the end of evaluation (Prometheus `promql-delayed-name-removal`). */
  readonly delayedNameRemoval?: boolean;
  /** Parser features (experimental functions, extended range selectors, fill modifiers). */
  readonly parser?: ParserOptions;
  /**
   * Use the storage's start timestamps in rate/increase/irate/resets and start_timestamp()
   * (Prometheus `--enable-feature=use-start-timestamps`; off by default, as in a server).
   */
  readonly useStartTimestamps?: boolean;
}

/** Per-query options. */
export interface QueryOptions {
  readonly signal?: AbortSignal;
  /** Overrides the engine's lookback delta for this query (the API's `lookback_delta`). */
  readonly lookbackDelta?: number;
}

/**
 * The settings Prometheus's own test suite runs with (promqltest `NewTestEngine`): all experimental
 * parser features, delayed name removal, 5m lookback, 1m default subquery step, 10000 max samples.
 */
export const PROMQLTEST_ENGINE_PRESET = {
  lookbackDelta: 300_000,
  maxSamples: 10_000,
  timeoutMs: 100_000,
  defaultSubqueryStep: 60_000,
  delayedNameRemoval: true,
  useStartTimestamps: true,
  parser: { experimentalFunctions: true, durationExpressions: true, extendedRangeSelectors: true, binopFillModifiers: true },
} as const satisfies Omit<EngineOptions, 'storage'>;

/** Evaluates PromQL queries over a Storage. */
export class Engine {
  private readonly o: Required<Omit<EngineOptions, 'parser'>> & { parser: ParserOptions };

  constructor(opts: EngineOptions) {
    this.o = {
      lookbackDelta: 300_000, maxSamples: 50_000_000, timeoutMs: 120_000, defaultSubqueryStep: 60_000,
      delayedNameRemoval: false, useStartTimestamps: false, ...opts, parser: { durationExpressions: true, ...opts.parser },
    };
  }

  /** Parses a query with the engine's parser options (throws ParseError). */
  parse(query: string): Expr {
    return parse(query, this.o.parser);
  }

  /** Evaluates `query` at `time` (ms since the epoch). */
  instantQuery(query: string, time: number, opts: QueryOptions = {}): Promise<QueryResult> {
    return this.run(query, time, time, 0, opts);
  }

  /** Evaluates `query` at `start, start+step, …, ≤ end` (ms). */
  rangeQuery(query: string, start: number, end: number, step: number, opts: QueryOptions = {}): Promise<QueryResult> {
    if (!(step > 0)) throw new EvalError('zero or negative query resolution step widths are not accepted. Try a positive integer');
    if (end < start) throw new EvalError('end timestamp must not be before start time');
    return this.run(query, start, end, step, opts);
  }

  private async run(query: string, start: number, end: number, step: number, opts: QueryOptions): Promise<QueryResult> {
    for (const [n, v] of [[step > 0 ? 'start' : 'time', start], ['end', end], ['step', step]] as const) {
      if (!Number.isInteger(v)) throw new EvalError(`${n} must be an integer number of milliseconds, got ${v}`);
    }
    const expr = this.parse(query);
    const isRange = step > 0;
    if (isRange) {
      const t = typeOf(expr);
      if (t !== 'scalar' && t !== 'vector') {
        throw new EvalError(`invalid expression type "${documentedType(t)}" for range query, must be Scalar or instant Vector`);
      }
    }
    const lookbackDelta = opts.lookbackDelta ?? this.o.lookbackDelta;
    const plan = prepare(expr, {
      query, start, end, step, lookbackDelta, defaultSubqueryStep: () => this.o.defaultSubqueryStep,
    });
    const signals = [AbortSignal.timeout(this.o.timeoutMs)];
    if (opts.signal) signals.push(opts.signal);
    const signal = AbortSignal.any(signals);
    try {
      await fetchAll(plan, this.o.storage, step, signal);
    } catch (e) {
      if (signal.aborted && !(e instanceof PromQLError)) throw asCancelError(signal.reason, 'query preparation');
      throw e;
    }
    if (signal.aborted) throw asCancelError(signal.reason, 'query preparation');
    const annotations = new Annotations();
    const ctx = new EvalContext(query, plan, {
      lookbackDelta, delayedNameRemoval: this.o.delayedNameRemoval, maxSamples: this.o.maxSamples,
      useStartTimestamps: this.o.useStartTimestamps,
    }, annotations, signal);
    const grid = isRange ? makeGrid(start, end, step) : makeGrid(start, start, 1);
    const value = evaluate(ctx, expr, grid);
    const result = isRange ? rangeResult(ctx, value, grid) : instantResult(ctx, value, start);
    return { ...result, warnings: annotations.render(query, 'warning'), infos: annotations.render(query, 'info') };
  }
}

function cleanupNames(ctx: EvalContext, series: StepSeries[]): StepSeries[] {
  if (!ctx.settings.delayedNameRemoval) return series;
  return series.map((s) => (s.dropName ? { ...s, labels: dropMetricName(s.labels), dropName: false } : s));
}

function rangeResult(ctx: EvalContext, v: StepValue, g: Grid): QueryValue {
  let series: StepSeries[];
  if (v.type === 'scalar') {
    series = [{ labels: EMPTY_LABELS, values: v.values, present: new Uint8Array(g.steps).fill(1), dropName: false }];
  } else if (v.type === 'vector') {
    series = mergeSameLabels(cleanupNames(ctx, v.series));
  } else {
    throw new EvalError(`invalid expression type "${v.type}" for range query, must be Scalar or instant Vector`);
  }
  const result: MatrixSeries[] = [];
  for (const s of series) {
    const timestamps: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < g.steps; i++) {
      if (!s.present[i]) continue;
      timestamps.push(stepTime(g, i));
      values.push(s.values[i]);
    }
    if (timestamps.length > 0) result.push({ labels: s.labels, timestamps, values });
  }
  result.sort((a, b) => compareLabels(a.labels, b.labels));
  return { resultType: 'matrix', result };
}

function instantResult(ctx: EvalContext, v: StepValue, t: number): QueryValue {
  switch (v.type) {
    case 'scalar':
      return { resultType: 'scalar', result: { t, value: v.values[0] } };
    case 'string':
      return { resultType: 'string', result: { t, value: v.value } };
    case 'vector': {
      const series = cleanupNames(ctx, v.series);
      const seen = new Set<string>();
      const result: VectorSample[] = [];
      for (const s of series) {
        if (!s.present[0]) continue;
        const k = labelsKey(s.labels);
        if (ctx.settings.delayedNameRemoval && seen.has(k)) throw sameLabelsetError();
        seen.add(k);
        result.push({ labels: s.labels, t, value: s.values[0] });
      }
      return { resultType: 'vector', result };
    }
    case 'matrix': {
      const hi = v.windowEnd[0];
      const lo = hi - v.range;
      const byKey = new Map<string, MatrixSeries>();
      for (const s of v.series) {
        const labels = ctx.settings.delayedNameRemoval && s.dropName ? dropMetricName(s.labels) : s.labels;
        let timestamps: number[] = [];
        let values: number[] = [];
        if (v.extended) {
          ({ t: timestamps, v: values } = extendFloats(s.t, s.v, lo, hi, v.extended.kind === 'smoothed'));
        } else {
          for (let j = 0; j < s.t.length; j++) {
            if (s.t[j] > lo && s.t[j] <= hi) {
              timestamps.push(s.t[j]);
              values.push(s.v[j]);
            }
          }
        }
        if (timestamps.length === 0) continue;
        const k = labelsKey(labels);
        if (byKey.has(k)) throw sameLabelsetError();
        byKey.set(k, { labels, timestamps, values });
      }
      return { resultType: 'matrix', result: [...byKey.values()].sort((a, b) => compareLabels(a.labels, b.labels)) };
    }
  }
}
