// Grafana dashboards: the PromQL of every Prometheus target (panels, rows, nested and inline
// library panels), with Grafana's template variables replaced by placeholders that parse.
import { field, JsonSyntaxError, parseJsonWithPositions, type JsonNode } from '../util/json-positions.js';
import { Lines, mapValue } from '../util/source-map.js';
import type { Extracted, FoundQuery, Diagnostic } from './types.js';
import { dataSourceType, extractVariablesAndAnnotations, NOT_PROMQL } from './dashboard-variables.js';

/**
 * A template variable replaced: placeholders keep their length where they can so positions stay
 * close; `map` takes an offset in the substituted text back to the original.
 */
interface Substituted {
  text: string;
  map: (i: number) => number;
}

const VARIABLE = /\$\{([A-Za-z0-9_.]+)(?::[^}]*)?\}|\[\[([A-Za-z0-9_.]+)(?::[^\]]*)?\]\]|\$([A-Za-z0-9_]+)/g;
const DURATION_VARS = new Set(['__interval', '__rate_interval', '__range', '__auto_interval']);
const NUMBER_VARS = new Set(['__interval_ms', '__range_s', '__range_ms', '__from', '__to']);

/** Whether offset i of s is inside a quoted string. */
function insideString(s: string, i: number): boolean {
  let quote = '';
  for (let k = 0; k < i; k++) {
    const c = s[k];
    if (quote) {
      if (c === '\\' && quote !== '`') k++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
  }
  return quote !== '';
}

/** Whether offset i is inside `[…]` (a range or subquery). */
function insideBrackets(s: string, i: number): boolean {
  const open = s.lastIndexOf('[', i);
  return open >= 0 && s.lastIndexOf(']', i) < open;
}

/**
 * Replaces Grafana variables. Inside strings they stay as written (any text is a valid label
 * value). Elsewhere: durations inside `[…]` and for `$__interval`-like names, numbers for
 * `$__range_s`-like names, and either an identifier or a number for the others (`scalars`).
 */
export function substituteVariables(expr: string, scalars: boolean): Substituted {
  let out = '';
  let last = 0;
  const offsets: [number, number][] = [];
  for (const m of expr.matchAll(VARIABLE)) {
    const name = m[1] ?? m[2] ?? m[3];
    const at = m.index!;
    if (insideString(expr, at)) continue;
    let rep: string;
    const next = expr.slice(at + m[0].length).trimStart()[0] ?? '';
    if (DURATION_VARS.has(name) || insideBrackets(expr, at)) rep = '5m';
    else if (NUMBER_VARS.has(name)) rep = '60';
    else if (!scalars || next === '{' || next === '[' || /\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*$/.test(expr.slice(0, at))) rep = name.replace(/\./g, '_');
    else rep = '1';
    out += expr.slice(last, at);
    offsets.push([out.length, at]);
    out += rep;
    last = at + m[0].length;
    offsets.push([out.length, last]);
  }
  out += expr.slice(last);
  if (offsets.length === 0) return { text: expr, map: (i) => i };
  return {
    text: out,
    map: (i) => {
      let base: [number, number] = [0, 0];
      for (const o of offsets) if (o[0] <= i) base = o;
      return base[1] + (i - base[0]);
    },
  };
}

/** Every panel, including panels nested in rows (`panels` or legacy `rows[].panels`) and inline library panels. */
function* panelsOf(n: JsonNode | undefined): Generator<JsonNode> {
  for (const key of ['panels', 'rows']) {
    const list = field(n, key);
    if (list?.kind !== 'array') continue;
    for (const p of list.items) {
      if (p.kind !== 'object') continue;
      yield p;
      const lib = field(field(p, 'libraryPanel'), 'model');
      if (lib) yield* [lib, ...panelsOf(lib)];
      yield* panelsOf(p);
    }
  }
}

/** Reads a Grafana dashboard (the dashboard itself, or an export wrapping it in `dashboard`). */
export function extractDashboard(file: string, text: string): Extracted {
  const lines = new Lines(text);
  const problems: Diagnostic[] = [];
  let root: JsonNode;
  try {
    root = parseJsonWithPositions(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return { queries: [], problems: [{ file, ...lines.at(e.offset), severity: 'error', rule: 'json', message: `invalid JSON: ${e.message}` }] };
  }
  if (root.kind !== 'object') {
    return { queries: [], problems: [{ file, ...lines.at(root.start), severity: 'error', rule: 'dashboard', message: 'not a Grafana dashboard: expected a JSON object' }] };
  }
  const dash = field(root, 'dashboard') ?? root;
  if (!field(dash, 'panels') && !field(dash, 'rows') && !field(dash, 'templating')) {
    problems.push({ file, ...lines.at(root.start), severity: 'warning', rule: 'dashboard', message: 'no "panels" or "rows": not a Grafana dashboard?' });
  }
  const queries: FoundQuery[] = [];
  for (const panel of panelsOf(dash)) {
    const title = field(panel, 'title');
    const panelType = dataSourceType(panel);
    const targets = field(panel, 'targets');
    if (targets?.kind !== 'array') continue;
    targets.items.forEach((t, i) => {
      const expr = field(t, 'expr');
      if (expr?.kind !== 'string' || expr.value.trim() === '') return;
      const type = dataSourceType(t) ?? panelType;
      if (type && NOT_PROMQL.test(type)) return;
      const refId = field(t, 'refId');
      const toFile = mapValue(text, expr.start, expr.end, expr.value, false);
      queries.push({
        text: expr.value,
        at: (k) => lines.at(toFile(k)),
        context: `panel ${JSON.stringify(title?.kind === 'string' ? title.value : '')}, target ${refId?.kind === 'string' ? refId.value : i + 1}`,
      });
    });
  }
  const more = extractVariablesAndAnnotations(file, text, dash, lines);
  return { queries: [...queries, ...more.queries], problems: [...problems, ...more.problems] };
}
