// Float arithmetic and comparison as Prometheus computes them (Go's math.Mod, math.Pow, Atan2).
import type { BinaryOp } from '../parser/ast.js';
import { goAtan2, goPow } from '../util/go-math.js';

/** Whether the operator is a comparison. */
export function isComparison(op: BinaryOp): boolean {
  return op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';
}

/** Whether the operator is `and`, `or` or `unless`. */
export function isSetOperator(op: BinaryOp): boolean {
  return op === 'and' || op === 'or' || op === 'unless';
}

/** Prometheus `changesMetricSchema`: arithmetic and atan2 drop the metric name. */
export function changesMetricSchema(op: BinaryOp): boolean {
  return op === '+' || op === '-' || op === '*' || op === '/' || op === '%' || op === '^' || op === 'atan2';
}

/** An arithmetic operator applied to two floats. */
export function arithmetic(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': return l / r;
    case '%': return l % r;
    case '^': return goPow(l, r);
    case 'atan2': return goAtan2(l, r);
    default: throw new Error(`not an arithmetic operator: ${op}`);
  }
}

/** A comparison operator applied to two floats. */
export function comparison(op: BinaryOp, l: number, r: number): boolean {
  switch (op) {
    case '==': return l === r;
    case '!=': return l !== r;
    case '<': return l < r;
    case '<=': return l <= r;
    case '>': return l > r;
    case '>=': return l >= r;
    default: throw new Error(`not a comparison operator: ${op}`);
  }
}

/**
 * The result of an operator on two floats: arithmetic gives its value; a comparison gives 1/0 with
 * `bool`, else `kept` (the value Prometheus keeps) when true and undefined when it filters out.
 */
export function elementResult(op: BinaryOp, returnBool: boolean, l: number, r: number, kept: number): number | undefined {
  if (!isComparison(op)) return arithmetic(op, l, r);
  const keep = comparison(op, l, r);
  if (returnBool) return keep ? 1 : 0;
  return keep ? kept : undefined;
}
