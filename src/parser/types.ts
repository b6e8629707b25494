// Static value types of expressions, and their names in error messages.
import type { Expr, ValueType } from './ast.js';
import { FUNCTION_SIGNATURES } from './functions.js';

/**
 * The value type an expression evaluates to. Iterative (any nesting depth): a binary expression is
 * a scalar exactly when every operand under it, through parentheses and signs, is one.
 */
export function typeOf(e: Expr): ValueType {
  const root = leafType(e);
  if (root !== null) return root;
  const pending: Expr[] = [e];
  while (pending.length > 0) {
    let n = pending.pop()!;
    while (n.type === 'ParenExpr' || n.type === 'UnaryExpr') n = n.expr;
    if (n.type === 'BinaryExpr') pending.push(n.rhs, n.lhs);
    else if (leafType(n) !== 'scalar') return 'vector';
  }
  return 'scalar';
}

/** The type of a node that is not a binary expression (through parentheses and signs); null for a binary one. */
function leafType(e: Expr): ValueType | null {
  while (e.type === 'ParenExpr' || e.type === 'UnaryExpr') e = e.expr;
  switch (e.type) {
    case 'AggregateExpr': return 'vector';
    case 'BinaryExpr': return null;
    case 'Call': return FUNCTION_SIGNATURES.get(e.func)?.returnType ?? 'vector';
    case 'MatrixSelector': return 'matrix';
    case 'SubqueryExpr': return 'matrix';
    case 'NumberLiteral': return 'scalar';
    case 'StringLiteral': return 'string';
    case 'VectorSelector': return 'vector';
  }
}

/** Prometheus's `DocumentedType`: the type as named in messages ("instant vector", "range vector"). */
export function documentedType(t: ValueType): string {
  switch (t) {
    case 'vector': return 'instant vector';
    case 'matrix': return 'range vector';
    default: return t;
  }
}
