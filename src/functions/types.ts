// The contract between the evaluator and function implementations.
import type { Call } from '../parser/ast.js';
import type { EvalContext } from '../eval/context.js';
import type { Grid } from './support/grid.js';
import type { StepValue } from '../eval/values.js';

/**
 * What a function implementation receives: the call node, its evaluated arguments (range-vector
 * arguments as MatrixValue, string arguments as StringValue), the grid and the query context
 * (annotations, settings, limits).
 */
export interface CallInput {
  readonly ctx: EvalContext;
  readonly call: Call;
  readonly args: readonly StepValue[];
  readonly grid: Grid;
}

/** A function implementation: evaluates a call for every step of the grid at once. */
export type FunctionImpl = (input: CallInput) => StepValue;
