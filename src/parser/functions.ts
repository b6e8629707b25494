// The PromQL function signature table: argument types, return type, arity, experimental flag.
// Part of the language, as in Prometheus (promql/parser/functions.go): the parser and checker
// read it; the implementation table in src/functions must have the same keys.
import type { ValueType } from './ast.js';

/** A function's static signature. */
export interface FunctionSignature {
  readonly name: string;
  readonly argTypes: readonly ValueType[];
  readonly returnType: ValueType;
  /**
   * 0: exactly `argTypes.length` arguments; n > 0: up to n extra optional arguments beyond
   * `argTypes.length - 1`; -1: at least `argTypes.length - 1`, no upper bound.
   * Extra arguments take the last declared type.
   */
  readonly variadic: number;
  /** Needs the `experimentalFunctions` parser option. */
  readonly experimental: boolean;
  /**
   * What a bare vector selector argument reports instead of its samples' values: their own
   * timestamps (`timestamp`) or their start timestamps (`start_timestamp`, when the engine uses them).
   */
  readonly selectorReports?: 'time' | 'start';
  /** Accepts `anchored` range selectors. */
  readonly anchored?: boolean;
  /** Accepts `smoothed` range selectors. */
  readonly smoothed?: boolean;
  /** Joins info series (`info`): the plan fetches them through a selector of its own. */
  readonly joinsInfo?: boolean;
  /**
   * Each output series depends on one input series only (of the range-vector argument, or of the
   * instant-vector argument: the element-wise math, trig and calendar functions, `timestamp`, the
   * `histogram_*` functions of one native histogram, `label_replace` and `label_join`), so the
   * evaluator may run the function over the series in chunks (and yield between them). False for
   * `absent_over_time`, which looks at all series at once, and for the other functions of an
   * instant vector (aggregating, sorting, classic-bucket ones).
   */
  readonly seriesWise?: boolean;
  /**
   * Merges same-labelled output series even with delayed name removal, as `label_replace` and
   * `label_join` do (they make label sets); the other functions of an instant vector merge them
   * only without it. What the evaluator does with the outputs of chunks (see `seriesWise`).
   */
  readonly relabels?: boolean;
}

const V: ValueType = 'vector';
const M: ValueType = 'matrix';
const S: ValueType = 'scalar';
const Str: ValueType = 'string';

type Row = [name: string, args: ValueType[], ret: ValueType, variadic?: number, experimental?: boolean];

const ROWS: Row[] = [
  ['abs', [V], V], ['absent', [V], V], ['absent_over_time', [M], V],
  ['acos', [V], V], ['acosh', [V], V], ['asin', [V], V], ['asinh', [V], V], ['atan', [V], V], ['atanh', [V], V],
  ['avg_over_time', [M], V], ['ceil', [V], V], ['changes', [M], V],
  ['clamp', [V, S, S], V], ['clamp_max', [V, S], V], ['clamp_min', [V, S], V],
  ['cos', [V], V], ['cosh', [V], V], ['count_over_time', [M], V],
  ['days_in_month', [V], V, 1], ['day_of_month', [V], V, 1], ['day_of_week', [V], V, 1], ['day_of_year', [V], V, 1],
  ['deg', [V], V], ['delta', [M], V], ['deriv', [M], V],
  ['double_exponential_smoothing', [M, S, S], V, 0, true],
  ['end', [], S, 0, true], ['exp', [V], V], ['first_over_time', [M], V], ['floor', [V], V],
  ['histogram_avg', [V], V], ['histogram_count', [V], V], ['histogram_sum', [V], V],
  ['histogram_stddev', [V], V], ['histogram_stdvar', [V], V],
  ['histogram_fraction', [S, S, V], V], ['histogram_quantile', [S, V], V],
  ['histogram_quantiles', [V, Str, S, S], V, 9, true],
  ['hour', [V], V, 1], ['idelta', [M], V], ['increase', [M], V], ['info', [V, V], V, 1, true], ['irate', [M], V],
  ['label_join', [V, Str, Str, Str], V, -1], ['label_replace', [V, Str, Str, Str, Str], V],
  ['last_over_time', [M], V], ['ln', [V], V], ['log10', [V], V], ['log2', [V], V],
  ['mad_over_time', [M], V, 0, true], ['max_of', [S, S], S, 0, true], ['min_of', [S, S], S, 0, true],
  ['max_over_time', [M], V], ['min_over_time', [M], V], ['minute', [V], V, 1], ['month', [V], V, 1],
  ['pi', [], S], ['predict_linear', [M, S], V], ['present_over_time', [M], V], ['quantile_over_time', [S, M], V],
  ['rad', [V], V], ['range', [], S, 0, true], ['rate', [M], V], ['resets', [M], V], ['round', [V, S], V, 1],
  ['scalar', [V], S], ['sgn', [V], V], ['sin', [V], V], ['sinh', [V], V],
  ['sort', [V], V], ['sort_desc', [V], V],
  ['sort_by_label', [V, Str], V, -1, true], ['sort_by_label_desc', [V, Str], V, -1, true],
  ['sqrt', [V], V], ['start', [], S, 0, true], ['start_timestamp', [V], V, 0, true], ['step', [], S, 0, true],
  ['stddev_over_time', [M], V], ['stdvar_over_time', [M], V], ['sum_over_time', [M], V],
  ['tan', [V], V], ['tanh', [V], V], ['time', [], S], ['timestamp', [V], V],
  ['ts_of_first_over_time', [M], V, 0, true], ['ts_of_last_over_time', [M], V, 0, true],
  ['ts_of_max_over_time', [M], V, 0, true], ['ts_of_min_over_time', [M], V, 0, true],
  ['vector', [S], V], ['year', [V], V, 1],
];

type Extra = Pick<FunctionSignature, 'selectorReports' | 'anchored' | 'smoothed' | 'joinsInfo' | 'relabels'>;

/** The functions of an instant vector whose output series each come from one input series (see `seriesWise`). */
const SERIES_WISE_VECTOR_FUNCTIONS = [
  'abs', 'ceil', 'floor', 'exp', 'sqrt', 'ln', 'log2', 'log10', 'sgn', 'deg', 'rad', 'round', 'clamp', 'clamp_min', 'clamp_max',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh',
  'year', 'month', 'day_of_month', 'day_of_year', 'day_of_week', 'hour', 'minute', 'days_in_month', 'timestamp',
  'histogram_count', 'histogram_sum', 'histogram_avg', 'histogram_stddev', 'histogram_stdvar', 'label_replace', 'label_join',
];

const EXTRAS: Record<string, Extra> = {
  timestamp: { selectorReports: 'time' },
  start_timestamp: { selectorReports: 'start' },
  info: { joinsInfo: true },
  rate: { anchored: true, smoothed: true },
  increase: { anchored: true, smoothed: true },
  delta: { anchored: true, smoothed: true },
  changes: { anchored: true },
  resets: { anchored: true },
  label_replace: { relabels: true },
  label_join: { relabels: true },
};

/** All PromQL functions by name (names are case-sensitive). */
export const FUNCTION_SIGNATURES: ReadonlyMap<string, FunctionSignature> = new Map(
  ROWS.map(([name, argTypes, returnType, variadic = 0, experimental = false]) => [
    name,
    {
      name, argTypes, returnType, variadic, experimental,
      seriesWise: (argTypes.includes(M) && name !== 'absent_over_time') || SERIES_WISE_VECTOR_FUNCTIONS.includes(name),
      ...EXTRAS[name],
    },
  ]),
);

/** The functions that accept a range-selector modifier, sorted (for Prometheus's error message). */
export function functionsAccepting(modifier: 'anchored' | 'smoothed'): string[] {
  return [...FUNCTION_SIGNATURES.values()].filter((f) => f[modifier]).map((f) => f.name).sort();
}

/** Functions whose result depends on the evaluation time, so `@` cannot be pushed into them. */
export const AT_MODIFIER_UNSAFE_FUNCTIONS: ReadonlySet<string> = new Set([
  'days_in_month', 'day_of_month', 'day_of_week', 'day_of_year', 'end', 'hour', 'minute', 'month',
  'year', 'predict_linear', 'range', 'start', 'step', 'time', 'timestamp',
]);
