// Folding flat operator lists into trees by Prometheus's precedence table
// (generated_parser.y: or < and/unless < comparisons < +,- < *,/,%,atan2 < ^ (right-assoc)).
import type { IToken } from '#chevrotain';
import type { BinaryExpr, BinaryOp, DurationExpr, DurationNode, DurationOp, Expr, Pos, VectorMatching } from './ast.js';
import type { ErrorSink } from './builders.js';
import type { ParserOptions } from './grammar.js';
import { tokenPos } from './positions.js';

/** One `op modifiers rhs` element of a binary chain. */
export interface OpEntry {
  op: BinaryOp;
  opPos: Pos;
  mods: VectorMatching & { returnBool: boolean };
  rhs: Expr;
}

const PRECEDENCE: Record<BinaryOp, number> = {
  or: 1, and: 2, unless: 2,
  '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3, '</': 3, '>/': 3,
  '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, atan2: 5, '^': 6,
};

/** The precedence of a binary operator's text (1 for `or` … 6 for `^`), or undefined for none. */
export function binaryPrecedence(image: string): number | undefined {
  const op = image.toLowerCase();
  return Object.hasOwn(PRECEDENCE, op) ? PRECEDENCE[op as BinaryOp] : undefined;
}

const SET_OPS = new Set<BinaryOp>(['and', 'or', 'unless']);

/** Builds one binary node (Prometheus `newBinaryExpression`). */
function makeBinary(lhs: Expr, e: OpEntry, rhs: Expr, opts: ParserOptions, err: ErrorSink): BinaryExpr {
  const m = e.mods;
  const card = SET_OPS.has(e.op) && m.card === 'one-to-one' ? 'many-to-many' : m.card;
  const pos = { start: lhs.pos.start, end: rhs.pos.end };
  if (!opts.binopFillModifiers && (m.fillLeft !== null || m.fillRight !== null)) {
    err('binop fill modifiers are experimental and not enabled', pos);
  }
  // Written out rather than spread: this runs for every operator of every query.
  const matching: VectorMatching = { card, on: m.on, labels: m.labels, include: m.include, fillLeft: m.fillLeft, fillRight: m.fillRight };
  return { type: 'BinaryExpr', op: e.op, lhs, rhs, returnBool: m.returnBool, matching, opPos: e.opPos, pos };
}

/** Folds `first (op rhs)*` with the precedence table; all levels but `^` are left-associative. */
export function foldBinary(first: Expr, rest: OpEntry[], opts: ParserOptions, err: ErrorSink): Expr {
  const operands: Expr[] = [first];
  const ops: OpEntry[] = [];
  const reduce = () => {
    const e = ops.pop()!;
    const rhs = operands.pop()!;
    const lhs = operands.pop()!;
    operands.push(makeBinary(lhs, e, rhs, opts, err));
  };
  for (const e of rest) {
    const p = PRECEDENCE[e.op];
    while (ops.length && (PRECEDENCE[ops[ops.length - 1].op] > p ||
      (PRECEDENCE[ops[ops.length - 1].op] === p && e.op !== '^'))) {
      reduce();
    }
    ops.push(e);
    operands.push(e.rhs);
  }
  while (ops.length) reduce();
  return operands[0];
}

/** One `^ modifiers signs operand` of a power chain. */
export interface PowEntry {
  op: IToken;
  mods: VectorMatching & { returnBool: boolean };
  signs: IToken[] | null;
  rhs: Expr;
}

/**
 * `signs base (^ signs operand)*` (the grammar's unaryExpr), folded right to left: `^` is
 * right-associative and binds tighter than a sign, so `-a ^ -b ^ c` is `-(a ^ (-(b ^ c)))`.
 */
export function foldPowChain(
  signs: IToken[] | null, base: Expr, chain: PowEntry[] | null, opts: ParserOptions, err: ErrorSink,
): Expr {
  let result = base;
  if (chain !== null) {
    const last = chain[chain.length - 1];
    result = withSigns(last.signs, last.rhs);
    for (let i = chain.length - 1; i >= 0; i--) {
      const lhs = i === 0 ? base : chain[i - 1].rhs;
      const e = chain[i];
      result = foldBinary(lhs, [{ op: '^', opPos: { start: e.op.startOffset, end: e.op.endOffset! + 1 }, mods: e.mods, rhs: result }], opts, err);
      if (i > 0) result = withSigns(chain[i - 1].signs, result);
    }
  }
  return withSigns(signs, result);
}

/** Applies signs to an operand, the innermost (last) first. */
function withSigns(signs: IToken[] | null, operand: Expr): Expr {
  if (signs === null) return operand;
  let e = operand;
  for (let i = signs.length - 1; i >= 0; i--) e = makeUnary(signs[i], e);
  return e;
}

/** A sign applied to an operand; on a number literal, the literal's value (as Prometheus does). */
function makeUnary(op: IToken, operand: Expr): Expr {
  const sign = op.image as '+' | '-';
  if (operand.type === 'NumberLiteral') {
    return { ...operand, value: sign === '-' ? -operand.value : operand.value, pos: { start: op.startOffset, end: operand.pos.end } };
  }
  return { type: 'UnaryExpr', op: sign, expr: operand, pos: { start: op.startOffset, end: operand.pos.end } };
}

const DURATION_PRECEDENCE: Record<string, number> = { '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, '^': 6 };

function makeDurationBinary(lhs: DurationNode, op: IToken, rhs: DurationNode, opts: ParserOptions, err: ErrorSink): DurationNode {
  if (!opts.durationExpressions) err('experimental duration expression is not enabled', lhs.pos);
  const o = op.image as DurationOp;
  if ((o === '/' || o === '%') && rhs.type === 'NumberLiteral' && rhs.value === 0) {
    err(o === '/' ? 'division by zero' : 'modulo by zero', tokenPos(op));
    return { type: 'NumberLiteral', value: 0, duration: false, pos: { start: lhs.pos.start, end: rhs.pos.end } };
  }
  const node: DurationExpr = {
    type: 'DurationExpr', op: o, lhs, rhs, wrapped: false, pos: { start: lhs.pos.start, end: rhs.pos.end },
  };
  return node;
}

/** Folds a duration-expression chain (`+ - * / % ^`, `^` right-associative). */
export function foldDuration(
  first: DurationNode, rest: { op: IToken; rhs: DurationNode }[], opts: ParserOptions, err: ErrorSink,
): DurationNode {
  const operands: DurationNode[] = [first];
  const ops: IToken[] = [];
  const reduce = () => {
    const op = ops.pop()!;
    const rhs = operands.pop()!;
    const lhs = operands.pop()!;
    operands.push(makeDurationBinary(lhs, op, rhs, opts, err));
  };
  for (const { op, rhs } of rest) {
    const p = DURATION_PRECEDENCE[op.image];
    while (ops.length && (DURATION_PRECEDENCE[ops[ops.length - 1].image] > p ||
      (DURATION_PRECEDENCE[ops[ops.length - 1].image] === p && op.image !== '^'))) {
      reduce();
    }
    ops.push(op);
    operands.push(rhs);
  }
  while (ops.length) reduce();
  return operands[0];
}
