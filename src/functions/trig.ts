// Trigonometric and hyperbolic functions: element-wise on floats, dropping the metric name.
import type { FunctionImpl } from './types.js';
import { elementwise } from './math.js';

/** The trigonometric functions by name. */
export const TRIG_FUNCTIONS: ReadonlyArray<[string, FunctionImpl]> = [
  ['sin', elementwise(Math.sin)],
  ['cos', elementwise(Math.cos)],
  ['tan', elementwise(Math.tan)],
  ['asin', elementwise(Math.asin)],
  ['acos', elementwise(Math.acos)],
  ['atan', elementwise(Math.atan)],
  ['sinh', elementwise(Math.sinh)],
  ['cosh', elementwise(Math.cosh)],
  ['tanh', elementwise(Math.tanh)],
  ['asinh', elementwise(Math.asinh)],
  ['acosh', elementwise(Math.acosh)],
  ['atanh', elementwise(Math.atanh)],
];
