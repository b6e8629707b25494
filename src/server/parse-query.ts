// `/api/v1/parse_query` and `/api/v1/format_query`: the query's tree in the JSON shape Prometheus's
// web UI reads (`translateAST`), and the query pretty-printed as Prometheus prints it.
import type { DurationExpr, DurationNode, Expr, LabelMatcher, TimeModifiers } from '../parser/ast.js';
import { assertNever } from '../parser/ast.js';
import { FUNCTION_SIGNATURES } from '../parser/functions.js';
import { format } from '../parser/format.js';
import { typeOf } from '../parser/types.js';
import { formatFloatF } from '../util/go-format.js';
import { queryError } from './errors.js';
import { dataResponse } from './responses.js';
import type { ApiContext, ApiRequest } from './context.js';

/** A JSON value, as `/api/v1/parse_query` answers it. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function matchers(ms: readonly LabelMatcher[]): Json {
  return ms.map((m) => ({ name: m.name, value: m.value, type: m.op }));
}

function durationNode(n: DurationNode | null): Json {
  if (n === null) return null;
  if (n.type === 'NumberLiteral') return { type: 'numberLiteral', val: formatFloatF(n.value), duration: n.duration };
  return durationExpr(n);
}

function durationExpr(n: DurationExpr | null): Json {
  if (n === null) return null;
  return { type: 'durationExpr', op: n.op, lhs: durationNode(n.lhs), rhs: durationNode(n.rhs), wrapped: n.wrapped };
}

/** `timestamp` (ms or null) and `startOrEnd` (`"start"`, `"end"` or null) of an `@` modifier. */
function at(m: TimeModifiers): { timestamp: Json; startOrEnd: Json } {
  if (m.at === null) return { timestamp: null, startOrEnd: null };
  return typeof m.at === 'number' ? { timestamp: m.at, startOrEnd: null } : { timestamp: null, startOrEnd: m.at };
}

/** The tree of a parsed query in Prometheus's `translateAST` JSON shape. */
export function translateAST(e: Expr): Json {
  switch (e.type) {
    case 'AggregateExpr':
      return { type: 'aggregation', op: e.op, expr: translateAST(e.expr), param: e.param && translateAST(e.param), grouping: [...e.grouping], without: e.without };
    case 'BinaryExpr': {
      const vectors = typeOf(e.lhs) === 'vector' && typeOf(e.rhs) === 'vector';
      const m = e.matching;
      const matching: Json = vectors
        ? { card: m.card, labels: [...m.labels], on: m.on, include: [...m.include], fillValues: { lhs: m.fillLeft, rhs: m.fillRight } }
        : null;
      return { type: 'binaryExpr', op: e.op, lhs: translateAST(e.lhs), rhs: translateAST(e.rhs), matching, bool: e.returnBool };
    }
    case 'Call': {
      const f = FUNCTION_SIGNATURES.get(e.func);
      return {
        type: 'call',
        func: { name: e.func, argTypes: [...(f?.argTypes ?? [])], variadic: f?.variadic ?? 0, returnType: f?.returnType ?? 'vector' },
        args: e.args.map(translateAST),
      };
    }
    case 'MatrixSelector': {
      const vs = e.vectorSelector;
      if (vs.type !== 'VectorSelector') return translateAST(vs);
      return {
        type: 'matrixSelector', name: vs.name, range: Math.trunc(e.range), rangeExpr: durationExpr(e.rangeExpr),
        offset: Math.trunc(vs.offset), offsetExpr: durationExpr(vs.offsetExpr), matchers: matchers(vs.matchers), ...at(vs),
        anchored: vs.anchored, smoothed: vs.smoothed,
      };
    }
    case 'SubqueryExpr':
      return {
        type: 'subquery', expr: translateAST(e.expr), range: Math.trunc(e.range), rangeExpr: durationExpr(e.rangeExpr),
        offset: Math.trunc(e.offset), offsetExpr: durationExpr(e.offsetExpr), step: Math.trunc(e.step), stepExpr: durationExpr(e.stepExpr), ...at(e),
      };
    case 'NumberLiteral':
      return { type: 'numberLiteral', val: formatFloatF(e.value) };
    case 'ParenExpr':
      return { type: 'parenExpr', expr: translateAST(e.expr) };
    case 'StringLiteral':
      return { type: 'stringLiteral', val: e.value };
    case 'UnaryExpr':
      return { type: 'unaryExpr', op: e.op, expr: translateAST(e.expr) };
    case 'VectorSelector':
      return {
        type: 'vectorSelector', name: e.name, offset: Math.trunc(e.offset), offsetExpr: durationExpr(e.offsetExpr),
        matchers: matchers(e.matchers), ...at(e), anchored: e.anchored, smoothed: e.smoothed,
      };
    default:
      return assertNever(e);
  }
}

function parsed(ctx: ApiContext, req: ApiRequest): Expr {
  try {
    return ctx.engine.parse(req.params.get('query'));
  } catch (e) {
    throw queryError(e);
  }
}

/** `GET|POST /api/v1/parse_query`. */
export function parseQuery(ctx: ApiContext, req: ApiRequest): Response {
  return dataResponse(translateAST(parsed(ctx, req)));
}

/** `GET|POST /api/v1/format_query`: the query as `promtool promql format` prints it. */
export function formatQuery(ctx: ApiContext, req: ApiRequest): Response {
  const expr = parsed(ctx, req);
  try {
    return dataResponse(format(expr, { pretty: true }));
  } catch (e) {
    throw queryError(e);
  }
}
