// Float arithmetic and comparison as Prometheus computes them (Go's math.Mod, math.Pow, Atan2).
import type { BinaryOp } from '../parser/ast.js';
import { goPow } from './prepare.js';

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
    case 'atan2': return Math.atan2(l, r);
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
