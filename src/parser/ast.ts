// The PromQL abstract syntax tree: plain readonly objects in a discriminated union keyed by
// `type`, named as Prometheus names them. Positions are UTF-16 offsets into the query, half-open.

/** A half-open source range `[start, end)` in UTF-16 code units of the query string. */
export interface Pos {
  readonly start: number;
  readonly end: number;
}

/** The value types of PromQL expressions. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** Label matcher operators. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One label matcher of a selector. Regex values are RE2 syntax, fully anchored when matched. */
export interface LabelMatcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
}

/** Aggregation operators. */
export type AggregateOp =
  | 'sum' | 'avg' | 'count' | 'min' | 'max' | 'group' | 'stddev' | 'stdvar'
  | 'topk' | 'bottomk' | 'count_values' | 'quantile' | 'limitk' | 'limit_ratio';

/** Binary operators, spelled as in queries. */
export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '^' | 'atan2'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | 'and' | 'or' | 'unless'
  | '</' | '>/';

/** The `@` modifier: a timestamp in milliseconds, or the query's start or end. */
export type AtModifier = number | 'start' | 'end';

/** Vector matching cardinality. */
export type Cardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

/** How the two sides of a binary operation between vectors are matched. */
export interface VectorMatching {
  readonly card: Cardinality;
  /** True for `on(…)`, false for `ignoring(…)` or no clause. */
  readonly on: boolean;
  /** Labels of `on`/`ignoring`. */
  readonly labels: readonly string[];
  /** Extra labels of `group_left`/`group_right`. */
  readonly include: readonly string[];
  /** `fill`/`fill_left` value for a missing left-hand side, or null. */
  readonly fillLeft: number | null;
  /** `fill`/`fill_right` value for a missing right-hand side, or null. */
  readonly fillRight: number | null;
}

/** `sum by (job) (x)`, `topk(3, x)` … */
export interface AggregateExpr {
  readonly type: 'AggregateExpr';
  readonly op: AggregateOp;
  readonly expr: Expr;
  readonly param: Expr | null;
  readonly grouping: readonly string[];
  readonly without: boolean;
  readonly pos: Pos;
}

/** `a + on(x) b`, `a > bool 1` … */
export interface BinaryExpr {
  readonly type: 'BinaryExpr';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  readonly matching: VectorMatching;
  /** Position of the operator token (used for operator-level errors). */
  readonly opPos: Pos;
  readonly pos: Pos;
}

/** A function call `rate(x[5m])`. */
export interface Call {
  readonly type: 'Call';
  readonly func: string;
  readonly args: readonly Expr[];
  readonly pos: Pos;
}

/** Offset, `@`, anchored/smoothed settings shared by selectors and subqueries. */
export interface TimeModifiers {
  /** Offset in milliseconds written as a literal (0 when absent). */
  readonly offset: number;
  /** Offset written as a duration expression, or null. */
  readonly offsetExpr: DurationExpr | null;
  readonly at: AtModifier | null;
}

/** An instant vector selector `foo{a="b"} offset 5m @ 100`. */
export interface VectorSelector extends TimeModifiers {
  readonly type: 'VectorSelector';
  /** The metric name written outside braces, or "". */
  readonly name: string;
  /** All matchers; a name written outside braces is the last one (`__name__="name"`). */
  readonly matchers: readonly LabelMatcher[];
  readonly anchored: boolean;
  readonly smoothed: boolean;
  readonly pos: Pos;
}

/** A range vector selector `foo[5m]`. Offset and `@` live on the inner selector. */
export interface MatrixSelector {
  readonly type: 'MatrixSelector';
  readonly vectorSelector: Expr;
  /** Range in milliseconds when written as a literal (may carry a sub-millisecond fraction). */
  readonly range: number;
  readonly rangeExpr: DurationExpr | null;
  readonly pos: Pos;
}

/** A subquery `expr[30m:1m]`. */
export interface SubqueryExpr extends TimeModifiers {
  readonly type: 'SubqueryExpr';
  readonly expr: Expr;
  readonly range: number;
  readonly rangeExpr: DurationExpr | null;
  /** Step in milliseconds, 0 when omitted (the default step applies). */
  readonly step: number;
  readonly stepExpr: DurationExpr | null;
  readonly pos: Pos;
}

/** A number; `duration` is set when it was written as a duration (`5m`), so it prints back as one. */
export interface NumberLiteral {
  readonly type: 'NumberLiteral';
  readonly value: number;
  readonly duration: boolean;
  readonly pos: Pos;
}

/** `(expr)`. */
export interface ParenExpr {
  readonly type: 'ParenExpr';
  readonly expr: Expr;
  readonly pos: Pos;
}

/** A string literal, already unquoted. */
export interface StringLiteral {
  readonly type: 'StringLiteral';
  readonly value: string;
  readonly pos: Pos;
}

/** Unary `-x` or `+x`. */
export interface UnaryExpr {
  readonly type: 'UnaryExpr';
  readonly op: '+' | '-';
  readonly expr: Expr;
  readonly pos: Pos;
}

/** Duration-expression operators: arithmetic and the functions allowed inside `[…]` and `offset`. */
export type DurationOp = '+' | '-' | '*' | '/' | '%' | '^' | 'step' | 'range' | 'min_of' | 'max_of';

/**
 * A duration expression (`[5m * 2]`, `offset -(1h)`, `[step()]`). Unary forms have only `rhs`;
 * `step`/`range` have neither; `wrapped` records surrounding parentheses.
 */
export interface DurationExpr {
  readonly type: 'DurationExpr';
  readonly op: DurationOp;
  readonly lhs: DurationNode | null;
  readonly rhs: DurationNode | null;
  readonly wrapped: boolean;
  readonly pos: Pos;
}

/** What can appear inside a duration expression. */
export type DurationNode = NumberLiteral | DurationExpr;

/** Any PromQL expression. */
export type Expr =
  | AggregateExpr
  | BinaryExpr
  | Call
  | MatrixSelector
  | SubqueryExpr
  | NumberLiteral
  | ParenExpr
  | StringLiteral
  | UnaryExpr
  | VectorSelector;

/** Every node kind, expressions and duration expressions. */
export type Node = Expr | DurationExpr;

/**
 * Exhaustiveness guard for `switch` over node kinds. Internal: the entry re-exports this module's
 * types only, so it cannot be imported from the package.
 *
 * @internal
 */
export function assertNever(x: never): never {
  throw new Error(`unexpected node: ${JSON.stringify(x)}`);
}
