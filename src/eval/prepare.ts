// The prepare step: walks the checked AST once, without mutating it, and builds the evaluation
// plan: resolved offsets, ranges and `@` times, fetch windows per selector, step-invariant subtrees.
import type { AggregateExpr, Call, DurationExpr, DurationNode, Expr, LabelMatcher, MatrixSelector, SubqueryExpr, VectorSelector } from '../parser/ast.js';
import { assertNever } from '../parser/ast.js';
import { childrenOf, unwrapParens } from '../parser/walk.js';
import { AT_MODIFIER_UNSAFE_FUNCTIONS, FUNCTION_SIGNATURES } from '../parser/functions.js';
import { effectiveInfoNameMatchers } from '../functions/info.js';
import { runDeepPausing, runToEnd, type DeepWalker } from '../util/deep.js';
import type {
  AggregateNode, BinaryNode, CallNode, NumberNode, PlanNode, RangeSelectorNode, SelectorNode, StepInvariantNode, StringNode,
  SubqueryNode, UnaryNode,
} from './plan/nodes.js';
import { EvalError } from '../errors.js';
import { byteOffset } from '../parser/positions.js';
import { goPow } from '../util/go-math.js';

/** What the plan knows about one selector. */
export interface SelectorPlan {
  readonly node: VectorSelector;
  /** Offset in ms (duration expressions evaluated). */
  readonly offset: number;
  /** `@` time in ms, with `start()`/`end()` resolved, or null. */
  readonly at: number | null;
  /** Range in ms of the enclosing matrix selector, 0 for an instant selector. */
  readonly range: number;
  /** Name of the function whose argument this selector is, if any. */
  readonly func: string | undefined;
  /** Storage hints as Prometheus fills them: the enclosing function or aggregation, and the grouping of a directly enclosing aggregation. */
  readonly hints: { readonly func?: string; readonly by?: boolean; readonly grouping?: readonly string[] };
  /** The inclusive window to fetch, as Prometheus's `getTimeRangesForSelector` computes it. */
  readonly fetchStart: number;
  readonly fetchEnd: number;
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
  /** The operator tree the evaluator runs. */
  tree: PlanNode;
  /** Number of plan nodes (ids are 0 … size-1). */
  size: number;
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
  /** Whether `start_timestamp(selector)` reads start timestamps (engine option useStartTimestamps). */
  readonly useStartTimestamps?: boolean;
}

const QUERY_CONTEXT = new Set(['start', 'end', 'range', 'step']);

/** Builds the plan for a checked expression. Throws EvalError for invalid duration expressions. */
export function prepare(root: Expr, o: PrepareOptions): Plan {
  return runToEnd(preparing(root, o));
}

/** Steps of the walk (generator steps; leaves are not counted) between two pauses of {@link preparing}. */
const PAUSE_EVERY = 1024;

/** {@link prepare} as a pausable step: it pauses (yields) every {@link PAUSE_EVERY} steps of its walk. */
export function* preparing(root: Expr, o: PrepareOptions): Generator<void, Plan, void> {
  const planner = new Planner(root, o);
  const [, wrapRoot, tree] = yield* runDeepPausing<Visit, Walked>(
    { e: root, subq: { offset: 0, range: 0, at: null }, evalRange: 0, func: undefined }, planner, PAUSE_EVERY,
  );
  const plan = planner.plan;
  plan.tree = wrapRoot ? planner.invariantNode(tree, root) : tree;
  plan.size = planner.nextId;
  return plan;
}

interface SubqCtx { readonly offset: number; readonly range: number; readonly at: number | null }
/** One walk step: a node with the context it is planned in. */
interface Visit { readonly e: Expr; readonly subq: SubqCtx; readonly evalRange: number; readonly func: string | undefined; readonly hint?: Hint }
/** What Prometheus's extractFuncFromPath / extractGroupsFromPath find for a selector below. */
interface Hint { readonly func: string; readonly agg: AggregateExpr | null }
/** [isStepInvariant, shouldWrap, node], exactly as Prometheus's preprocessExprHelper decides. */
type Walked = [boolean, boolean, PlanNode];

/**
 * The walk of one query's plan (its DeepWalker): the state of the walk and its steps as methods,
 * so that planning a query makes one object rather than a dozen closures (and no generator
 * function of its own, whose generators would each query get a new hidden class: a small query's
 * planning took several times longer after an idle moment).
 */
class Planner implements DeepWalker<Visit, Walked> {
  readonly plan: Plan;
  nextId = 0;
  /** `step()` and `range()` in seconds; step() is 0 for an instant query. */
  private readonly stepSeconds: number;
  private readonly rangeSeconds: number;

  constructor(root: Expr, private readonly o: PrepareOptions) {
    this.plan = {
      root, selectors: new Map(), subqueries: new Map(), ranges: new Map(), invariant: new Set(), folded: new Map(), infoSelectors: new Map(),
      tree: null as unknown as PlanNode, size: 0,
    };
    this.stepSeconds = o.start === o.end ? 0 : o.step / 1000;
    this.rangeSeconds = (o.end - o.start) / 1000;
  }

  private durationError(e: DurationExpr | DurationNode, msg: string): EvalError {
    return new EvalError(`${byteOffset(this.o.query, e.pos.start)}:${byteOffset(this.o.query, e.pos.end)}: ${msg}`, e.pos);
  }

  private evalDuration(e: DurationNode): number {
    if (e.type === 'NumberLiteral') return e.value;
    const l = e.lhs ? this.evalDuration(e.lhs) : 0;
    const r = e.rhs ? this.evalDuration(e.rhs) : 0;
    switch (e.op) {
      case 'step': return this.stepSeconds;
      case 'range': return this.rangeSeconds;
      case 'min_of': return Math.min(l, r);
      case 'max_of': return Math.max(l, r);
      case '+': return e.lhs ? l + r : r;
      case '-': return e.lhs ? l - r : -r;
      case '*': return l * r;
      case '/':
        if (r === 0) throw this.durationError(e, 'division by zero');
        return l / r;
      case '%':
        if (r === 0) throw this.durationError(e, 'modulo by zero');
        return l % r;
      case '^': return goPow(l, r);
    }
  }

  private duration(e: DurationExpr | null, literalMs: number, allowNegative: boolean): number {
    if (!e) return Math.trunc(literalMs);
    const s = this.evalDuration(e);
    if (!Number.isFinite(s)) throw this.durationError(e, 'duration is NaN or infinite');
    if (s <= 0 && !allowNegative) throw this.durationError(e, 'duration must be greater than 0');
    if (Math.abs(s) > 9223372036.854775) throw this.durationError(e, 'duration is out of range');
    return Math.trunc(s * 1000) + 0;
  }

  private atTime(at: VectorSelector['at']): number | null {
    return at === null ? null : at === 'start' ? this.o.start : at === 'end' ? this.o.end : at;
  }

  /** A plan node with the next id. The id is added to the node literal itself (a spread into a new object cost a fifth of a small query's planning). */
  private mk<T extends PlanNode>(n: Omit<T, 'id'>): T {
    (n as unknown as { id: number }).id = this.nextId++;
    return n as T;
  }

  invariantNode(child: PlanNode, e: Expr): PlanNode {
    this.plan.invariant.add(e);
    return this.mk<StepInvariantNode>({ kind: 'stepInvariant', pos: child.pos, expr: e, child });
  }

  private callNode(e: Call, args: PlanNode[]): CallNode {
    return this.mk<CallNode>({ kind: 'call', pos: e.pos, expr: e, func: e.func, args });
  }

  private selectorPlan(e: VectorSelector, subq: SubqCtx, evalRange: number, func: string | undefined, hint: Hint | undefined): SelectorPlan {
    const o = this.o;
    const offset = this.duration(e.offsetExpr, e.offset, true);
    const at = this.atTime(e.at);
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
    const hints = {
      ...(hint?.func ? { func: hint.func } : {}),
      ...(hint?.agg ? { by: !hint.agg.without, grouping: hint.agg.grouping } : {}),
    };
    const p: SelectorPlan = { node: e, offset, at, range: evalRange, func, hints, fetchStart: start - offset, fetchEnd: end - offset };
    this.plan.selectors.set(e, p);
    return p;
  }

  /**
   * The nodes without children (selectors, literals), planned without a generator of their own
   * (the walker's leaf): half the nodes of a typical tree. Undefined for any other node.
   */
  leaf({ e, subq, evalRange, func, hint }: Visit): Walked | undefined {
    switch (e.type) {
      case 'VectorSelector': {
        const sel = this.selectorPlan(e, subq, evalRange, func, hint);
        const sig = func === undefined ? undefined : FUNCTION_SIGNATURES.get(func);
        const report = sig?.selectorReports === 'time' || (sig?.selectorReports === 'start' && this.o.useStartTimestamps) ? sig.selectorReports : 'value';
        const node = this.mk<SelectorNode>({ kind: 'selector', pos: e.pos, expr: e, sel, report });
        return [sel.at !== null, sel.at !== null, node];
      }
      case 'MatrixSelector': {
        const range = this.duration(e.rangeExpr, e.range, false);
        this.plan.ranges.set(e, range);
        const vs = unwrapParens(e.vectorSelector) as VectorSelector;
        const sel = this.selectorPlan(vs, subq, range, func, hint && { func: hint.func, agg: null });
        return [sel.at !== null, false, this.mk<RangeSelectorNode>({ kind: 'rangeSelector', pos: e.pos, expr: e, sel, range })];
      }
      case 'NumberLiteral':
        return [true, false, this.mk<NumberNode>({ kind: 'number', pos: e.pos, expr: e, value: e.value })];
      case 'StringLiteral':
        return [true, false, this.mk<StringNode>({ kind: 'string', pos: e.pos, expr: e, value: e.value })];
      default:
        return undefined;
    }
  }

  *step(v: Visit): Generator<Visit, Walked, Walked> {
    const { e, subq, evalRange, func, hint } = v;
    const o = this.o;
    // The hint children see: the innermost enclosing call or aggregation ("" past a binary operator).
    const below: Hint | undefined = e.type === 'Call' ? { func: e.func, agg: null }
      : e.type === 'AggregateExpr' ? { func: e.op, agg: e }
      : e.type === 'BinaryExpr' ? undefined
      : hint && { func: hint.func, agg: null };
    switch (e.type) {
      case 'VectorSelector':
      case 'MatrixSelector':
      case 'NumberLiteral':
      case 'StringLiteral':
        return this.leaf(v)!;
      case 'SubqueryExpr': {
        const offset = this.duration(e.offsetExpr, e.offset, true);
        const range = this.duration(e.rangeExpr, e.range, false);
        const step = e.stepExpr || e.step ? this.duration(e.stepExpr, e.step, false) : o.defaultSubqueryStep(range);
        const at = this.atTime(e.at);
        const sq: SubqueryPlan = { offset, at, range, step };
        this.plan.subqueries.set(e, sq);
        const inner: SubqCtx = at !== null
          ? { offset, range, at }
          : { offset: subq.offset + offset, range: subq.range + range, at: subq.at };
        const [inv, , child] = yield { e: e.expr, subq: inner, evalRange: 0, func: undefined, hint: below };
        const node = this.mk<SubqueryNode>({ kind: 'subquery', pos: e.pos, expr: e, sq, child: inv ? this.invariantNode(child, e.expr) : child });
        return [at !== null, false, node];
      }
      case 'AggregateExpr': {
        // Prometheus plans the parameter first, then the expression.
        const param = e.param ? (yield { e: unwrapParens(e.param), subq, evalRange: 0, func: undefined, hint: below })[2] : null;
        const [inv, wrap, child] = yield { e: e.expr, subq, evalRange: 0, func: undefined, hint: below };
        return [inv, wrap, this.mk<AggregateNode>({ kind: 'aggregate', pos: e.pos, expr: e, child, param })];
      }
      case 'BinaryExpr': {
        const [li, lw, l] = yield { e: e.lhs, subq, evalRange: 0, func: undefined };
        const [ri, rw, r] = yield { e: e.rhs, subq, evalRange: 0, func: undefined };
        if (li && ri) return [true, true, this.mk<BinaryNode>({ kind: 'binary', pos: e.pos, expr: e, lhs: l, rhs: r })];
        const lhs = lw ? this.invariantNode(l, e.lhs) : l;
        const rhs = rw ? this.invariantNode(r, e.rhs) : r;
        return [false, false, this.mk<BinaryNode>({ kind: 'binary', pos: e.pos, expr: e, lhs, rhs })];
      }
      case 'Call': {
        if (QUERY_CONTEXT.has(e.func) && e.args.length === 0) {
          const v = e.func === 'start' ? o.start / 1000 : e.func === 'end' ? o.end / 1000
            : e.func === 'range' ? this.rangeSeconds : this.stepSeconds;
          this.plan.folded.set(e, v);
          return [true, false, this.mk<NumberNode>({ kind: 'number', pos: e.pos, expr: e, value: v })];
        }
        if (FUNCTION_SIGNATURES.get(e.func)?.joinsInfo) return yield* this.walkInfo(e, subq);
        let inv = !AT_MODIFIER_UNSAFE_FUNCTIONS.has(e.func);
        let timestampSafe = e.func === 'timestamp';
        const walked: Walked[] = [];
        for (const raw of e.args) {
          const a = unwrapParens(raw);
          const w = yield { e: a, subq, evalRange: 0, func: e.func, hint: below };
          walked.push(w);
          inv &&= w[0];
          if (!w[0] || a.type !== 'VectorSelector') timestampSafe = false;
        }
        if (inv || timestampSafe) return [true, true, this.callNode(e, walked.map((w) => w[2]))];
        const args = walked.map(([, w, n], i) => (w ? this.invariantNode(n, unwrapParens(e.args[i])) : n));
        return [false, false, this.callNode(e, args)];
      }
      case 'ParenExpr':
        return yield { e: e.expr, subq, evalRange, func, hint: below };
      case 'UnaryExpr': {
        const w = yield { e: e.expr, subq, evalRange, func: undefined, hint: below };
        if (e.op === '+') return w;
        return [w[0], w[1], this.mk<UnaryNode>({ kind: 'unary', pos: e.pos, expr: e, child: w[2] })];
      }
      default:
        return assertNever(e);
    }
  }

  /**
   * `info(v, {…})`: the second argument only describes which info series to join, so it is not
   * fetched itself; instead a selector for the info series is planned, evaluated at the time the
   * first argument's first selector (with its enclosing subqueries) looks at (Prometheus
   * `infoSelectTimestampAndOffset`), so `info(v @ T)` joins the info series as of T.
   */
  private *walkInfo(e: Call, subq: SubqCtx): Generator<Visit, Walked, Walked> {
    const plan = this.plan;
    const base = unwrapParens(e.args[0]);
    const [inv, wrap, baseNode] = yield { e: base, subq, evalRange: 0, func: e.func, hint: { func: e.func, agg: null } };
    const labelSelector = e.args[1] ? unwrapParens(e.args[1]) : null;
    const given = labelSelector?.type === 'VectorSelector' ? labelSelector.matchers : [];
    const names = labelSelector ? given.filter((m) => m.name === '__name__') : [{ name: '__name__', op: '=' as const, value: 'target_info' }];
    const matchers = [...given.filter((m) => m.name !== '__name__'), ...effectiveInfoNameMatchers(names)];
    let at: number | null = null;
    let offset = 0;
    // The first selector of the base expression, found with an explicit stack (any depth).
    const todo: { x: Expr; path: SubqueryExpr[] }[] = [{ x: base, path: [] }];
    while (todo.length > 0) {
      const { x, path } = todo.pop()!;
      if (x.type === 'VectorSelector') {
        at = plan.selectors.get(x)?.at ?? null;
        offset = plan.selectors.get(x)?.offset ?? 0;
        for (let i = path.length - 1; at === null && i >= 0; i--) {
          const sq = plan.subqueries.get(path[i])!;
          offset += sq.offset;
          at = sq.at;
        }
        break;
      }
      const next = x.type === 'SubqueryExpr' ? [...path, x] : path;
      const kids = childrenOf(x);
      for (let i = kids.length - 1; i >= 0; i--) todo.push({ x: kids[i], path: next });
    }
    const node: VectorSelector = {
      type: 'VectorSelector', name: '', matchers, offset, offsetExpr: null, at, anchored: false, smoothed: false, pos: e.pos,
    };
    plan.infoSelectors.set(e, node);
    const [, , selected] = yield { e: node, subq, evalRange: 0, func: 'info', hint: { func: 'info', agg: null } };
    // The join needs each info sample's own timestamp (the newest one wins).
    const infoNode: SelectorNode = { ...(selected as SelectorNode), report: 'time' };
    if (inv) return [true, true, this.callNode(e, [baseNode, infoNode])];
    return [false, false, this.callNode(e, [wrap ? this.invariantNode(baseNode, base) : baseNode, infoNode])];
  }
}
