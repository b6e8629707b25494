// Static value types of expressions, and their names in error messages.
import type { Expr, ValueType } from './ast.js';
import { FUNCTION_SIGNATURES } from './functions.js';

/** The value type an expression evaluates to. */
export function typeOf(e: Expr): ValueType {
  switch (e.type) {
    case 'AggregateExpr': return 'vector';
    case 'BinaryExpr': return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'Call': return FUNCTION_SIGNATURES.get(e.func)?.returnType ?? 'vector';
    case 'MatrixSelector': return 'matrix';
    case 'SubqueryExpr': return 'matrix';
    case 'NumberLiteral': return 'scalar';
    case 'ParenExpr': return typeOf(e.expr);
    case 'StringLiteral': return 'string';
    case 'UnaryExpr': return typeOf(e.expr);
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
