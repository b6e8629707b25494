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

/** The first of the most deeply nested nodes (iterative: any depth). */
export function deepestNode(root: Expr): Expr {
  let deepest = root;
  let max = 0;
  const pending: [Expr, number][] = [[root, 0]];
  while (pending.length > 0) {
    const [e, depth] = pending.pop()!;
    if (depth > max) {
      max = depth;
      deepest = e;
    }
    const children = childrenOf(e);
    for (let i = children.length - 1; i >= 0; i--) pending.push([children[i], depth + 1]);
  }
  return deepest;
}
