// Grafana template-variable queries and annotation queries of a dashboard: the PromQL inside
// `label_values(selector, label)`, `label_names(selector)`, `metrics(regex)`, `query_result(query)`
// and a bare selector (what Grafana's Prometheus data source runs for each form), and annotations' `expr`.
import { RE2JS } from 're2js';
import { field, type JsonNode } from '../util/json-positions.js';
import { Lines, mapValue } from '../util/source-map.js';
import type { FoundQuery, Diagnostic } from './types.js';

/** Data sources whose queries are not PromQL (shared with the panel reader). */
export const NOT_PROMQL = /loki|elasticsearch|influx|graphite|tempo|cloudwatch|mysql|postgres|mssql|testdata|jaeger|zipkin|opensearch|splunk|datadog|elastic/i;

/** The data source type a node names, if it says. */
export function dataSourceType(n: JsonNode | undefined): string | undefined {
  const ds = field(n, 'datasource');
  if (!ds) return undefined;
  if (ds.kind === 'string') return ds.value;
  const t = field(ds, 'type');
  return t?.kind === 'string' ? t.value : undefined;
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The parts of a variable query: the PromQL slice (offsets into the query) and what it must be. */
interface VariableQuery {
  readonly form: string;
  readonly start: number;
  readonly end: number;
  readonly expect: 'selector' | 'query' | null;
  readonly problem?: { offset: number; message: string };
}

/** A `metrics(regex)` regex that RE2 (Prometheus's regex engine) refuses; variables make it unknowable. */
function regexProblem(re: string, offset: number): { offset: number; message: string } | undefined {
  if (re.includes('$')) return undefined;
  try {
    RE2JS.compile(re);
    return undefined;
  } catch (e) {
    return { offset, message: `metrics(): invalid regex ${JSON.stringify(re)}: ${(e as Error).message}` };
  }
}

/** Reads a Prometheus variable query as Grafana's data source does. */
export function parseVariableQuery(q: string): VariableQuery | null {
  const m = /^\s*(label_values|label_names|metrics|query_result)\s*\(([\s\S]*)\)\s*$/.exec(q);
  if (!m) {
    // Anything else is a series selector: Grafana lists the series it matches.
    const start = q.length - q.trimStart().length;
    return q.trim() === '' ? null : { form: 'series', start, end: q.trimEnd().length, expect: 'selector' };
  }
  const form = m[1];
  const argStart = q.indexOf('(', m.index + m[1].length) + 1;
  const args = m[2];
  const lead = args.length - args.trimStart().length;
  const inner = { start: argStart + lead, end: argStart + args.trimEnd().length };
  if (form === 'query_result') return { form, ...inner, expect: 'query' };
  if (form === 'metrics') return { form, ...inner, expect: null, problem: regexProblem(q.slice(inner.start, inner.end), inner.start) };
  if (form === 'label_names') return inner.end > inner.start ? { form, ...inner, expect: 'selector' } : { form, ...inner, expect: null };
  // label_values(label) or label_values(selector, label): the label is after the last top-level comma.
  let depth = 0;
  let quote = '';
  let comma = -1;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c)) depth--;
    else if (c === ',' && depth === 0) comma = i;
  }
  const labelFrom = comma < 0 ? 0 : comma + 1;
  const label = args.slice(labelFrom).trim();
  const labelAt = argStart + labelFrom + (args.slice(labelFrom).length - args.slice(labelFrom).trimStart().length);
  const problem = label === '' ? { offset: labelAt, message: 'label_values() needs a label name' }
    : !LABEL_NAME.test(label) && !label.includes('$') ? { offset: labelAt, message: `label_values(): invalid label name ${JSON.stringify(label)}` } : undefined;
  if (comma < 0) return { form, start: labelAt, end: labelAt, expect: null, problem };
  const sel = args.slice(0, comma);
  return { form, start: argStart + (sel.length - sel.trimStart().length), end: argStart + sel.trimEnd().length, expect: 'selector', problem };
}

/** The query text of a template variable (a string, or an object with `query` in newer dashboards). */
function variableQueryNode(v: JsonNode): JsonNode | undefined {
  const q = field(v, 'query');
  if (q?.kind === 'string') return q;
  const inner = field(q, 'query');
  return inner?.kind === 'string' ? inner : undefined;
}

/** The PromQL of a dashboard's query variables and Prometheus annotations, with problems of the variable queries' own syntax. */
export function extractVariablesAndAnnotations(file: string, text: string, dash: JsonNode, lines: Lines): { queries: FoundQuery[]; problems: Diagnostic[] } {
  const queries: FoundQuery[] = [];
  const problems: Diagnostic[] = [];
  const vars = field(field(dash, 'templating'), 'list');
  for (const v of vars?.kind === 'array' ? vars.items : []) {
    const type = field(v, 'type');
    if (type?.kind !== 'string' || type.value !== 'query') continue;
    const ds = dataSourceType(v);
    if (ds && NOT_PROMQL.test(ds)) continue;
    const node = variableQueryNode(v);
    if (node?.kind !== 'string') continue;
    const parsed = parseVariableQuery(node.value);
    if (!parsed) continue;
    const name = field(v, 'name');
    const context = `variable ${JSON.stringify(name?.kind === 'string' ? name.value : '')} (${parsed.form})`;
    const toFile = mapValue(text, node.start, node.end, node.value, false);
    if (parsed.problem) problems.push({ file, ...lines.at(toFile(parsed.problem.offset)), severity: 'error', rule: 'dashboard', message: `${context}: ${parsed.problem.message}` });
    if (parsed.expect === null || parsed.end <= parsed.start) continue;
    const base = parsed.start;
    queries.push({
      text: node.value.slice(parsed.start, parsed.end),
      at: (k) => lines.at(toFile(base + k)),
      context,
      expect: parsed.expect === 'selector' ? 'selector' : undefined,
    });
  }
  const annotations = field(field(dash, 'annotations'), 'list');
  for (const a of annotations?.kind === 'array' ? annotations.items : []) {
    const expr = field(a, 'expr') ?? field(field(a, 'target'), 'expr');
    if (expr?.kind !== 'string' || expr.value.trim() === '') continue;
    const ds = dataSourceType(a);
    if (ds && NOT_PROMQL.test(ds)) continue;
    const name = field(a, 'name');
    const toFile = mapValue(text, expr.start, expr.end, expr.value, false);
    queries.push({ text: expr.value, at: (k) => lines.at(toFile(k)), context: `annotation ${JSON.stringify(name?.kind === 'string' ? name.value : '')}` });
  }
  return { queries, problems };
}
