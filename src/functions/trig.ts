// Trigonometric and hyperbolic functions: element-wise on floats, dropping the metric name. All
// follow Go's implementations bit for bit (the hyperbolic ones through the amd64 Exp).
import type { FunctionImpl } from './types.js';
import { elementwise } from './math.js';
import { goAcos, goAsin, goAtan, goCos, goSin, goTan } from '../util/go-math.js';
import { goAcosh, goAsinh, goAtanh, goCosh, goSinh, goTanh } from '../util/go-hyperbolic.js';

/** The trigonometric functions by name. */
export const TRIG_FUNCTIONS: ReadonlyArray<[string, FunctionImpl]> = [
  ['sin', elementwise(goSin)],
  ['cos', elementwise(goCos)],
  ['tan', elementwise(goTan)],
  ['asin', elementwise(goAsin)],
  ['acos', elementwise(goAcos)],
  ['atan', elementwise(goAtan)],
  ['sinh', elementwise(goSinh)],
  ['cosh', elementwise(goCosh)],
  ['tanh', elementwise(goTanh)],
  ['asinh', elementwise(goAsinh)],
  ['acosh', elementwise(goAcosh)],
  ['atanh', elementwise(goAtanh)],
];
