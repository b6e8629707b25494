// explain() and analyze(): the plan as a JSON-able tree and as text, optionally with what each
// node did while the query ran.
import { aggregateHead, binaryHead, printNode, subquerySuffix, type TypeMemo } from '../parser/printer.js';
import { FUNCTION_SIGNATURES } from '../parser/functions.js';
import type { ValueType } from '../parser/ast.js';
import { makeGrid, type Grid } from '../functions/support/grid.js';
import type { Plan } from './prepare.js';
import { planChildren, type PlanNode } from './plan/nodes.js';
import { subqueryGrid } from './subquery.js';
import type { NodeStats } from './driver.js';
import type { QueryResult } from './result.js';
import { runToEnd } from '../util/deep.js';

/** A range query's times (ms). */
export interface RangeSpec {
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

/** One node of an explained plan. */
export interface ExplainNode {
  readonly id: number;
  /** Operator kind: `vectorSelector`, `matrixSelector`, `subquery`, `function`, `aggregate`, `binary`, `unary`, `number`, `string`, `stepInvariant`. */
  readonly operator: string;
  /** What the operator does, in PromQL terms (`rate`, `sum by (job)`, `{__name__="up"}`, …). */
  readonly detail: string;
  /** Source range (UTF-16 offsets) of the node's expression. */
  readonly pos: { readonly start: number; readonly end: number };
  /** The steps the node is evaluated at: first, last (ms) and interval; one step when start = end. */
  readonly grid: { readonly start: number; readonly end: number; readonly step: number; readonly steps: number };
  /** For selectors: the inclusive window fetched from storage (ms), the range, offset and `@` time. */
  readonly window?: { readonly start: number; readonly end: number; readonly range: number; readonly offset: number; readonly at: number | null };
  /** For subqueries: range, step and offset (ms). */
  readonly subquery?: { readonly range: number; readonly step: number; readonly offset: number; readonly at: number | null };
  /** What the node did (analyze() only). */
  readonly stats?: NodeStats;
  readonly children: ExplainNode[];
}

/** A plan as explain() returns it. */
export interface Explanation {
  readonly plan: ExplainNode;
  /** The same tree as indented text, one node per line. */
  readonly text: string;
}

/** A query's result with its analysed plan. */
export interface Analysis {
  readonly result: QueryResult;
  readonly plan: ExplainNode;
  readonly text: string;
  /** The longest time (ms) evaluation ran without yielding to the event loop. */
  readonly longestBlockMs: number;
}

function detailOf(n: PlanNode, types: TypeMemo): [string, string] {
  switch (n.kind) {
    case 'selector': {
      const how = n.report === 'time' ? ' (sample timestamps)' : n.report === 'start' ? ' (start timestamps)' : '';
      return ['vectorSelector', printNode(n.sel.node) + how];
    }
    case 'rangeSelector': return ['matrixSelector', printNode(n.expr)];
    case 'subquery': return ['subquery', subquerySuffix(n.expr)];
    case 'call': return ['function', n.func];
    case 'aggregate': return ['aggregate', aggregateHead(n.expr).trim()];
    case 'binary': return ['binary', binaryHead(n.expr, types)];
    case 'unary': return ['unary', '-'];
    case 'number': return ['number', printNode(n.expr)];
    case 'string': return ['string', JSON.stringify(n.value)];
    case 'stepInvariant': return ['stepInvariant', 'evaluated once, repeated at every step'];
  }
}

/** Nodes (or lines) the pausable steps below handle between two of their pauses. */
const EXPLAIN_CHUNK = 1024;

/** Builds the explained tree and its text (with explicit stacks, so any depth works). */
export function explainPlan(plan: Plan, query: string, r: RangeSpec, stats?: NodeStats[]): Explanation {
  const root = runToEnd(explainingTree(plan, query, r, stats));
  return { plan: root, text: runToEnd(explainingText(root)) };
}

/**
 * The explained tree as a pausable step (see runDeepPausing): it yields every
 * {@link EXPLAIN_CHUNK} nodes (a 21,000-term chain has 42,000). With `stats`, each node refers to
 * its entry, filled in as the query runs.
 */
export function* explainingTree(plan: Plan, query: string, r: RangeSpec, stats?: NodeStats[]): Generator<void, ExplainNode, void> {
  void query;
  const rootGrid = r.step > 0 ? makeGrid(r.start, r.end, r.step) : makeGrid(r.start, r.start, 1);
  type Item = { n: PlanNode; g: Grid; into: ExplainNode[] };
  const types = binaryTypes(plan.tree);
  const top: ExplainNode[] = [];
  const todo: Item[] = [{ n: plan.tree, g: rootGrid, into: top }];
  for (let done = 1; todo.length > 0; done++) {
    if (done % EXPLAIN_CHUNK === 0) yield;
    const { n, g, into } = todo.pop()!;
    const [operator, detail] = detailOf(n, types);
    const children: ExplainNode[] = [];
    const node: ExplainNode = {
      id: n.id, operator, detail, pos: { start: n.pos.start, end: n.pos.end },
      grid: { start: g.start, end: g.end, step: g.steps > 1 ? g.interval : 0, steps: g.steps },
      ...(n.kind === 'selector' || n.kind === 'rangeSelector'
        ? { window: { start: n.sel.fetchStart, end: n.sel.fetchEnd, range: n.sel.range, offset: n.sel.offset, at: n.sel.at } }
        : {}),
      ...(n.kind === 'subquery' ? { subquery: { range: n.sq.range, step: n.sq.step, offset: n.sq.offset, at: n.sq.at } } : {}),
      ...(stats ? { stats: stats[n.id] } : {}),
      children,
    };
    into.push(node);
    const childGrid = childGridOf(n, g);
    const kids = planChildren(n);
    for (let i = kids.length - 1; i >= 0; i--) todo.push({ n: kids[i], g: childGrid, into: children });
  }
  return top[0];
}

/**
 * The value type of every binary operation in the plan, worked out bottom-up in one pass (the
 * printer needs its operands' types, and asking the parser for each would be quadratic in depth).
 */
function binaryTypes(tree: PlanNode): TypeMemo {
  const nodes: PlanNode[] = [];
  const todo = [tree];
  while (todo.length > 0) {
    const n = todo.pop()!;
    nodes.push(n);
    todo.push(...planChildren(n));
  }
  // Ids are given children first, so id order visits every child before its parent.
  nodes.sort((a, b) => a.id - b.id);
  const typeOfNode = new Map<number, ValueType>();
  const memo: TypeMemo = new Map();
  for (const n of nodes) {
    let t: ValueType;
    switch (n.kind) {
      case 'selector': case 'aggregate': t = 'vector'; break;
      case 'rangeSelector': case 'subquery': t = 'matrix'; break;
      case 'number': t = 'scalar'; break;
      case 'string': t = 'string'; break;
      case 'call': t = FUNCTION_SIGNATURES.get(n.func)?.returnType ?? 'vector'; break;
      case 'unary': case 'stepInvariant': t = typeOfNode.get(n.child.id)!; break;
      case 'binary':
        t = typeOfNode.get(n.lhs.id) === 'scalar' && typeOfNode.get(n.rhs.id) === 'scalar' ? 'scalar' : 'vector';
        memo.set(n.expr, t);
        break;
    }
    typeOfNode.set(n.id, t);
  }
  return memo;
}

/** The grid a node's children are evaluated on, over the whole query. */
function childGridOf(n: PlanNode, g: Grid): Grid {
  return n.kind === 'subquery' ? subqueryGrid(n.sq, g) : n.kind === 'stepInvariant' ? makeGrid(g.start, g.start, 1) : g;
}

/** The ids of the subqueries whose inner grid over the whole query is a single step. */
export function instantSubqueries(plan: Plan, rootGrid: Grid): Set<number> {
  const out = new Set<number>();
  // Most plans have no subquery: nothing to walk.
  if (plan.subqueries.size === 0) return out;
  const todo: { n: PlanNode; g: Grid }[] = [{ n: plan.tree, g: rootGrid }];
  while (todo.length > 0) {
    const { n, g } = todo.pop()!;
    const cg = childGridOf(n, g);
    if (n.kind === 'subquery' && cg.instant) out.add(n.id);
    for (const c of planChildren(n)) todo.push({ n: c, g: cg });
  }
  return out;
}

function statsText(s: NodeStats): string {
  return ` {evaluations: ${s.evaluations}, time: ${s.totalMs.toFixed(3)}ms (self ${s.selfMs.toFixed(3)}ms), series: ${s.series}, samples: ${s.samples}, peak samples: ${s.peakSamples}}`;
}

function gridText(g: ExplainNode['grid']): string {
  return g.steps === 1 ? `@${g.start}` : `${g.start}..${g.end} step ${g.step} (${g.steps} steps)`;
}

/** The tree as indented text: `[operator] detail` per node, with windows, grids and stats. */
export function explainText(root: ExplainNode): string {
  return runToEnd(explainingText(root));
}

/** {@link explainText} as a pausable step: it yields every {@link EXPLAIN_CHUNK} lines. */
export function* explainingText(root: ExplainNode): Generator<void, string, void> {
  const lines: string[] = [];
  const todo: { n: ExplainNode; prefix: string; last: boolean; depth: number; parent?: ExplainNode }[] = [{ n: root, prefix: '', last: true, depth: 0 }];
  while (todo.length > 0) {
    if (lines.length % EXPLAIN_CHUNK === EXPLAIN_CHUNK - 1) yield;
    const { n, prefix, last, depth, parent } = todo.pop()!;
    // Past MAX_INDENT levels the tree is not drawn further to the right (the text would grow with
    // the square of the depth): such lines say their depth instead.
    const branch = depth === 0 ? '' : depth > MAX_INDENT ? `(depth ${depth}) ` : last ? '└── ' : '├── ';
    let line = `${prefix}${branch}[${n.operator}] ${n.detail} #${n.id} ${gridText(n.grid)}`;
    if (n.window) line += ` fetch ${n.window.start}..${n.window.end}`;
    // A node its parent computed itself (sum over a native-histogram rate, fused) has no run of its own.
    if (n.stats && n.stats.evaluations === 0 && (parent?.stats?.evaluations ?? 0) > 0) line += ' {computed within its parent}';
    else if (n.stats) line += statsText(n.stats);
    lines.push(line);
    const childPrefix = depth === 0 || depth >= MAX_INDENT ? prefix : prefix + (last ? '    ' : '│   ');
    for (let i = n.children.length - 1; i >= 0; i--) {
      todo.push({ n: n.children[i], prefix: childPrefix, last: i === n.children.length - 1, depth: depth + 1, parent: n });
    }
  }
  return lines.join('\n');
}

const MAX_INDENT = 50;
