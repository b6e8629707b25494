// The multi-line formatter of `promtool promql format` (promql/parser/prettier.go): a node is
// split over lines only when its one-line form is longer than 100 bytes.
import type { Expr } from './ast.js';
import { aggregateHead, binaryHead, printNode, subquerySuffix } from './printer.js';
import { utf8Length } from './positions.js';

const MAX_LINE = 100;
const indent = (level: number) => '  '.repeat(level);
const needsSplit = (e: Expr) => utf8Length(printNode(e)) > MAX_LINE;

/** Pretty-prints an expression at an indentation level. */
export function prettyPrint(e: Expr, level = 0): string {
  const pad = indent(level);
  switch (e.type) {
    case 'AggregateExpr': {
      if (!needsSplit(e)) return pad + printNode(e);
      const param = e.param ? `${prettyPrint(e.param, level + 1)},\n` : '';
      return `${pad}${aggregateHead(e)}(\n${param}${prettyPrint(e.expr, level + 1)}\n${pad})`;
    }
    case 'BinaryExpr':
      if (!needsSplit(e)) return pad + printNode(e);
      return `${prettyPrint(e.lhs, level + 1)}\n${pad}${binaryHead(e)}\n${prettyPrint(e.rhs, level + 1)}`;
    case 'Call':
      if (!needsSplit(e)) return pad + printNode(e);
      return `${pad}${e.func}(\n${e.args.map((a) => prettyPrint(a, level + 1)).join(',\n')}\n${pad})`;
    case 'ParenExpr':
      if (!needsSplit(e)) return pad + printNode(e);
      return `${pad}(\n${prettyPrint(e.expr, level + 1)}\n${pad})`;
    case 'SubqueryExpr':
      // Prometheus compatibility: an unsplit subquery is printed without indentation.
      if (!needsSplit(e)) return printNode(e);
      return prettyPrint(e.expr, level) + subquerySuffix(e);
    case 'UnaryExpr':
      return `${pad}${e.op}${prettyPrint(e.expr, level).trim()}`;
    default:
      return pad + printNode(e);
  }
}
