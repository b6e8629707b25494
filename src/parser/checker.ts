// The static checker: Prometheus's `checkAST` type rules as a separate pass over the AST.
// It never mutates the tree and reports every problem it finds, in Prometheus's wording.
import { goQuote } from '../util/go-format.js';
import type { AggregateExpr, BinaryExpr, Call, Expr, ValueType, VectorSelector } from './ast.js';
import type { ErrorSink } from './builders.js';
import { documentedType, typeOf } from './types.js';
import { runDeep } from '../util/deep.js';
import { FUNCTION_SIGNATURES } from './functions.js';
import { matcherMatches } from './labels.js';

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const SET_OPS = new Set(['and', 'or', 'unless']);
const SCALAR_PARAM = new Set(['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio']);

/**
 * Checks an expression tree; returns its type. Errors go to `err` in the order Prometheus finds
 * them. Runs on an explicit stack (any nesting depth).
 */
export function checkExpr(e: Expr, err: ErrorSink): ValueType {
  return runDeep(e, (n) => (n.type === 'Call' ? checkCall(n, err) : checkNode(n, err)), (n) => checkLeaf(n, err));
}

/** Selectors and literals: checked without a generator (most nodes are these). */
function checkLeaf(e: Expr, err: ErrorSink): ValueType | undefined {
  switch (e.type) {
    case 'VectorSelector':
      checkSelector(e, err, false);
      return 'vector';
    case 'MatrixSelector':
      // A range over anything else (a parse error already) goes through checkNode.
      if (e.vectorSelector.type !== 'VectorSelector') return undefined;
      checkSelector(e.vectorSelector, err, false);
      return 'matrix';
    case 'NumberLiteral': return 'scalar';
    case 'StringLiteral': return 'string';
    default: return undefined;
  }
}

/** One node: its children's types come back from `yield child` (Prometheus `checkAST`). */
function* checkNode(e: Expr, err: ErrorSink): Generator<Expr, ValueType, ValueType> {
  switch (e.type) {
    case 'AggregateExpr': {
      expectType(yield e.expr, 'vector', 'aggregation expression', e.expr, err);
      if (e.param && SCALAR_PARAM.has(e.op)) expectType(yield e.param, 'scalar', 'aggregation parameter', e.param, err);
      if (e.param && e.op === 'count_values') expectType(yield e.param, 'string', 'aggregation parameter', e.param, err);
      return 'vector';
    }
    case 'BinaryExpr': {
      const lt = yield e.lhs;
      const rt = yield e.rhs;
      checkBinary(e, lt, rt, err);
      return lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector';
    }
    case 'ParenExpr': return yield e.expr;
    case 'UnaryExpr': {
      const t = yield e.expr;
      if (t !== 'scalar' && t !== 'vector') {
        err(`unary expression only allowed on expressions of type scalar or instant vector, got ${goQuote(documentedType(t))}`, e.pos);
      }
      return t;
    }
    case 'SubqueryExpr': {
      const t = yield e.expr;
      if (t !== 'vector') err(`subquery is only allowed on instant vector, got ${t} instead`, e.pos);
      return 'matrix';
    }
    case 'MatrixSelector':
      yield e.vectorSelector;
      return 'matrix';
    default: return checkLeaf(e, err)!;
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

function* checkCall(e: Call, err: ErrorSink): Generator<Expr, ValueType, ValueType> {
  const sig = FUNCTION_SIGNATURES.get(e.func);
  if (!sig) return 'vector';
  const nargs = sig.argTypes.length;
  const name = goQuote(sig.name);
  if (sig.variadic === 0) {
    if (nargs !== e.args.length) err(`expected ${nargs} argument(s) in call to ${name}, got ${e.args.length}`, e.pos);
  } else {
    const min = nargs - 1;
    if (min > e.args.length) {
      err(`expected at least ${min} argument(s) in call to ${name}, got ${e.args.length}`, e.pos);
    } else if (sig.variadic > 0 && min + sig.variadic < e.args.length) {
      err(`expected at most ${min + sig.variadic} argument(s) in call to ${name}, got ${e.args.length}`, e.pos);
    }
  }
  let infoLabelsArg: VectorSelector | null = null;
  if (sig.name === 'info' && e.args.length > 1) {
    const a = e.args[1];
    const t = typeOf(a);
    if (t !== 'vector') err(`expected type instant vector in call to function ${name}, got ${documentedType(t)}`, e.pos);
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
    const t = arg === infoLabelsArg ? (checkSelector(infoLabelsArg, err, true), 'vector') : yield arg;
    if (t !== sig.argTypes[idx]) {
      err(`expected type ${documentedType(sig.argTypes[idx])} in call to function ${name}, got ${documentedType(t)}`, arg.pos);
    }
  }
  return sig.returnType;
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
