// Trigonometric and hyperbolic functions: element-wise on floats, dropping the metric name. The
// circular ones follow Go's pure-Go implementations bit for bit; the hyperbolic ones go through
// Go's Exp, which is assembly on amd64, so they use JavaScript's Math (last-bit differences).
import type { FunctionImpl } from './types.js';
import { elementwise } from './math.js';
import { goAcos, goAsin, goAtan, goCos, goSin, goTan } from './go-math.js';

/** The trigonometric functions by name. */
export const TRIG_FUNCTIONS: ReadonlyArray<[string, FunctionImpl]> = [
  ['sin', elementwise(goSin)],
  ['cos', elementwise(goCos)],
  ['tan', elementwise(goTan)],
  ['asin', elementwise(goAsin)],
  ['acos', elementwise(goAcos)],
  ['atan', elementwise(goAtan)],
  ['sinh', elementwise(Math.sinh)],
  ['cosh', elementwise(Math.cosh)],
  ['tanh', elementwise(Math.tanh)],
  ['asinh', elementwise(Math.asinh)],
  ['acosh', elementwise(Math.acosh)],
  ['atanh', elementwise(Math.atanh)],
];
