// The multi-line formatter of `promtool promql format` (promql/parser/prettier.go): a node is
// split over lines only when its one-line form is longer than 100 bytes.
import type { Expr } from './ast.js';
import { aggregateHead, binaryHead, printNode, subquerySuffix, vectorOperands, type TypeMemo } from './printer.js';
import { utf8Length } from './positions.js';
import { childrenOf } from './walk.js';
import { runDeep } from '../util/deep.js';

const MAX_LINE = 100;
// Indentation strings are slices of one string of spaces: a deep tree does not allocate a new one
// per node (their total length is quadratic in the depth).
let spaces = '';
function indent(level: number): string {
  if (spaces.length < 2 * level) spaces = ' '.repeat(Math.max(2 * level, 2 * spaces.length, 64));
  return spaces.slice(0, 2 * level);
}

/** A node's pretty text split as `lead + body`: its leading indentation, and the rest. */
interface Pretty {
  lead: string;
  body: string;
}

const text = (p: Pretty) => p.lead + p.body;

/**
 * Pretty-prints an expression at an indentation level. Both passes run on an explicit stack (any
 * nesting depth). The output is quadratic in the nesting depth (each level is indented), as
 * Prometheus's is: past about 16,000 levels it exceeds V8's longest string (2^29 - 24
 * characters) and this throws V8's RangeError (format() reports it as a ParseError).
 */
export function prettyPrint(e: Expr, level = 0): string {
  const types: TypeMemo = new Map();
  const long = longNodes(e, types);
  return text(runDeep<[Expr, number], Pretty>([e, level], ([n, l]) => prettyStep(n, l, long, types)));
}

/**
 * The nodes whose one-line form is longer than a line. A node containing a long one is long too,
 * so only nodes whose children are all short are printed to be measured: linear in the tree size.
 * Also memoises the types of binary nodes (bottom-up) for their modifiers.
 */
function longNodes(root: Expr, types: TypeMemo): Set<Expr> {
  const long = new Set<Expr>();
  runDeep<Expr, boolean>(root, function* (e) {
    let longChild = false;
    for (const c of childrenOf(e)) if (yield c) longChild = true;
    if (e.type === 'BinaryExpr') vectorOperands(e, types);
    const isLong = longChild || utf8Length(printNode(e)) > MAX_LINE;
    if (isLong) long.add(e);
    return isLong;
  });
  return long;
}

/** One node at a level (Prometheus's `Pretty(level)`); its sub-results come back from `yield [child, level]`. */
function* prettyStep(e: Expr, level: number, long: Set<Expr>, types: TypeMemo): Generator<[Expr, number], Pretty, Pretty> {
  const pad = indent(level);
  const split = long.has(e);
  switch (e.type) {
    case 'AggregateExpr': {
      if (!split) break;
      const param = e.param ? `${text(yield [e.param, level + 1])},\n` : '';
      return { lead: pad, body: `${aggregateHead(e)}(\n${param}${text(yield [e.expr, level + 1])}\n${pad})` };
    }
    case 'BinaryExpr': {
      if (!split) break;
      const lhs = yield [e.lhs, level + 1];
      const rhs = yield [e.rhs, level + 1];
      return { lead: lhs.lead, body: `${lhs.body}\n${pad}${binaryHead(e, types)}\n${text(rhs)}` };
    }
    case 'Call': {
      if (!split) break;
      // Concatenated, not joined: a join copies the (possibly huge) text of every argument.
      let body = `${e.func}(\n`;
      for (let i = 0; i < e.args.length; i++) body += (i > 0 ? ',\n' : '') + text(yield [e.args[i], level + 1]);
      return { lead: pad, body: `${body}\n${pad})` };
    }
    case 'ParenExpr':
      if (!split) break;
      return { lead: pad, body: `(\n${text(yield [e.expr, level + 1])}\n${pad})` };
    case 'SubqueryExpr': {
      // Prometheus compatibility: an unsplit subquery is printed without indentation.
      if (!split) return { lead: '', body: printNode(e) };
      const inner = yield [e.expr, level];
      return { lead: inner.lead, body: inner.body + subquerySuffix(e) };
    }
    case 'UnaryExpr':
      // Prometheus trims the operand's text: its indentation goes, the sign takes this level's.
      return { lead: pad, body: e.op + (yield [e.expr, level]).body };
    default:
      break;
  }
  return { lead: pad, body: printNode(e) };
}
