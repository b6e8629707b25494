// The canonical printer: the text Prometheus's `String()` gives for the same tree
// (promql/parser/printer.go). The test harness and `@`-variant checks depend on it.
import { assertNever, type AggregateExpr, type BinaryExpr, type DurationExpr, type LabelMatcher,
  type Node, type NumberLiteral, type SubqueryExpr, type TimeModifiers, type VectorSelector } from './ast.js';
import { formatDuration } from '../util/durations.js';
import { formatFloatF, formatFloatG, goQuote } from '../util/go-format.js';
import { isLegacyLabelName } from './labels.js';
import { typeOf } from './types.js';

/** Prints any node as Prometheus's `String()` does. */
export function printNode(n: Node): string {
  switch (n.type) {
    case 'AggregateExpr': {
      const param = n.param ? printNode(n.param) + ', ' : '';
      return `${aggregateHead(n)}(${param}${printNode(n.expr)})`;
    }
    case 'BinaryExpr':
      return `${printNode(n.lhs)} ${binaryHead(n)} ${printNode(n.rhs)}`;
    case 'Call':
      return `${n.func}(${n.args.map(printNode).join(', ')})`;
    case 'MatrixSelector': {
      const vs = n.vectorSelector as VectorSelector;
      const range = n.rangeExpr ? printNode(n.rangeExpr) : formatDuration(n.range);
      const ext = vs.anchored ? ' anchored' : vs.smoothed ? ' smoothed' : '';
      return `${selectorCore(vs)}[${range}]${ext}${atString(vs)}${offsetString(vs)}`;
    }
    case 'SubqueryExpr':
      return printNode(n.expr) + subquerySuffix(n);
    case 'NumberLiteral':
      return printNumber(n);
    case 'ParenExpr':
      return `(${printNode(n.expr)})`;
    case 'StringLiteral':
      return goQuote(n.value);
    case 'UnaryExpr':
      return n.op + printNode(n.expr);
    case 'VectorSelector': {
      const ext = n.anchored ? ' anchored' : n.smoothed ? ' smoothed' : '';
      return selectorCore(n) + atString(n) + ext + offsetString(n);
    }
    case 'DurationExpr':
      return printDuration(n);
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

/** The operator with its `bool`, matching and fill modifiers: `+ on (a) group_left (b)`. */
export function binaryHead(n: BinaryExpr): string {
  return n.op + (n.returnBool ? ' bool' : '') + matchingString(n);
}

function matchingString(n: BinaryExpr): string {
  // Prometheus compatibility: the checker drops vector matching unless both sides are vectors,
  // so modifiers written on a scalar operation are not printed.
  if (typeOf(n.lhs) !== 'vector' || typeOf(n.rhs) !== 'vector') return '';
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

function labelList(labels: readonly string[]): string {
  return labels.map((l) => (isLegacyLabelName(l) ? l : goQuote(l))).join(', ');
}

function printNumber(n: NumberLiteral): string {
  if (!n.duration) return formatFloatF(n.value);
  // model.Duration(v * 1e9): the float nanoseconds truncate to an integer, then to milliseconds.
  const ms = (v: number) => Math.trunc(Math.trunc(v * 1e9) / 1e6);
  return n.value < 0 ? '-' + formatDuration(ms(-n.value)) : formatDuration(ms(n.value));
}

function printDuration(n: DurationExpr): string {
  let s: string;
  switch (n.op) {
    case 'step': s = 'step()'; break;
    case 'range': s = 'range()'; break;
    case 'min_of':
    case 'max_of':
      s = `${n.op}(${printNode(n.lhs!)}, ${printNode(n.rhs!)})`;
      break;
    default:
      if (n.lhs === null) s = (n.op === '-' ? '-' : '') + printNode(n.rhs!);
      else s = `${printNode(n.lhs)} ${n.op} ${printNode(n.rhs!)}`;
  }
  return n.wrapped ? `(${s})` : s;
}

function matcherString(m: LabelMatcher): string {
  const quoteName = m.name === '' || !/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(m.name);
  return (quoteName ? goQuote(m.name) : m.name) + m.op + goQuote(m.value);
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

