// The static checker: Prometheus's `checkAST` type rules as a separate pass over the AST.
// It never mutates the tree and reports every problem it finds, in Prometheus's wording.
import { goQuote } from '../util/go-format.js';
import type { AggregateExpr, BinaryExpr, Call, Expr, ValueType, VectorSelector } from './ast.js';
import type { ErrorSink } from './builders.js';
import { documentedType, typeOf } from './types.js';
import { FUNCTION_SIGNATURES } from './functions.js';
import { matcherMatches } from './labels.js';

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const SET_OPS = new Set(['and', 'or', 'unless']);
const SCALAR_PARAM = new Set(['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio']);

/** Checks an expression tree; returns its type. Errors go to `err` in the order Prometheus finds them. */
export function checkExpr(e: Expr, err: ErrorSink, bypassEmptyMatcher = false): ValueType {
  switch (e.type) {
    case 'AggregateExpr': checkAggregate(e, err); break;
    case 'BinaryExpr': checkBinary(e, err); break;
    case 'Call': checkCall(e, err); break;
    case 'ParenExpr': checkExpr(e.expr, err); break;
    case 'UnaryExpr': {
      const t = checkExpr(e.expr, err);
      if (t !== 'scalar' && t !== 'vector') {
        err(`unary expression only allowed on expressions of type scalar or instant vector, got ${goQuote(documentedType(t))}`, e.pos);
      }
      break;
    }
    case 'SubqueryExpr': {
      const t = checkExpr(e.expr, err);
      if (t !== 'vector') err(`subquery is only allowed on instant vector, got ${t} instead`, e.pos);
      break;
    }
    case 'MatrixSelector': checkExpr(e.vectorSelector, err); break;
    case 'VectorSelector': checkSelector(e, err, bypassEmptyMatcher); break;
    case 'NumberLiteral':
    case 'StringLiteral':
      break;
  }
  return typeOf(e);
}

function expectType(e: Expr, want: ValueType, context: string, err: ErrorSink): void {
  const t = checkExpr(e, err);
  if (t !== want) err(`expected type ${documentedType(want)} in ${context}, got ${documentedType(t)}`, e.pos);
}

function checkAggregate(e: AggregateExpr, err: ErrorSink): void {
  expectType(e.expr, 'vector', 'aggregation expression', err);
  if (e.param && SCALAR_PARAM.has(e.op)) expectType(e.param, 'scalar', 'aggregation parameter', err);
  if (e.param && e.op === 'count_values') expectType(e.param, 'string', 'aggregation parameter', err);
}

function checkBinary(e: BinaryExpr, err: ErrorSink): void {
  const lt = checkExpr(e.lhs, err);
  const rt = checkExpr(e.rhs, err);
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

function checkCall(e: Call, err: ErrorSink): void {
  const sig = FUNCTION_SIGNATURES.get(e.func);
  if (!sig) return;
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
    const t = checkExpr(arg, err, arg === infoLabelsArg);
    if (t !== sig.argTypes[idx]) {
      err(`expected type ${documentedType(sig.argTypes[idx])} in call to function ${name}, got ${documentedType(t)}`, arg.pos);
    }
  }
}

function checkSelector(e: VectorSelector, err: ErrorSink, bypassEmptyMatcher: boolean): void {
  if (e.name !== '') {
    for (const m of e.matchers.slice(0, -1)) {
      if (m.name === '__name__') err(`metric name must not be set twice: ${goQuote(e.name)} or ${goQuote(m.value)}`, e.pos);
    }
    return;
  }
  if (bypassEmptyMatcher) return;
  if (!e.matchers.some((m) => !matcherMatches(m.op, m.value, ''))) {
    err('vector selector must contain at least one non-empty matcher', e.pos);
  }
}
