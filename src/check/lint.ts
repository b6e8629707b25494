// Lint rules beyond syntax: each has an id, a default (on only where Prometheus users would agree)
// and finds problems in a parsed query. Their findings are warnings.
import type { Expr, Pos } from '../parser/ast.js';
import { childrenOf, unwrapParens } from '../parser/walk.js';
import { isComparison } from '../eval/operators.js';
import type { MetricTypes } from './metric-types.js';

/** A lint rule. */
export interface LintRule {
  readonly id: string;
  readonly description: string;
  readonly enabledByDefault: boolean;
}

/** A finding inside a query. */
export interface LintFinding {
  readonly rule: string;
  readonly message: string;
  readonly pos: Pos;
}

/** The lint rules, with their ids and defaults. */
export const LINT_RULES: readonly LintRule[] = [
  { id: 'rate-on-gauge', enabledByDefault: true, description: 'rate/increase/irate over a gauge: by its known type (--data # TYPE, built-in exporter tables), else by a name not ending in _total, _count, _sum or _bucket' },
  { id: 'histogram-quantile-without-le', enabledByDefault: true, description: 'histogram_quantile over an aggregation that drops the le label' },
  { id: 'absent-on-aggregation', enabledByDefault: true, description: 'absent() of an aggregation: it can never say which series is missing' },
  { id: 'regex-could-be-equality', enabledByDefault: true, description: 'a =~ or !~ matcher whose regex has no special characters' },
  { id: 'comparison-in-arithmetic', enabledByDefault: false, description: 'a filtering comparison (without bool) used as an operand of arithmetic' },
  { id: 'duplicate-rule', enabledByDefault: true, description: 'two rules with the same name, labels and expression' },
];


const COUNTER_SUFFIX = /(?:_total|_count|_sum|_bucket)$/;
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '^', 'atan2']);
const REGEX_SPECIAL = /[.*+?()[\]{}|^$\\]/;

/** The rate-on-gauge finding for `func(name[…])`, or null: by known type where there is one, else by name. */
function rateOnGauge(func: string, name: string, types: MetricTypes | undefined): string | null {
  const known = types?.lookup(name);
  if (known) {
    if (known.cumulative) return null;
    const what = known.type === 'summary' || known.type === 'histogram' ? `a series of the ${known.type} ${JSON.stringify(name.replace(/_(?:bucket|sum|count|created|total)$/, ''))}, not a counter` : `a ${known.type}`;
    return `${func}() of ${JSON.stringify(name)}, ${what} (type from ${known.source}); use deriv() or delta() for gauges`;
  }
  if (COUNTER_SUFFIX.test(name)) return null;
  return `${func}() of ${JSON.stringify(name)}, whose type is not known and whose name does not say counter (_total, _count, _sum, _bucket); use deriv() or delta() for gauges`;
}

/** Runs the enabled lint rules over a parsed query; `types` tells rate-on-gauge what is known of metric types. */
export function lint(root: Expr, enabled: ReadonlySet<string>, types?: MetricTypes): LintFinding[] {
  const found: LintFinding[] = [];
  const add = (rule: string, message: string, pos: Pos) => {
    if (enabled.has(rule)) found.push({ rule, message, pos });
  };
  // Pre-order, children in order, on an explicit stack (any nesting depth).
  const pending: Expr[] = [root];
  while (pending.length > 0) {
    const e = pending.pop()!;
    if (e.type === 'Call') {
      const arg = e.args[0] ? unwrapParens(e.args[0]) : null;
      if ((e.func === 'rate' || e.func === 'increase' || e.func === 'irate') && arg?.type === 'MatrixSelector') {
        const vs = unwrapParens(arg.vectorSelector);
        const name = vs.type === 'VectorSelector' ? vs.matchers.find((m) => m.name === '__name__' && m.op === '=')?.value : undefined;
        const finding = name && enabled.has('rate-on-gauge') ? rateOnGauge(e.func, name, types) : null;
        if (finding) add('rate-on-gauge', finding, vs.pos);
      }
      if (e.func === 'histogram_quantile' && e.args[1]) {
        const a = unwrapParens(e.args[1]);
        if (a.type === 'AggregateExpr' && (a.without ? a.grouping.includes('le') : !a.grouping.includes('le'))) {
          add('histogram-quantile-without-le', `histogram_quantile() over ${a.op}() that drops "le": the buckets are summed together and the result is empty; keep "le" in the grouping`, a.pos);
        }
      }
      if (e.func === 'absent' && arg?.type === 'AggregateExpr') {
        add('absent-on-aggregation', 'absent() of an aggregation has no labels to say what is missing; use absent() on the selector', arg.pos);
      }
    }
    if (e.type === 'VectorSelector') {
      for (const m of e.matchers) {
        if ((m.op === '=~' || m.op === '!~') && !REGEX_SPECIAL.test(m.value)) {
          add('regex-could-be-equality', `${m.name}${m.op}${JSON.stringify(m.value)} has no regex characters; use ${m.op === '=~' ? '=' : '!='}`, e.pos);
        }
      }
    }
    if (e.type === 'BinaryExpr' && ARITHMETIC.has(e.op)) {
      for (const side of [e.lhs, e.rhs]) {
        const s = unwrapParens(side);
        if (s.type === 'BinaryExpr' && isComparison(s.op) && !s.returnBool) {
          add('comparison-in-arithmetic', `the comparison ${s.op} filters series rather than giving 0/1; add "bool" if a 0/1 value was meant`, s.opPos);
        }
      }
    }
    const children = childrenOf(e);
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
  return found;
}
