// Validation of engine options and query times: nonsense (a negative lookback, `time = 1e300`, a
// zero step, a grid of 10^15 steps) fails up front with an OptionsError naming the parameter.
import { OptionsError } from '../errors.js';
import { following } from '../util/abort.js';
import type { ParserOptions } from '../parser/parse.js';
import type { Storage } from '../storage/types.js';

/** Default lookback delta of instant selectors: 5m, as Prometheus. */
export const DEFAULT_LOOKBACK_DELTA_MS = 300_000;
/** Default `maxSamples`: 50,000,000, as Prometheus's server (`--query.max-samples`). */
export const DEFAULT_MAX_SAMPLES = 50_000_000;
/** Default query timeout: 2m, as Prometheus's server (`--query.timeout`). */
export const DEFAULT_TIMEOUT_MS = 120_000;
/** Default step of subqueries written without one: 1m (Prometheus's default evaluation_interval). */
export const DEFAULT_SUBQUERY_STEP_MS = 60_000;

/**
 * Largest query time magnitude (ms): 8.64e15, the range of a JavaScript `Date` (years −271821 to
 * 275760). It lies inside Prometheus's int64-ms range, and any time in it plus or minus the
 * longest duration Prometheus accepts (2^63 ns ≈ 9.2e12 ms) is still an exact integer in a float64.
 */
export const MAX_QUERY_TIME_MS = 8_640_000_000_000_000;

/**
 * Default cap on `floor((end − start) / step)` of a range query: 2^26 (67,108,864), so a huge grid
 * fails with an OptionsError instead of crashing the process. Why this size: V8 aborts the whole
 * process (not a catchable RangeError) when a plain array grows past about 1.1e8 elements, and one
 * output series over the full grid is such an array; 2^26 points still evaluate (`1` over the full
 * grid: about 18 s and 2 GB). Prometheus's engine has no cap (a result over more than
 * `maxSamples` points fails there with the too-many-samples error); its HTTP API uses 11,000 (pass
 * `maxSteps: 11_000` to match it).
 */
export const MAX_QUERY_STEPS = 2 ** 26;

/** Longest delay `setTimeout` honours (Node clamps longer ones to 1 ms, with a warning). */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Engine settings. Every duration is milliseconds and its name ends in `Ms`; the names before
 * 0.2 (`lookbackDelta`, `defaultSubqueryStep`) throw an OptionsError naming the new one.
 */
export interface EngineOptions {
  readonly storage: Storage;
  /** How far back an instant selector looks for a sample, ms (default 5m). */
  readonly lookbackDeltaMs?: number;
  /** Most samples a query may hold in memory (default 50,000,000, as Prometheus's server). */
  readonly maxSamples?: number;
  /** Query timeout, ms (default 2m). */
  readonly timeoutMs?: number;
  /** Step of subqueries written without one, ms (default 1m, Prometheus's evaluation_interval). */
  readonly defaultSubqueryStepMs?: number;
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

/** Engine options after validation, every default filled in. Durations are ms. */
export interface ResolvedEngineOptions {
  readonly storage: Storage;
  /** Positive integer. */
  readonly lookbackDeltaMs: number;
  /** Positive integer, or Infinity for no limit. */
  readonly maxSamples: number;
  /**
   * Positive, possibly fractional or beyond {@link MAX_TIMER_DELAY_MS}; Infinity for no timeout.
   * Implement it with a deadline clock ({@link startDeadline}), not `AbortSignal.timeout`, which
   * fires after 1 ms for delays ≥ 2^31 ms and throws for Infinity.
   */
  readonly timeoutMs: number;
  /** Positive integer. */
  readonly defaultSubqueryStepMs: number;
  readonly delayedNameRemoval: boolean;
  readonly useStartTimestamps: boolean;
  /** The caller's parser options, with `durationExpressions` on unless turned off. */
  readonly parser: ParserOptions;
}

const PARSER_FLAGS = ['experimentalFunctions', 'durationExpressions', 'extendedRangeSelectors', 'binopFillModifiers'] as const;

function fail(option: string, message: string): never {
  throw new OptionsError(option, `invalid engine option ${option}: ${message}`);
}

/** Option names of 0.1 and their replacements (durations gained the `Ms` suffix in 0.2). */
export const RENAMED_OPTIONS: Readonly<Record<string, string>> = {
  lookbackDelta: 'lookbackDeltaMs',
  defaultSubqueryStep: 'defaultSubqueryStepMs',
};

// Listed once: Object.entries on every query was a measurable part of a small query's cost.
const RENAMED = Object.entries(RENAMED_OPTIONS);

/**
 * Throws an OptionsError for an option under its old name (`kind` is "engine" or "query"), so
 * that an upgrade is told the new name instead of the setting being silently ignored.
 */
export function rejectRenamedOptions(o: object, kind: string): void {
  // Usually no option, or a few: the renamed names are looked up only when one is given (two
  // keyed loads per query were a measurable part of a small query's cost after an idle moment).
  let any = false;
  for (const key in o) {
    if (Object.hasOwn(RENAMED_OPTIONS, key)) {
      any = true;
      break;
    }
  }
  if (!any) return;
  for (const [old, now] of RENAMED) {
    if ((o as Record<string, unknown>)[old] !== undefined && Object.hasOwn(o, old)) {
      throw new OptionsError(old, `${kind} option ${old} was renamed ${now} (milliseconds): pass { ${now}: … } instead`);
    }
  }
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? 'an array' : 'an object';
}

/** A positive integer, or undefined. */
function positiveInt(option: string, v: unknown, allowInfinity = false): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v > 0) || (!Number.isSafeInteger(v) && !(allowInfinity && v === Infinity))) {
    fail(option, `must be a positive integer${allowInfinity ? ' or Infinity' : ''}, got ${show(v)}`);
  }
  return v;
}

function bool(option: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') fail(option, `must be a boolean, got ${show(v)}`);
  return v;
}

/**
 * Checks engine options and fills in the defaults. Throws an OptionsError (`option` names the
 * offending key) for:
 * - `storage` without a `select` function;
 * - an option under its name before 0.2 (`lookbackDelta`, `defaultSubqueryStep`: see
 *   `RENAMED_OPTIONS`);
 * - `lookbackDeltaMs` not an integer ≥ 0 ms. Prometheus compatibility: 0 means the default (5m), as
 *   a zero `LookbackDelta` does in Prometheus's `EngineOpts`;
 * - `maxSamples` not a positive integer (Infinity allowed: no limit);
 * - `timeoutMs` not > 0 (fractions, values ≥ 2^31 and Infinity — no timeout — are allowed);
 * - `defaultSubqueryStepMs` not a positive integer;
 * - `delayedNameRemoval`, `useStartTimestamps` or a `parser` flag not a boolean; `parser` not an object.
 * Unknown keys are ignored (callers may spread larger settings objects into the options).
 */
export function validateEngineOptions(opts: EngineOptions): ResolvedEngineOptions {
  if (opts === null || typeof opts !== 'object') throw new OptionsError('options', `engine options must be an object, got ${show(opts)}`);
  const o = opts as unknown as Record<string, unknown>;
  rejectRenamedOptions(o, 'engine');
  const storage = o.storage as Storage | undefined;
  if (storage === null || typeof storage !== 'object' || typeof storage.select !== 'function') {
    fail('storage', `must be an object with a select(request) method, got ${show(storage)}`);
  }
  let lookbackDelta = o.lookbackDeltaMs;
  if (lookbackDelta !== undefined && (typeof lookbackDelta !== 'number' || !Number.isSafeInteger(lookbackDelta) || lookbackDelta < 0)) {
    fail('lookbackDeltaMs', `must be a positive integer number of milliseconds (0 for the default 5m), got ${show(lookbackDelta)}`);
  }
  if (lookbackDelta === undefined || lookbackDelta === 0) lookbackDelta = DEFAULT_LOOKBACK_DELTA_MS;
  const timeoutMs = o.timeoutMs;
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs > 0))) {
    fail('timeoutMs', `must be a positive number of milliseconds or Infinity, got ${show(timeoutMs)}`);
  }
  const parser = o.parser;
  if (parser !== undefined && (parser === null || typeof parser !== 'object' || Array.isArray(parser))) {
    fail('parser', `must be an object of parser flags, got ${show(parser)}`);
  }
  for (const flag of PARSER_FLAGS) bool(`parser.${flag}`, (parser as Record<string, unknown> | undefined)?.[flag], false);
  return {
    storage,
    lookbackDeltaMs: lookbackDelta as number,
    maxSamples: positiveInt('maxSamples', o.maxSamples, true) ?? DEFAULT_MAX_SAMPLES,
    timeoutMs: (timeoutMs as number | undefined) ?? DEFAULT_TIMEOUT_MS,
    defaultSubqueryStepMs: positiveInt('defaultSubqueryStepMs', o.defaultSubqueryStepMs) ?? DEFAULT_SUBQUERY_STEP_MS,
    delayedNameRemoval: bool('delayedNameRemoval', o.delayedNameRemoval, false),
    useStartTimestamps: bool('useStartTimestamps', o.useStartTimestamps, false),
    parser: { durationExpressions: true, ...(parser as ParserOptions | undefined) },
  };
}

/**
 * The lookback delta of one query: the per-query override (the API's `lookback_delta`) when it is
 * a positive integer, the engine's otherwise. Prometheus compatibility: 0 (or absent) means the
 * engine's. A negative, fractional or non-finite override throws an OptionsError (Prometheus
 * silently falls back to the default for a negative one; we call that nonsense out).
 */
export function resolveQueryLookback(override: number | undefined, engineLookback: number): number {
  if (override === undefined || override === 0) return engineLookback;
  if (typeof override !== 'number' || !Number.isSafeInteger(override) || override < 0) {
    throw new OptionsError('lookbackDeltaMs', `invalid query option lookbackDeltaMs: must be a positive integer number of milliseconds (0 for the engine's), got ${show(override)}`);
  }
  return override;
}

/** A time in the API: milliseconds since the epoch, or a Date. */
export type TimeInput = number | Date;

/**
 * The time parameters of a query: `{ time }` for an instant query, `{ start, end, step }` for a
 * range query (times in ms or Dates, the step in ms).
 */
export type QueryTimesInput = { readonly time: TimeInput } | { readonly start: TimeInput; readonly end: TimeInput; readonly step: number };

/** Validated query times and the size of the evaluation grid. An instant query is `start = end = time`, `step = 0`. */
export interface QueryTimes {
  readonly start: number;
  readonly end: number;
  readonly step: number;
  /** Number of evaluation steps: `floor((end − start) / step) + 1`, or 1 for an instant query. */
  readonly points: number;
}

/** Limits of {@link validateQueryTimes}. */
export interface QueryTimeLimits {
  /** Largest `floor((end − start) / step)` accepted (default {@link MAX_QUERY_STEPS}). */
  readonly maxSteps?: number;
}

/**
 * A time of the API (`name` is the parameter: `time`, `start`, `end`, …) as ms since the epoch:
 * a Date is converted, then the time is validated. Throws an OptionsError naming the parameter for
 * an invalid Date, a non-number, a fraction of a millisecond or a time beyond ±{@link MAX_QUERY_TIME_MS}.
 */
export function toTimeMs(name: string, v: unknown): number {
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isNaN(t)) throw new OptionsError(name, `${name} is an invalid Date`);
    return t;
  }
  if (typeof v !== 'number') throw new OptionsError(name, `${name} must be a number of milliseconds or a Date, got ${show(v)}`);
  if (!Number.isInteger(v)) throw new OptionsError(name, `${name} must be an integer number of milliseconds, got ${v}`);
  if (v > MAX_QUERY_TIME_MS || v < -MAX_QUERY_TIME_MS) {
    throw new OptionsError(name, `${name} is out of range: ${v} is not within ±${MAX_QUERY_TIME_MS} ms (years -271821 to 275760)`);
  }
  return v;
}

/**
 * Checks the times of a query, in the order Prometheus's HTTP API does, and sizes its grid. Throws
 * an OptionsError (`option` is `time`, `start`, `end`, `step` or `maxSteps`) when:
 * - a time is not a number or a Date, not an integer number of ms, or beyond ±{@link MAX_QUERY_TIME_MS};
 * - `end < start`: `end timestamp must not be before start time` (Prometheus's words);
 * - `step ≤ 0`: `zero or negative query resolution step widths are not accepted. Try a positive
 *   integer` (Prometheus's words); a NaN, infinite or fractional step: a message naming `step`;
 * - `floor((end − start) / step) > maxSteps`: Prometheus's `exceeded maximum resolution of 11,000
 *   points per timeseries. …` with the cap in place of 11,000. Prometheus compatibility: the cap
 *   bounds the number of step intervals, so `maxSteps + 1` points are still accepted.
 */
export function validateQueryTimes(q: QueryTimesInput, limits: QueryTimeLimits = {}): QueryTimes {
  if ('time' in q) {
    const t = toTimeMs('time', q.time);
    return { start: t, end: t, step: 0, points: 1 };
  }
  const start = toTimeMs('start', q.start);
  const end = toTimeMs('end', q.end);
  if (end < start) throw new OptionsError('end', 'end timestamp must not be before start time');
  const step = q.step as unknown;
  if (typeof step !== 'number') throw new OptionsError('step', `step must be a number of milliseconds, got ${show(step)}`);
  if (step <= 0) throw new OptionsError('step', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
  if (!Number.isInteger(step)) throw new OptionsError('step', `step must be an integer number of milliseconds, got ${step}`);
  const maxSteps = limits.maxSteps ?? MAX_QUERY_STEPS;
  if (!Number.isSafeInteger(maxSteps) || maxSteps < 0) throw new OptionsError('maxSteps', `maxSteps must be a non-negative integer, got ${show(maxSteps)}`);
  const intervals = Math.floor((end - start) / step);
  if (intervals > maxSteps) {
    throw new OptionsError('step', `exceeded maximum resolution of ${maxSteps.toLocaleString('en-US')} points per timeseries. Try decreasing the query resolution (?step=XX)`);
  }
  return { start, end, step, points: intervals + 1 };
}

/** A query deadline: an AbortSignal that fires at `at` (ms since the epoch) or when the parent does. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** When the query times out, by `Date.now()`; Infinity for no timeout. */
  readonly at: number;
  /** Whether the deadline has passed (cheap: for checks inside evaluation loops). */
  expired(now?: number): boolean;
  /** Clears the timer and the listener on the parent signal. Call when the query ends. */
  dispose(): void;
  /** Aborts the signal now (unless it is aborted already): the query failed before it fired. */
  abort(reason: unknown): void;
}

/** What a deadline's signal aborts with when the time is up (as `AbortSignal.timeout`'s). */
export function timeoutReason(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

/**
 * Starts a deadline of `timeoutMs` (any positive number, Infinity for none). Unlike
 * `AbortSignal.timeout` it handles delays beyond {@link MAX_TIMER_DELAY_MS} (re-arming the timer)
 * and Infinity (no timer). On timeout the signal's reason is a `TimeoutError` DOMException, as
 * `AbortSignal.timeout` gives; on the parent's abort, the parent's reason. The timer keeps the
 * process alive until dispose() (see arm); many deadlines may share one parent (see following).
 */
export function startDeadline(timeoutMs: number, parent?: AbortSignal, now = Date.now()): Deadline {
  const controller = new AbortController();
  const at = now + timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    const left = at - Date.now();
    if (left <= 0) {
      controller.abort(timeoutReason());
      return;
    }
    // The timer keeps the process alive on purpose: a query waiting on a storage that never
    // settles must still reject at its deadline rather than let the process exit. dispose() clears it.
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_DELAY_MS));
  };
  const { signal, stop } = following(controller, parent);
  if (!signal.aborted && Number.isFinite(at)) arm();
  return {
    signal,
    at,
    expired: (t = Date.now()) => t >= at,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      stop();
    },
    abort: (reason) => {
      if (!signal.aborted) controller.abort(reason);
    },
  };
}
