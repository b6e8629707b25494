// The evaluator: one exhaustive dispatcher over node kinds. Every node evaluates to its values for
// all steps of a grid at once; step-invariant subtrees are evaluated once and repeated.
import { assertNever, type Call, type Expr, type UnaryExpr } from '../parser/ast.js';
import { EvalError, UnsupportedError } from '../errors.js';
import { dropMetricName } from '../storage/labels.js';
import { FUNCTION_IMPLEMENTATIONS } from '../functions/registry.js';
import type { EvalContext } from './context.js';
import { makeGrid, type Grid } from '../functions/support/grid.js';
import { evalMatrixSelector, evalVectorSelector } from './selectors.js';
import { evalSubquery } from './subquery.js';
import { evalBinary } from './binary.js';
import { evalAggregate } from './aggregate.js';
import { mergeSameLabels } from '../functions/support/output.js';
import { unwrapParens } from '../parser/walk.js';
import type { ScalarValue, StepValue, VectorValue } from './values.js';

function constant(g: Grid, v: number): ScalarValue {
  return { type: 'scalar', values: new Float64Array(g.steps).fill(v) };
}

/** Repeats a one-step value over every step of g. */
function broadcast(v: StepValue, g: Grid): StepValue {
  if (v.type === 'scalar') return constant(g, v.values[0]);
  if (v.type !== 'vector') return v;
  return {
    type: 'vector',
    series: v.series.map((s) => ({
      labels: s.labels, dropName: s.dropName,
      values: new Float64Array(g.steps).fill(s.values[0]),
      present: new Uint8Array(g.steps).fill(s.present[0]),
    })),
  };
}

function evalUnary(ctx: EvalContext, e: UnaryExpr, v: StepValue): StepValue {
  if (e.op === '+') return v;
  if (v.type === 'scalar') return { type: 'scalar', values: v.values.map((x) => -x) };
  const vec = v as VectorValue;
  const series = vec.series.map((s) => ({
    labels: ctx.settings.delayedNameRemoval ? s.labels : dropMetricName(s.labels),
    dropName: true,
    values: s.values.map((x) => -x),
    present: s.present,
  }));
  return { type: 'vector', series: ctx.settings.delayedNameRemoval ? series : mergeSameLabels(series) };
}

function evalCall(ctx: EvalContext, e: Call, g: Grid): StepValue {
  const folded = ctx.plan.folded.get(e);
  if (folded !== undefined) return constant(g, folded);
  const impl = FUNCTION_IMPLEMENTATIONS.get(e.func);
  if (!impl) throw new UnsupportedError(`function "${e.func}" is not implemented yet`, e.pos);
  checkExtendedModifiers(e);
  if (e.func === 'info') {
    // The second argument only names the info series; the plan holds the selector that reads them.
    const base = evaluate(ctx, unwrapParens(e.args[0]), g);
    const info = evalVectorSelector(ctx, ctx.plan.infoSelectors.get(e)!, g, 'time');
    return impl({ ctx, call: e, args: [base, info], grid: g });
  }
  const args = e.args.map((raw) => {
    const a = unwrapParens(raw);
    if (a.type === 'StringLiteral') return { type: 'string' as const, value: a.value };
    // Prometheus compatibility: timestamp() of a selector reports the selected samples' own times.
    if (e.func === 'timestamp' && a.type === 'VectorSelector') return evalVectorSelector(ctx, a, g, 'time');
    if (e.func === 'start_timestamp' && a.type === 'VectorSelector' && ctx.settings.useStartTimestamps) {
      return evalVectorSelector(ctx, a, g, 'start');
    }
    return evaluate(ctx, a, g);
  });
  return impl({ ctx, call: e, args, grid: g });
}

const ANCHORED_SAFE = ['changes', 'delta', 'increase', 'rate', 'resets'];
const SMOOTHED_SAFE = ['delta', 'increase', 'rate'];

/** `anchored`/`smoothed` range selectors work only with the functions that know about them. */
function checkExtendedModifiers(e: Call): void {
  for (const raw of e.args) {
    const a = unwrapParens(raw);
    if (a.type !== 'MatrixSelector') continue;
    const vs = unwrapParens(a.vectorSelector);
    if (vs.type !== 'VectorSelector') continue;
    if (vs.anchored && !ANCHORED_SAFE.includes(e.func)) {
      throw new EvalError(`anchored modifier can only be used with: ${ANCHORED_SAFE.join(', ')} - not with ${e.func}`);
    }
    if (vs.smoothed && !SMOOTHED_SAFE.includes(e.func)) {
      throw new EvalError(`smoothed modifier can only be used with: ${SMOOTHED_SAFE.join(', ')} - not with ${e.func}`);
    }
  }
}

/** Evaluates a node over grid g. */
export function evaluate(ctx: EvalContext, e: Expr, g: Grid): StepValue {
  ctx.checkCancelled();
  if (g.steps > 1 && ctx.plan.invariant.has(e)) {
    return broadcast(evaluateNode(ctx, e, makeGrid(g.start, g.start, g.interval)), g);
  }
  return evaluateNode(ctx, e, g);
}

function evaluateNode(ctx: EvalContext, e: Expr, g: Grid): StepValue {
  switch (e.type) {
    case 'NumberLiteral':
      return constant(g, e.value);
    case 'StringLiteral':
      return { type: 'string', value: e.value };
    case 'ParenExpr':
      return evaluate(ctx, e.expr, g);
    case 'UnaryExpr':
      return evalUnary(ctx, e, evaluate(ctx, e.expr, g));
    case 'VectorSelector':
      return evalVectorSelector(ctx, e, g);
    case 'MatrixSelector':
      return evalMatrixSelector(ctx, e, g);
    case 'SubqueryExpr':
      return evalSubquery(ctx, e, g, (inner) => evaluate(ctx, e.expr, inner));
    case 'BinaryExpr': {
      const l = evaluate(ctx, e.lhs, g);
      const r = evaluate(ctx, e.rhs, g);
      return evalBinary(ctx, e, l, r, g);
    }
    case 'AggregateExpr': {
      let param: ScalarValue | string | null = null;
      if (e.param) {
        const p = unwrapParens(e.param);
        param = p.type === 'StringLiteral' ? p.value : (evaluate(ctx, p, g) as ScalarValue);
      }
      const input = evaluate(ctx, e.expr, g) as VectorValue;
      return evalAggregate(ctx, e, input, param, g);
    }
    case 'Call':
      return evalCall(ctx, e, g);
    default:
      return assertNever(e);
  }
}

