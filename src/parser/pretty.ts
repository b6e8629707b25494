// The multi-line formatter of `promtool promql format` (promql/parser/prettier.go): a node is
// split over lines only when its one-line form is longer than 100 bytes.
import type { Expr, Node } from './ast.js';
import { aggregateHead, binaryHead, printNode, printTree, subquerySuffix, type TypeMemo } from './printer.js';
import { utf8Length } from './positions.js';
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
  // Most queries fit a line: one printing, no second pass.
  const oneLine = printNode(e);
  if (oneLine.length <= MAX_LINE && utf8Length(oneLine) <= MAX_LINE) {
    return e.type === 'SubqueryExpr' ? oneLine : indent(level) + oneLine;
  }
  const types: TypeMemo = new Map();
  const short = shortTexts(e, types);
  return text(runDeep<[Expr, number], Pretty>([e, level], ([n, l]) => prettyStep(n, l, short, types)));
}

/**
 * The one-line text of every node that fits a line (Prometheus's `needsSplitting` is false), from
 * one printing of the tree: linear in its size. Also memoises the types of binary nodes.
 */
function shortTexts(root: Expr, types: TypeMemo): Map<Node, string> {
  const short = new Map<Node, string>();
  // UTF-16 length <= UTF-8 length, so a long text is known long without measuring it.
  printTree(root, types, (n, t) => {
    if (t.length <= MAX_LINE && utf8Length(t) <= MAX_LINE) short.set(n, t);
  });
  return short;
}

/** One node at a level (Prometheus's `Pretty(level)`); its sub-results come back from `yield [child, level]`. */
function* prettyStep(
  e: Expr, level: number, short: Map<Node, string>, types: TypeMemo,
): Generator<[Expr, number], Pretty, Pretty> {
  const pad = indent(level);
  const oneLine = short.get(e);
  const split = oneLine === undefined;
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
      if (!split) return { lead: '', body: oneLine };
      const inner = yield [e.expr, level];
      return { lead: inner.lead, body: inner.body + subquerySuffix(e) };
    }
    case 'UnaryExpr':
      // Prometheus trims the operand's text: its indentation goes, the sign takes this level's.
      return { lead: pad, body: e.op + (yield [e.expr, level]).body };
    default:
      break;
  }
  return { lead: pad, body: oneLine ?? printNode(e) };
}
