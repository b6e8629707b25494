// The plan tree: immutable operator nodes between the AST and execution. Each node has an id,
// the position of its expression and its resolved times; fetched series live in the query context.
import type { AggregateExpr, BinaryExpr, Call, Expr, MatrixSelector, Pos, SubqueryExpr, UnaryExpr, VectorSelector } from '../../parser/ast.js';
import type { SelectorPlan, SubqueryPlan } from '../prepare.js';

interface NodeBase {
  /** Unique within the plan, in creation order (children before parents). */
  readonly id: number;
  /** Source range of the expression this node evaluates. */
  readonly pos: Pos;
}

/** An instant vector selector. `report` picks each value: the sample's value, its timestamp or its start timestamp (seconds). */
export interface SelectorNode extends NodeBase {
  readonly kind: 'selector';
  readonly expr: VectorSelector;
  readonly sel: SelectorPlan;
  readonly report: 'value' | 'time' | 'start';
}

/** A range vector selector `x[5m]`: raw points and the window of each step. */
export interface RangeSelectorNode extends NodeBase {
  readonly kind: 'rangeSelector';
  readonly expr: MatrixSelector;
  readonly sel: SelectorPlan;
  /** Range in ms. */
  readonly range: number;
}

/** A subquery: its inner expression evaluated on its own step grid, as a range vector. */
export interface SubqueryNode extends NodeBase {
  readonly kind: 'subquery';
  readonly expr: SubqueryExpr;
  readonly sq: SubqueryPlan;
  readonly child: PlanNode;
}

/** A function call. String arguments are string nodes; `info` has the info-series selector as its second argument. */
export interface CallNode extends NodeBase {
  readonly kind: 'call';
  readonly expr: Call;
  readonly func: string;
  readonly args: readonly PlanNode[];
}

/** An aggregation with its optional parameter. */
export interface AggregateNode extends NodeBase {
  readonly kind: 'aggregate';
  readonly expr: AggregateExpr;
  readonly child: PlanNode;
  readonly param: PlanNode | null;
}

/** A binary operation. */
export interface BinaryNode extends NodeBase {
  readonly kind: 'binary';
  readonly expr: BinaryExpr;
  readonly lhs: PlanNode;
  readonly rhs: PlanNode;
}

/** Unary minus (unary plus is planned away). */
export interface UnaryNode extends NodeBase {
  readonly kind: 'unary';
  readonly expr: UnaryExpr;
  readonly child: PlanNode;
}

/** A number: a literal, or `start()`/`end()`/`range()`/`step()` folded to one. */
export interface NumberNode extends NodeBase {
  readonly kind: 'number';
  readonly expr: Expr;
  readonly value: number;
}

/** A string literal. */
export interface StringNode extends NodeBase {
  readonly kind: 'string';
  readonly expr: Expr;
  readonly value: string;
}

/** A subtree whose value does not depend on the step (Prometheus `StepInvariantExpr`): evaluated once, then repeated. */
export interface StepInvariantNode extends NodeBase {
  readonly kind: 'stepInvariant';
  readonly expr: Expr;
  readonly child: PlanNode;
}

/** Any plan node. */
export type PlanNode =
  | SelectorNode | RangeSelectorNode | SubqueryNode | CallNode | AggregateNode | BinaryNode | UnaryNode
  | NumberNode | StringNode | StepInvariantNode;

/** The direct children of a plan node, in evaluation order. */
export function planChildren(n: PlanNode): readonly PlanNode[] {
  switch (n.kind) {
    case 'subquery': case 'unary': case 'stepInvariant': return [n.child];
    case 'aggregate': return n.param ? [n.child, n.param] : [n.child];
    case 'binary': return [n.lhs, n.rhs];
    case 'call': return n.args;
    default: return [];
  }
}
