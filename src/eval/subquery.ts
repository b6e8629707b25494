// Subqueries: the inner expression is evaluated on its own grid, aligned to absolute multiples of
// its step, and becomes a range vector whose windows follow the outer steps.
import type { SubqueryExpr } from '../parser/ast.js';
import { EMPTY_LABELS } from '../storage/labels.js';
import type { EvalContext } from './context.js';
import { makeGrid, stepTime, type Grid } from '../functions/support/grid.js';
import { windowEnds } from './selectors.js';
import type { MatrixValue, RangeSeries, StepValue } from './values.js';

/** The inner grid of a subquery evaluated within grid `g` (Prometheus `subqueryTimeRange`). */
export function subqueryGrid(ctx: EvalContext, sq: SubqueryExpr, g: Grid): Grid {
  const p = ctx.plan.subqueries.get(sq)!;
  const parentStart = p.at ?? g.start;
  const parentEnd = p.at ?? g.start + Math.max(0, g.steps - 1) * g.interval;
  const end = parentEnd - p.offset;
  const lowest = parentStart - p.offset - p.range;
  // Prometheus compatibility: Go's integer division truncates toward zero.
  let start = p.step * Math.trunc(lowest / p.step);
  if (start <= lowest) start += p.step;
  return makeGrid(start, end, p.step);
}

/** Turns the inner result into raw points at the inner steps. */
export function toRangeSeries(v: StepValue, inner: Grid): RangeSeries[] {
  if (v.type === 'scalar') {
    if (inner.steps === 0) return [];
    const t = Float64Array.from({ length: inner.steps }, (_, i) => stepTime(inner, i));
    return [{ labels: EMPTY_LABELS, t, v: v.values.slice(), dropName: false }];
  }
  if (v.type !== 'vector') throw new Error(`subquery over ${v.type}`);
  const out: RangeSeries[] = [];
  for (const s of v.series) {
    const t: number[] = [];
    const vals: number[] = [];
    for (let i = 0; i < inner.steps; i++) {
      if (!s.present[i]) continue;
      t.push(stepTime(inner, i));
      vals.push(s.values[i]);
    }
    if (t.length > 0) out.push({ labels: s.labels, t: Float64Array.from(t), v: Float64Array.from(vals), dropName: s.dropName });
  }
  return out;
}

/** Evaluates a subquery to a range vector over the outer grid. */
export function evalSubquery(
  ctx: EvalContext, sq: SubqueryExpr, g: Grid, evaluate: (inner: Grid) => StepValue,
): MatrixValue {
  const p = ctx.plan.subqueries.get(sq)!;
  const inner = subqueryGrid(ctx, sq, g);
  const series = inner.steps > 0 ? toRangeSeries(evaluate(inner), inner) : [];
  return { type: 'matrix', series, range: p.range, windowEnd: windowEnds(g, p.at, p.offset) };
}
