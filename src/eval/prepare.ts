// The prepare step: walks the checked AST once, without mutating it, and builds the evaluation
// plan: resolved offsets, ranges and `@` times, fetch windows per selector, step-invariant subtrees.
import type { Call, DurationExpr, DurationNode, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../parser/ast.js';
import { assertNever } from '../parser/ast.js';
import { childrenOf, unwrapParens } from '../parser/walk.js';
import { AT_MODIFIER_UNSAFE_FUNCTIONS } from '../parser/functions.js';
import { EvalError } from '../errors.js';
import { byteOffset } from '../parser/positions.js';
import type { Series } from '../storage/types.js';
import { goPow } from '../util/go-math.js';
import { effectiveInfoNameMatchers } from '../functions/info.js';

/** What the plan knows about one selector. */
export interface SelectorPlan {
  readonly node: VectorSelector;
  /** Offset in ms (duration expressions evaluated). */
  readonly offset: number;
  /** `@` time in ms, with `start()`/`end()` resolved, or null. */
  readonly at: number | null;
  /** Range in ms of the enclosing matrix selector, 0 for an instant selector. */
  readonly range: number;
  /** Name of the function whose argument this selector is, if any (a storage hint). */
  readonly func: string | undefined;
  /** The inclusive window to fetch, as Prometheus's `getTimeRangesForSelector` computes it. */
  readonly fetchStart: number;
  readonly fetchEnd: number;
  /** Filled by the fetch step. */
  series: Series[];
}

/** Resolved times of one subquery. */
export interface SubqueryPlan {
  readonly offset: number;
  readonly at: number | null;
  readonly range: number;
  /** Explicit step, or the default subquery step. */
  readonly step: number;
}

/** The evaluation plan of one query. */
export interface Plan {
  readonly root: Expr;
  readonly selectors: Map<VectorSelector, SelectorPlan>;
  readonly subqueries: Map<SubqueryExpr, SubqueryPlan>;
  readonly ranges: Map<MatrixSelector, number>;
  /** Subtrees Prometheus wraps in StepInvariantExpr: evaluated once at the start, then repeated. */
  readonly invariant: Set<Expr>;
  /** `start()`, `end()`, `range()`, `step()` folded to numbers. */
  readonly folded: Map<Call, number>;
  /** For each `info()` call, the selector of the info series it may join (fetched like any selector). */
  readonly infoSelectors: Map<Call, VectorSelector>;
}

/** Query times and settings the plan depends on. */
export interface PrepareOptions {
  readonly query: string;
  readonly start: number;
  readonly end: number;
  /** Step in ms; 0 for an instant query. */
  readonly step: number;
  readonly lookbackDelta: number;
  /** Step of a subquery without one, given its range in ms. */
  readonly defaultSubqueryStep: (rangeMs: number) => number;
}

const QUERY_CONTEXT = new Set(['start', 'end', 'range', 'step']);

/** Builds the plan for a checked expression. Throws EvalError for invalid duration expressions. */
export function prepare(root: Expr, o: PrepareOptions): Plan {
  const plan: Plan = {
    root, selectors: new Map(), subqueries: new Map(), ranges: new Map(), invariant: new Set(), folded: new Map(), infoSelectors: new Map(),
  };
  // `step()` and `range()` in seconds; step() is 0 for an instant query.
  const stepSeconds = o.start === o.end ? 0 : o.step / 1000;
  const rangeSeconds = (o.end - o.start) / 1000;
  const durationError = (e: DurationExpr | DurationNode, msg: string) =>
    new EvalError(`${byteOffset(o.query, e.pos.start)}:${byteOffset(o.query, e.pos.end)}: ${msg}`, e.pos);

  const evalDuration = (e: DurationNode): number => {
    if (e.type === 'NumberLiteral') return e.value;
    const l = e.lhs ? evalDuration(e.lhs) : 0;
    const r = e.rhs ? evalDuration(e.rhs) : 0;
    switch (e.op) {
      case 'step': return stepSeconds;
      case 'range': return rangeSeconds;
      case 'min_of': return Math.min(l, r);
      case 'max_of': return Math.max(l, r);
      case '+': return e.lhs ? l + r : r;
      case '-': return e.lhs ? l - r : -r;
      case '*': return l * r;
      case '/':
        if (r === 0) throw durationError(e, 'division by zero');
        return l / r;
      case '%':
        if (r === 0) throw durationError(e, 'modulo by zero');
        return l % r;
      case '^': return goPow(l, r);
    }
  };
  const duration = (e: DurationExpr | null, literalMs: number, allowNegative: boolean): number => {
    if (!e) return Math.trunc(literalMs);
    const s = evalDuration(e);
    if (!Number.isFinite(s)) throw durationError(e, 'duration is NaN or infinite');
    if (s <= 0 && !allowNegative) throw durationError(e, 'duration must be greater than 0');
    if (Math.abs(s) > 9223372036.854775) throw durationError(e, 'duration is out of range');
    return Math.trunc(s * 1000) + 0;
  };
  const atTime = (at: VectorSelector['at']): number | null =>
    at === null ? null : at === 'start' ? o.start : at === 'end' ? o.end : at;

  interface SubqCtx { offset: number; range: number; at: number | null }

  // Returns [isStepInvariant, shouldWrap] exactly as Prometheus's preprocessExprHelper.
  const walk = (e: Expr, subq: SubqCtx, evalRange: number, func: string | undefined): [boolean, boolean] => {
    switch (e.type) {
      case 'VectorSelector': {
        const offset = duration(e.offsetExpr, e.offset, true);
        const at = atTime(e.at);
        let start = subq.at ?? o.start;
        let end = subq.at ?? o.end;
        if (at !== null) {
          start = at;
          end = at;
        } else {
          start -= subq.offset + subq.range;
          end -= subq.offset;
        }
        if (evalRange === 0) {
          start -= o.lookbackDelta - 1;
          if (e.smoothed) end += o.lookbackDelta;
        } else if (e.anchored || e.smoothed) {
          start -= o.lookbackDelta + evalRange - 1;
          if (e.smoothed) end += o.lookbackDelta;
        } else {
          start -= evalRange - 1;
        }
        plan.selectors.set(e, {
          node: e, offset, at, range: evalRange, func,
          fetchStart: start - offset, fetchEnd: end - offset, series: [],
        });
        return [at !== null, at !== null];
      }
      case 'MatrixSelector': {
        const range = duration(e.rangeExpr, e.range, false);
        plan.ranges.set(e, range);
        const [inv] = walk(e.vectorSelector, subq, range, func);
        return [inv, false];
      }
      case 'SubqueryExpr': {
        const offset = duration(e.offsetExpr, e.offset, true);
        const range = duration(e.rangeExpr, e.range, false);
        const step = e.stepExpr || e.step ? duration(e.stepExpr, e.step, false) : o.defaultSubqueryStep(range);
        const at = atTime(e.at);
        plan.subqueries.set(e, { offset, at, range, step });
        const inner: SubqCtx = at !== null
          ? { offset, range, at }
          : { offset: subq.offset + offset, range: subq.range + range, at: subq.at };
        const [inv] = walk(e.expr, inner, 0, undefined);
        if (inv) plan.invariant.add(e.expr);
        return [at !== null, false];
      }
      case 'AggregateExpr':
        if (e.param) walk(e.param, subq, 0, undefined);
        return walk(e.expr, subq, 0, undefined);
      case 'BinaryExpr': {
        const [li, lw] = walk(e.lhs, subq, 0, undefined);
        const [ri, rw] = walk(e.rhs, subq, 0, undefined);
        if (li && ri) return [true, true];
        if (lw) plan.invariant.add(e.lhs);
        if (rw) plan.invariant.add(e.rhs);
        return [false, false];
      }
      case 'Call': {
        if (QUERY_CONTEXT.has(e.func) && e.args.length === 0) {
          const v = e.func === 'start' ? o.start / 1000 : e.func === 'end' ? o.end / 1000
            : e.func === 'range' ? rangeSeconds : stepSeconds;
          plan.folded.set(e, v);
          return [true, false];
        }
        if (e.func === 'info') return walkInfo(e, subq);
        let inv = !AT_MODIFIER_UNSAFE_FUNCTIONS.has(e.func);
        let timestampSafe = e.func === 'timestamp';
        const wrap: boolean[] = [];
        for (const raw of e.args) {
          const a = unwrapParens(raw);
          const [ai, aw] = walk(a, subq, 0, e.func);
          wrap.push(aw);
          inv &&= ai;
          if (!ai || a.type !== 'VectorSelector') timestampSafe = false;
        }
        if (inv || timestampSafe) return [true, true];
        e.args.forEach((a, i) => wrap[i] && plan.invariant.add(unwrapParens(a)));
        return [false, false];
      }
      case 'ParenExpr':
      case 'UnaryExpr':
        return walk(e.expr, subq, evalRange, func);
      case 'NumberLiteral':
      case 'StringLiteral':
        return [true, false];
      default:
        return assertNever(e);
    }
  };
  /**
   * `info(v, {…})`: the second argument only describes which info series to join, so it is not
   * fetched itself; instead a selector for the info series is planned, evaluated at the time the
   * first argument's first selector (with its enclosing subqueries) looks at (Prometheus
   * `infoSelectTimestampAndOffset`), so `info(v @ T)` joins the info series as of T.
   */
  const walkInfo = (e: Call, subq: SubqCtx): [boolean, boolean] => {
    const base = unwrapParens(e.args[0]);
    const [inv, wrap] = walk(base, subq, 0, e.func);
    const labelSelector = e.args[1] ? unwrapParens(e.args[1]) : null;
    const given = labelSelector?.type === 'VectorSelector' ? labelSelector.matchers : [];
    const names = labelSelector ? given.filter((m) => m.name === '__name__') : [{ name: '__name__', op: '=' as const, value: 'target_info' }];
    const matchers = [...given.filter((m) => m.name !== '__name__'), ...effectiveInfoNameMatchers(names)];
    let at: number | null = null;
    let offset = 0;
    const find = (x: Expr, path: SubqueryExpr[]): boolean => {
      if (x.type === 'VectorSelector') {
        at = plan.selectors.get(x)?.at ?? null;
        offset = plan.selectors.get(x)?.offset ?? 0;
        for (let i = path.length - 1; at === null && i >= 0; i--) {
          const sq = plan.subqueries.get(path[i])!;
          offset += sq.offset;
          at = sq.at;
        }
        return true;
      }
      const next = x.type === 'SubqueryExpr' ? [...path, x] : path;
      return childrenOf(x).some((c) => find(c, next));
    };
    find(base, []);
    const node: VectorSelector = {
      type: 'VectorSelector', name: '', matchers, offset, offsetExpr: null, at, anchored: false, smoothed: false, pos: e.pos,
    };
    plan.infoSelectors.set(e, node);
    walk(node, subq, 0, 'info');
    if (inv) return [true, true];
    if (wrap) plan.invariant.add(base);
    return [false, false];
  };
  const [, wrapRoot] = walk(root, { offset: 0, range: 0, at: null }, 0, undefined);
  if (wrapRoot) plan.invariant.add(root);
  return plan;
}

