// The `@`-modifier re-runs of instant evals (Prometheus `atModifierTestCases`): every selector and
// subquery without `@` gets `@ T`, and the query is printed back with the canonical printer.
import type { Expr } from '../parser/ast.js';
import { assertNever } from '../parser/ast.js';
import { AT_MODIFIER_UNSAFE_FUNCTIONS } from '../parser/functions.js';
import { printNode } from '../parser/printer.js';

function withAt(e: Expr, ts: number, unsafe: { found: boolean }): Expr {
  switch (e.type) {
    case 'VectorSelector':
      return e.at === null ? { ...e, at: ts } : e;
    case 'MatrixSelector': {
      const vs = e.vectorSelector;
      return vs.type === 'VectorSelector' && vs.at === null ? { ...e, vectorSelector: { ...vs, at: ts } } : e;
    }
    case 'SubqueryExpr':
      // Prometheus compatibility: nothing below a subquery is visited (not even unsafe functions).
      return e.at === null ? { ...e, at: ts } : e;
    case 'Call':
      if (AT_MODIFIER_UNSAFE_FUNCTIONS.has(e.func)) unsafe.found = true;
      return { ...e, args: e.args.map((a) => withAt(a, ts, unsafe)) };
    case 'AggregateExpr':
      return { ...e, expr: withAt(e.expr, ts, unsafe), param: e.param && withAt(e.param, ts, unsafe) };
    case 'BinaryExpr':
      return { ...e, lhs: withAt(e.lhs, ts, unsafe), rhs: withAt(e.rhs, ts, unsafe) };
    case 'ParenExpr':
    case 'UnaryExpr':
      return { ...e, expr: withAt(e.expr, ts, unsafe) };
    case 'NumberLiteral':
    case 'StringLiteral':
      return e;
    default:
      return assertNever(e);
  }
}

/** The extra (query, time) pairs Prometheus's runner evaluates for an instant eval at `ts`. */
export function atModifierVariants(expr: Expr, ts: number): { query: string; time: number }[] {
  const unsafe = { found: false };
  const rewritten = withAt(expr, ts, unsafe);
  if (unsafe.found) return [];
  const query = printNode(rewritten);
  const times = ts === 0 ? [-1000, 0, 1000] : [-10 * ts, 0, Math.trunc(ts / 5), ts, 10 * ts];
  return times.map((time) => ({ query, time }));
}
