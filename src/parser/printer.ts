// The canonical printer: the text Prometheus's `String()` gives for the same tree
// (promql/parser/printer.go). The test harness and `@`-variant checks depend on it.
import { assertNever, type AggregateExpr, type BinaryExpr, type DurationExpr, type Expr, type LabelMatcher,
  type Node, type NumberLiteral, type SubqueryExpr, type TimeModifiers, type ValueType, type VectorSelector } from './ast.js';
import { formatDuration } from '../util/durations.js';
import { formatFloatF, formatFloatG, goQuote } from '../util/go-format.js';
import { isLegacyLabelName } from './labels.js';
import { typeOf } from './types.js';
import { runDeep } from '../util/deep.js';

/**
 * Value types of binary nodes found so far in one walk, so that deciding whether a node prints
 * its matching modifiers costs O(1) when the walk reaches the operands first.
 */
export type TypeMemo = Map<Node, ValueType>;

/** Prints any node as Prometheus's `String()` does. Runs on an explicit stack (any nesting depth). */
export function printNode(n: Node): string {
  return printTree(n, new Map());
}

/**
 * Prints a tree as {@link printNode} does, memoising binary types in `types`; `visit`, when given,
 * sees every node with its text, children before their parent.
 */
export function printTree(n: Node, types: TypeMemo, visit?: (node: Node, text: string) => void): string {
  if (!visit) return runDeep<Node, string>(n, (x) => printStep(x, types), printLeaf);
  return runDeep<Node, string>(n, function* (x) {
    const text = yield* printStep(x, types);
    visit(x, text);
    return text;
  }, (x) => {
    const text = printLeaf(x);
    if (text !== undefined) visit(x, text);
    return text;
  });
}

/** A node with children: their text comes back from `yield child`. */
function* printStep(n: Node, types: TypeMemo): Generator<Node, string, string> {
  switch (n.type) {
    case 'AggregateExpr': {
      const param = n.param ? (yield n.param) + ', ' : '';
      return `${aggregateHead(n)}(${param}${yield n.expr})`;
    }
    case 'BinaryExpr': {
      const lhs = yield n.lhs;
      const rhs = yield n.rhs;
      return `${lhs} ${binaryHead(n, types)} ${rhs}`;
    }
    case 'Call': {
      // Concatenated, not joined: a join copies the (possibly huge) text of every argument.
      let s = `${n.func}(`;
      for (let i = 0; i < n.args.length; i++) s += (i > 0 ? ', ' : '') + (yield n.args[i]);
      return `${s})`;
    }
    case 'SubqueryExpr':
      return (yield n.expr) + subquerySuffix(n);
    case 'ParenExpr':
      return `(${yield n.expr})`;
    case 'UnaryExpr':
      return n.op + (yield n.expr);
    case 'DurationExpr': {
      let s: string;
      switch (n.op) {
        case 'step': s = 'step()'; break;
        case 'range': s = 'range()'; break;
        case 'min_of':
        case 'max_of':
          s = `${n.op}(${yield n.lhs!}, ${yield n.rhs!})`;
          break;
        default:
          if (n.lhs === null) s = (n.op === '-' ? '-' : '') + (yield n.rhs!);
          else s = `${yield n.lhs} ${n.op} ${yield n.rhs!}`;
      }
      return n.wrapped ? `(${s})` : s;
    }
    default:
      return printLeaf(n)!;
  }
}

/** Selectors and literals (undefined for nodes with children). */
function printLeaf(n: Node): string | undefined {
  switch (n.type) {
    case 'MatrixSelector': {
      const vs = n.vectorSelector as VectorSelector;
      const range = n.rangeExpr ? printNode(n.rangeExpr) : formatDuration(n.range);
      const ext = vs.anchored ? ' anchored' : vs.smoothed ? ' smoothed' : '';
      return `${selectorCore(vs)}[${range}]${ext}${atString(vs)}${offsetString(vs)}`;
    }
    case 'NumberLiteral':
      return printNumber(n);
    case 'StringLiteral':
      return quote(n.value);
    case 'VectorSelector': {
      const ext = n.anchored ? ' anchored' : n.smoothed ? ' smoothed' : '';
      return selectorCore(n) + atString(n) + ext + offsetString(n);
    }
    case 'AggregateExpr': case 'BinaryExpr': case 'Call': case 'SubqueryExpr': case 'ParenExpr': case 'UnaryExpr':
    case 'DurationExpr':
      return undefined;
    default:
      return assertNever(n);
  }
}

/** `sum`, `sum by (job) `, `count without (a, b) `: the aggregation before its parenthesis. */
export function aggregateHead(n: AggregateExpr): string {
  if (n.without) return `${n.op} without (${labelList(n.grouping)}) `;
  if (n.grouping.length > 0) return `${n.op} by (${labelList(n.grouping)}) `;
  return n.op;
}

/**
 * The operator with its `bool`, matching and fill modifiers: `+ on (a) group_left (b)`. `types`
 * memoises operand types along a walk that reaches operands before their parent.
 */
export function binaryHead(n: BinaryExpr, types: TypeMemo = new Map()): string {
  return n.op + (n.returnBool ? ' bool' : '') + (vectorOperands(n, types) ? matchingString(n) : '');
}

/** Whether both operands of a binary node are instant vectors; memoises the node's type. */
function vectorOperands(n: BinaryExpr, types: TypeMemo): boolean {
  const lt = operandType(n.lhs, types);
  const rt = operandType(n.rhs, types);
  types.set(n, lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector');
  return lt === 'vector' && rt === 'vector';
}

/** The type of an operand, through parentheses and signs, memoised for binary nodes. */
function operandType(e: Expr, types: TypeMemo): ValueType {
  while (e.type === 'ParenExpr' || e.type === 'UnaryExpr') e = e.expr;
  if (e.type !== 'BinaryExpr') return typeOf(e);
  let t = types.get(e);
  if (t === undefined) types.set(e, (t = typeOf(e)));
  return t;
}

// Prometheus compatibility: the checker drops vector matching unless both sides are vectors,
// so modifiers written on a scalar operation are not printed (binaryHead).
function matchingString(n: BinaryExpr): string {
  const m = n.matching;
  const grouped = m.card === 'many-to-one' || m.card === 'one-to-many';
  let s = '';
  if (m.labels.length > 0 || m.on || grouped) s += ` ${m.on ? 'on' : 'ignoring'} (${labelList(m.labels)})`;
  if (grouped) s += ` group_${m.card === 'many-to-one' ? 'left' : 'right'} (${labelList(m.include)})`;
  if (m.fillLeft !== null || m.fillRight !== null) {
    if (m.fillLeft !== null && m.fillRight !== null && m.fillLeft === m.fillRight) {
      s += ` fill (${formatFloatG(m.fillLeft)})`;
    } else {
      if (m.fillLeft !== null) s += ` fill_left (${formatFloatG(m.fillLeft)})`;
      if (m.fillRight !== null) s += ` fill_right (${formatFloatG(m.fillRight)})`;
    }
  }
  return s;
}

// Printable ASCII but `"` and `\`: what Go's strconv.Quote leaves as it is.
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Go's strconv.Quote, without the per-character walk for the common all-plain string (long regexes). */
function quote(s: string): string {
  return PLAIN_ASCII.test(s) ? `"${s}"` : goQuote(s);
}

function labelList(labels: readonly string[]): string {
  return labels.map((l) => (isLegacyLabelName(l) ? l : quote(l))).join(', ');
}

function printNumber(n: NumberLiteral): string {
  if (!n.duration) return formatFloatF(n.value);
  // model.Duration(v * 1e9): the float nanoseconds truncate to an integer, then to milliseconds.
  const ms = (v: number) => Math.trunc(Math.trunc(v * 1e9) / 1e6);
  return n.value < 0 ? '-' + formatDuration(ms(-n.value)) : formatDuration(ms(n.value));
}

function matcherString(m: LabelMatcher): string {
  const quoteName = m.name === '' || !/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(m.name);
  return (quoteName ? quote(m.name) : m.name) + m.op + quote(m.value);
}

function selectorCore(n: VectorSelector): string {
  const parts: string[] = [];
  for (const m of n.matchers) {
    if (m.name === '__name__' && m.op === '=' && m.value === n.name && m.value !== '') continue;
    parts.push(matcherString(m));
  }
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return parts.length ? `${n.name}{${parts.join(',')}}` : n.name;
}

function atString(n: TimeModifiers): string {
  if (n.at === null) return '';
  if (n.at === 'start') return ' @ start()';
  if (n.at === 'end') return ' @ end()';
  return ` @ ${(n.at / 1000).toFixed(3)}`;
}

function offsetString(n: TimeModifiers): string {
  if (n.offsetExpr) return ` offset ${printNode(n.offsetExpr)}`;
  if (Math.trunc(n.offset) > 0) return ` offset ${formatDuration(n.offset)}`;
  if (Math.trunc(n.offset) < 0) return ` offset -${formatDuration(-n.offset)}`;
  return '';
}

/** `[5m:1m] @ 100.000 offset 1m`: everything a subquery adds after its expression. */
export function subquerySuffix(n: SubqueryExpr): string {
  const range = n.rangeExpr ? printNode(n.rangeExpr) : formatDuration(n.range);
  const step = n.step !== 0 ? formatDuration(n.step) : n.stepExpr ? printNode(n.stepExpr) : '';
  return `[${range}:${step}]${atString(n)}${offsetString(n)}`;
}

