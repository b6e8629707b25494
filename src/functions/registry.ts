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
