// AST helpers shared by every pass that walks expressions: a node's direct children and
// parenthesis stripping.
import type { Expr } from './ast.js';

/** The direct sub-expressions of a node, in Prometheus's `Children` order (an aggregation's expression before its parameter). */
export function childrenOf(e: Expr): Expr[] {
  switch (e.type) {
    case 'AggregateExpr': return e.param ? [e.expr, e.param] : [e.expr];
    case 'BinaryExpr': return [e.lhs, e.rhs];
    case 'Call': return [...e.args];
    case 'MatrixSelector': return [e.vectorSelector];
    case 'SubqueryExpr': case 'ParenExpr': case 'UnaryExpr': return [e.expr];
    default: return [];
  }
}

/** Strips parentheses, as Prometheus's `unwrapParenExpr` does for arguments. */
export function unwrapParens(e: Expr): Expr {
  while (e.type === 'ParenExpr') e = e.expr;
  return e;
}
