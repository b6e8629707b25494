// The implementation table, keyed by function name. Functions listed in FUNCTION_SIGNATURES but
// missing here fail with UnsupportedError at evaluation (never a wrong answer).
import type { FunctionImpl } from './types.js';
import { scalarFn, timeFn, vectorFn } from './basic.js';

/** Implemented functions. */
export const FUNCTION_IMPLEMENTATIONS: ReadonlyMap<string, FunctionImpl> = new Map<string, FunctionImpl>([
  ['vector', vectorFn],
  ['scalar', scalarFn],
  ['time', timeFn],
]);
