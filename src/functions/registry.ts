// The implementation table, keyed by function name. It has exactly the names of the signature
// table (a test checks this); functions that need native histograms or start timestamps either
// ignore float input as Prometheus does or fail with UnsupportedError at evaluation.
import type { FunctionImpl } from './types.js';
import { scalarFn, vectorFn } from './basic.js';
import { MATH_FUNCTIONS } from './math.js';
import { TRIG_FUNCTIONS } from './trig.js';
import { TIME_FUNCTIONS } from './time.js';
import { RATE_FUNCTIONS } from './rate.js';
import { OVER_TIME_FUNCTIONS } from './over-time.js';
import { SORT_FUNCTIONS } from './sort.js';
import { HISTOGRAM_FUNCTIONS } from './histogram.js';
import { absentFn } from './absent.js';
import { labelJoinFn, labelReplaceFn } from './labels.js';
import { QUERY_CONTEXT_FUNCTIONS } from './query-context.js';
import { startTimestampFn } from './start-timestamp.js';
import { infoFn } from './info.js';

/** Implemented functions. */
export const FUNCTION_IMPLEMENTATIONS: ReadonlyMap<string, FunctionImpl> = new Map<string, FunctionImpl>([
  ['vector', vectorFn],
  ['scalar', scalarFn],
  ['absent', absentFn],
  ['label_replace', labelReplaceFn],
  ['label_join', labelJoinFn],
  ['info', infoFn],
  ['start_timestamp', startTimestampFn],
  ...MATH_FUNCTIONS,
  ...TRIG_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...RATE_FUNCTIONS,
  ...OVER_TIME_FUNCTIONS,
  ...SORT_FUNCTIONS,
  ...HISTOGRAM_FUNCTIONS,
  ...QUERY_CONTEXT_FUNCTIONS,
]);

/**
 * Functions that see native-histogram samples. Every other function gets its vector and range
 * arguments with the histogram samples removed, which is what Prometheus's float functions do.
 */
export const HISTOGRAM_INPUT_FUNCTIONS: ReadonlySet<string> = new Set([
  'timestamp', 'start_timestamp', 'label_replace', 'label_join', 'absent', 'absent_over_time', 'present_over_time', 'count_over_time',
  'last_over_time', 'first_over_time', 'ts_of_last_over_time', 'ts_of_first_over_time', 'info',
  'sort_by_label', 'sort_by_label_desc', 'rate', 'increase', 'delta', 'irate', 'idelta', 'resets', 'changes',
  'histogram_quantile', 'histogram_quantiles', 'histogram_fraction', 'histogram_count', 'histogram_sum', 'histogram_avg',
  'histogram_stddev', 'histogram_stdvar', 'sum_over_time', 'avg_over_time',
]);

/**
 * Range functions that use floats only and say so (an info) for each window holding both floats
 * and histograms (Prometheus `NewHistogramIgnoredInMixedRangeInfo`).
 */
export const FLOAT_ONLY_RANGE_FUNCTIONS: ReadonlySet<string> = new Set([
  'min_over_time', 'max_over_time', 'ts_of_min_over_time', 'ts_of_max_over_time', 'quantile_over_time',
  'stddev_over_time', 'stdvar_over_time', 'mad_over_time', 'deriv', 'predict_linear', 'double_exponential_smoothing',
]);
