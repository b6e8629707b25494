// The static checker: Prometheus's `checkAST` type rules as a separate pass over the AST.
// It never mutates the tree and reports every problem it finds, in Prometheus's wording.
import { goQuote } from '../util/go-format.js';
import type { BinaryExpr, Call, Expr, Pos, ValueType, VectorSelector } from './ast.js';
import type { ErrorSink } from './builders.js';
import { documentedType, typeOf } from './types.js';
import { childrenOf } from './walk.js';
import { FUNCTION_SIGNATURES } from './functions.js';
import { matcherMatches } from './labels.js';

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const SET_OPS = new Set(['and', 'or', 'unless']);
const SCALAR_PARAM = new Set(['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio']);

/** Nesting levels the checker recurses through on the call stack before it splits the tree. */
const MAX_RECURSION = 400;
/** In a tree deeper than that, the depth interval of the subtrees checked ahead (see checkInSlices). */
const CUT_INTERVAL = 200;

/** Thrown (and caught in checkExpr) when a tree is nested deeper than {@link MAX_RECURSION}. */
const TOO_DEEP: unique symbol = Symbol('too deep');

/** A subtree checked ahead: its type and the problems found in it, in order. */
interface Checked {
  type: ValueType;
  problems: [message: string, pos: Pos][];
}

/**
 * Checks an expression tree; returns its type. Errors go to `err` in the order Prometheus finds
 * them. Plain recursion for trees up to {@link MAX_RECURSION} levels deep (nearly all); deeper
 * ones are checked in slices (checkInSlices), so that any nesting depth is safe.
 */
export function checkExpr(e: Expr, err: ErrorSink): ValueType {
  const problems: [string, Pos][] = [];
  let type: ValueType;
  try {
    type = new Checker((message, pos) => problems.push([message, pos]), null).check(e, 0);
  } catch (x) {
    if (x !== TOO_DEEP) throw x;
    return checkInSlices(e, err);
  }
  // Held back until the whole tree was checked: a tree found too deep half-way is checked again.
  for (const [message, pos] of problems) err(message, pos);
  return type;
}

/**
 * checkExpr for a tree of any depth: the subtrees rooted every `interval` levels are checked
 * first, deepest first, each with its problems held back; checking their parents (and finally the
 * root) meets them already checked and reports their problems at that point, which is where
 * plain recursion would have. No check recurses more than `interval` levels.
 * @internal exported for tests (which compare it with checkExpr at small intervals).
 */
export function checkInSlices(root: Expr, err: ErrorSink, interval = CUT_INTERVAL): ValueType {
  const cuts: Expr[] = [];
  const pending: [Expr, number][] = [[root, 0]];
  while (pending.length > 0) {
    const [e, depth] = pending.pop()!;
    if (depth > 0 && depth % interval === 0) cuts.push(e);
    for (const c of childrenOf(e)) pending.push([c, depth + 1]);
  }
  const memo = new Map<Expr, Checked>();
  // Pre-order puts a node before the nodes under it: in reverse, those come first.
  for (let i = cuts.length - 1; i >= 0; i--) {
    const problems: [string, Pos][] = [];
    const type = new Checker((message, pos) => problems.push([message, pos]), memo).check(cuts[i], 0);
    memo.set(cuts[i], { type, problems });
  }
  return new Checker(err, memo).check(root, 0);
}

/** Prometheus `checkAST`, recursively; `memo` holds subtrees already checked (deep trees only). */
class Checker {
  constructor(private readonly err: ErrorSink, private readonly memo: Map<Expr, Checked> | null) {}

  /** The type of `e` (at `depth` levels below where this check started), its problems reported. */
  check(e: Expr, depth: number): ValueType {
    const err = this.err;
    if (this.memo !== null) {
      const done = this.memo.get(e);
      if (done !== undefined) {
        for (const [message, pos] of done.problems) err(message, pos);
        return done.type;
      }
    }
    if (depth > MAX_RECURSION) throw TOO_DEEP;
    const down = depth + 1;
    switch (e.type) {
      case 'VectorSelector':
        checkSelector(e, err, false);
        return 'vector';
      case 'MatrixSelector':
        if (e.vectorSelector.type === 'VectorSelector') checkSelector(e.vectorSelector, err, false);
        // A range over anything else is a parse error already.
        else this.check(e.vectorSelector, down);
        return 'matrix';
      case 'NumberLiteral': return 'scalar';
      case 'StringLiteral': return 'string';
      case 'Call': return this.checkCall(e, down);
      case 'AggregateExpr': {
        expectType(this.check(e.expr, down), 'vector', 'aggregation expression', e.expr, err);
        if (e.param && SCALAR_PARAM.has(e.op)) expectType(this.check(e.param, down), 'scalar', 'aggregation parameter', e.param, err);
        if (e.param && e.op === 'count_values') expectType(this.check(e.param, down), 'string', 'aggregation parameter', e.param, err);
        return 'vector';
      }
      case 'BinaryExpr': {
        const lt = this.check(e.lhs, down);
        const rt = this.check(e.rhs, down);
        checkBinary(e, lt, rt, err);
        return lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector';
      }
      case 'ParenExpr': return this.check(e.expr, down);
      case 'UnaryExpr': {
        const t = this.check(e.expr, down);
        if (t !== 'scalar' && t !== 'vector') {
          err(`unary expression only allowed on expressions of type scalar or instant vector, got ${goQuote(documentedType(t))}`, e.pos);
        }
        return t;
      }
      case 'SubqueryExpr': {
        const t = this.check(e.expr, down);
        if (t !== 'vector') err(`subquery is only allowed on instant vector, got ${t} instead`, e.pos);
        return 'matrix';
      }
    }
  }

  private checkCall(e: Call, down: number): ValueType {
    const err = this.err;
    const sig = FUNCTION_SIGNATURES.get(e.func);
    if (!sig) return 'vector';
    const nargs = sig.argTypes.length;
    // Quoted only for a message (most calls have none).
    const name = () => goQuote(sig.name);
    if (sig.variadic === 0) {
      if (nargs !== e.args.length) err(`expected ${nargs} argument(s) in call to ${name()}, got ${e.args.length}`, e.pos);
    } else {
      const min = nargs - 1;
      if (min > e.args.length) {
        err(`expected at least ${min} argument(s) in call to ${name()}, got ${e.args.length}`, e.pos);
      } else if (sig.variadic > 0 && min + sig.variadic < e.args.length) {
        err(`expected at most ${min + sig.variadic} argument(s) in call to ${name()}, got ${e.args.length}`, e.pos);
      }
    }
    let infoLabelsArg: VectorSelector | null = null;
    if (sig.name === 'info' && e.args.length > 1) {
      const a = e.args[1];
      const t = typeOf(a);
      if (t !== 'vector') err(`expected type instant vector in call to function ${name()}, got ${documentedType(t)}`, e.pos);
      if (a.type === 'VectorSelector' && a.name !== '') err('expected label selectors only, got vector selector instead', a.pos);
      else if (a.type === 'VectorSelector') infoLabelsArg = a;
      else err('expected label selectors only', a.pos);
    }
    for (let i = 0; i < e.args.length; i++) {
      let idx = i;
      if (i >= nargs) {
        if (sig.variadic === 0) break;
        idx = nargs - 1;
      }
      const arg = e.args[i];
      // The labels argument of info() may have only empty matchers.
      const t = arg === infoLabelsArg ? (checkSelector(infoLabelsArg, err, true), 'vector') : this.check(arg, down);
      if (t !== sig.argTypes[idx]) {
        err(`expected type ${documentedType(sig.argTypes[idx])} in call to function ${name()}, got ${documentedType(t)}`, arg.pos);
      }
    }
    return sig.returnType;
  }
}

function expectType(t: ValueType, want: ValueType, context: string, e: Expr, err: ErrorSink): void {
  if (t !== want) err(`expected type ${documentedType(want)} in ${context}, got ${documentedType(t)}`, e.pos);
}

function checkBinary(e: BinaryExpr, lt: ValueType, rt: ValueType, err: ErrorSink): void {
  const m = e.matching;
  const isComparison = COMPARISONS.has(e.op);
  const isSet = SET_OPS.has(e.op);
  if (e.returnBool && !isComparison) err('bool modifier can only be used on comparison operators', e.opPos);
  if (isComparison && !e.returnBool && lt === 'scalar' && rt === 'scalar') {
    err('comparisons between scalars must use BOOL modifier', e.opPos);
  }
  if (m.on) {
    for (const l of m.labels) {
      for (const g of m.include) {
        if (l === g) err(`label ${goQuote(l)} must not occur in ON and GROUP clause at once`, e.opPos);
      }
    }
  }
  if (lt !== 'scalar' && lt !== 'vector') err('binary expression must contain only scalar and instant vector types', e.lhs.pos);
  if (rt !== 'scalar' && rt !== 'vector') err('binary expression must contain only scalar and instant vector types', e.rhs.pos);
  const hasFill = m.fillLeft !== null || m.fillRight !== null;
  if (lt !== 'vector' || rt !== 'vector') {
    if (m.labels.length > 0) err('vector matching only allowed between instant vectors', e.pos);
    if (hasFill) err('filling in missing series only allowed between instant vectors', e.pos);
  } else if (isSet) {
    if (m.card === 'one-to-many' || m.card === 'many-to-one') err(`no grouping allowed for ${goQuote(e.op)} operation`, e.pos);
    if (m.card !== 'many-to-many') err('set operations must always be many-to-many', e.pos);
    if (hasFill) err('filling in missing series not allowed for set operators', e.pos);
  }
  if ((lt === 'scalar' || rt === 'scalar') && isSet) {
    err(`set operator ${goQuote(e.op)} not allowed in binary scalar expression`, e.pos);
  }
}

function checkSelector(e: VectorSelector, err: ErrorSink, bypassEmptyMatcher: boolean): void {
  if (e.name !== '') {
    // The last matcher is the one the name made.
    for (let i = 0; i < e.matchers.length - 1; i++) {
      const m = e.matchers[i];
      if (m.name === '__name__') err(`metric name must not be set twice: ${goQuote(e.name)} or ${goQuote(m.value)}`, e.pos);
    }
    return;
  }
  if (bypassEmptyMatcher) return;
  if (!e.matchers.some((m) => !matcherMatches(m.op, m.value, ''))) {
    err('vector selector must contain at least one non-empty matcher', e.pos);
  }
}
