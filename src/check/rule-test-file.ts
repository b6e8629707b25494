// promtool rule-test files (`promtool test rules`) found among rule files: their fields checked
// strictly, `rule_files` resolved, input series notation validated, and the queries of
// `promql_expr_test` handed to the query checks.
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { mapValue } from '../util/source-map.js';
import { durationError } from '../util/durations.js';
import { GlobSyntaxError } from '../util/glob.js';
import { ExpansionBudget, parseMetric, parseValues, SeriesNotationError } from '../storage/series-notation.js';
import { mergeConflicts } from './yaml-nodes.js';
import { YamlReader } from './yaml-reader.js';
import type { Extracted, FoundQuery, Diagnostic } from './types.js';

// Prometheus compatibility: the fields and Go type names of cmd/promtool's unit-test structs
// (yaml.UnmarshalStrict names them in "field X not found in type main.testGroup").
const TYPES: Record<string, { name: string; fields: Set<string> }> = {
  file: { name: 'main.unitTestFile', fields: new Set(['rule_files', 'evaluation_interval', 'group_eval_order', 'tests', 'fuzzy_compare']) },
  group: { name: 'main.testGroup', fields: new Set(['interval', 'input_series', 'alert_rule_test', 'promql_expr_test', 'external_labels', 'external_url', 'name', 'start_timestamp']) },
  series: { name: 'main.series', fields: new Set(['series', 'values']) },
  alertTest: { name: 'main.alertTestCase', fields: new Set(['eval_time', 'alertname', 'exp_alerts']) },
  alert: { name: 'main.alert', fields: new Set(['exp_labels', 'exp_annotations']) },
  promqlTest: { name: 'main.promqlTestCase', fields: new Set(['expr', 'eval_time', 'exp_samples']) },
  sample: { name: 'main.sample', fields: new Set(['labels', 'value', 'histogram']) },
};

/** Whether a parsed YAML root is a rule-test file: a map with `tests` or `rule_files` and no `groups`. */
export function isRuleTestDocument(doc: Document): boolean {
  const root = doc.contents;
  return isMap(root) && !root.has('groups') && (root.has('tests') || root.has('rule_files'));
}

class TestReader extends YamlReader {
  constructor(file: string, text: string, doc: Document) {
    super(file, text, doc, 'rule-test');
  }

  /** The fields of a map node; unknown fields reported as promtool's strict decoding does. */
  fields(n: unknown, type: keyof typeof TYPES, where: string): Map<string, Pair> | null {
    const node = this.node(n);
    const out = new Map<string, Pair>();
    if (!node || (isScalar(node) && node.value === null)) return out;
    if (!isMap(node)) {
      this.report(node, `${where}: expected a map`);
      return null;
    }
    const t = TYPES[type];
    for (const p of this.pairs(node as YAMLMap)) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      if (!t.fields.has(key)) this.report(p.key as Node, `field ${key} not found in type ${t.name}`);
      else out.set(key, p);
    }
    return out;
  }

  list(p: Pair | undefined, where: string): unknown[] {
    const v = this.node(p?.value);
    if (!v || (isScalar(v) && v.value === null)) return [];
    if (!isSeq(v)) {
      this.report(v, `${where}: expected a list`);
      return [];
    }
    return v.items;
  }

  scalar(p: Pair | undefined): Scalar | null {
    const v = this.node(p?.value);
    return v && isScalar(v) && v.value !== null ? v : null;
  }

  /**
   * A scalar read into a Go string field: plain scalars keep their source text (`values: 0x10`
   * is the notation "0x10", not the YAML integer 16).
   */
  goString(v: Scalar): string {
    return v.type === 'PLAIN' && typeof v.source === 'string' ? v.source : String(v.value);
  }

  duration(p: Pair | undefined, where: string): void {
    const v = this.scalar(p);
    if (!v) return;
    const problem = durationError(String(v.value));
    if (problem) this.report(v, `${where}: ${problem}`);
  }

  /** Reports a series-notation error at its column inside a string scalar. */
  notation(v: Scalar, what: string, f: () => void): void {
    try {
      f();
    } catch (e) {
      if (!(e instanceof SeriesNotationError) && !(e instanceof Error)) throw e;
      const col = e instanceof SeriesNotationError ? e.column - 1 : 0;
      const range = v.range!;
      const block = v.type === 'BLOCK_LITERAL' || v.type === 'BLOCK_FOLDED';
      const at = mapValue(this.text, range[0], range[1], this.goString(v), block)(col);
      this.problems.push({ file: this.file, ...this.lines.at(at), severity: 'error', rule: 'rule-test', message: `${what}: ${e.message}` });
    }
  }
}

/**
 * Resolves one `rule_files` pattern of a test file: the pattern made absolute and whether a file
 * matches it. Throws GlobSyntaxError for a malformed pattern. (Given by callers that can read the
 * file system; see rule-files-probe.ts.)
 */
export type RuleFilesProbe = (testFile: string, pattern: string) => { path: string; found: boolean };

/** Resolves `rule_files` with the probe, if there is one. */
function checkRuleFiles(r: TestReader, items: unknown[], probe: RuleFilesProbe | undefined): void {
  for (const item of items) {
    const v = r.node(item);
    if (!v || !isScalar(v) || typeof v.value !== 'string') {
      r.report(v, 'rule_files: expected a list of file names');
      continue;
    }
    if (!probe) continue;
    try {
      const { path, found } = probe(r.file, v.value);
      // Prometheus compatibility: promtool only warns ("WARNING: no file match pattern …").
      if (!found) r.report(v, `no file match pattern ${path}`, 'warning');
    } catch (e) {
      if (!(e instanceof GlobSyntaxError)) throw e;
      r.report(v, `rule_files: ${e.message}`);
    }
  }
}

function checkGroup(r: TestReader, node: unknown, index: number): void {
  const where = `tests[${index}]`;
  const f = r.fields(node, 'group', where);
  if (!f) return;
  const name = r.scalar(f.get('name'));
  const label = name ? `${where} ${JSON.stringify(String(name.value))}` : where;
  r.duration(f.get('interval'), `${label}: interval`);
  const budget = new ExpansionBudget();
  r.list(f.get('input_series'), `${label}: input_series`).forEach((item, j) => {
    const s = r.fields(item, 'series', `${label}: input_series[${j}]`);
    const series = r.scalar(s?.get('series'));
    const values = r.scalar(s?.get('values'));
    if (series) r.notation(series, `${label}: input_series[${j}]: series`, () => parseMetric(r.goString(series)));
    else if (s) r.report(r.node(item), `${label}: input_series[${j}]: "series" must be set`);
    if (values) r.notation(values, `${label}: input_series[${j}]: values`, () => parseValues(r.goString(values), 0, budget));
  });
  r.list(f.get('alert_rule_test'), `${label}: alert_rule_test`).forEach((item, j) => {
    const a = r.fields(item, 'alertTest', `${label}: alert_rule_test[${j}]`);
    if (!a) return;
    r.duration(a.get('eval_time'), `${label}: alert_rule_test[${j}]: eval_time`);
    r.list(a.get('exp_alerts'), `${label}: alert_rule_test[${j}]: exp_alerts`).forEach((e, k) => r.fields(e, 'alert', `${label}: alert_rule_test[${j}]: exp_alerts[${k}]`));
  });
  r.list(f.get('promql_expr_test'), `${label}: promql_expr_test`).forEach((item, j) => {
    const at = `${label}: promql_expr_test[${j}]`;
    const p = r.fields(item, 'promqlTest', at);
    if (!p) return;
    r.duration(p.get('eval_time'), `${at}: eval_time`);
    const expr = r.scalar(p.get('expr'));
    if (expr && String(expr.value).trim() !== '' && expr.range) {
      const text = String(expr.value);
      const block = expr.type === 'BLOCK_LITERAL' || expr.type === 'BLOCK_FOLDED';
      const map = mapValue(r.text, expr.range[0], expr.range[1], text, block);
      r.queries.push({ text, at: (i) => r.lines.at(map(i)), context: at });
    } else r.report(r.node(item), `${at}: "expr" must be set`);
    r.list(p.get('exp_samples'), `${at}: exp_samples`).forEach((s, k) => {
      const sf = r.fields(s, 'sample', `${at}: exp_samples[${k}]`);
      const labels = r.scalar(sf?.get('labels'));
      if (labels) r.notation(labels, `${at}: exp_samples[${k}]: labels`, () => parseMetric(r.goString(labels)));
      const value = r.scalar(sf?.get('value'));
      if (value && typeof value.value !== 'number' && !/^[+-]?(?:inf|nan)$/i.test(String(value.value).replace(/^\./, ''))) {
        r.report(value, `${at}: exp_samples[${k}]: value ${JSON.stringify(String(value.value))} is not a number`);
      }
    });
  });
}

/**
 * Reads a rule-test file whose document is already parsed (see {@link isRuleTestDocument});
 * `probe` resolves `rule_files` (without one they are not looked for).
 */
export function extractRuleTestFile(file: string, text: string, doc: Document, probe?: RuleFilesProbe): Extracted {
  const r = new TestReader(file, text, doc);
  // Prometheus compatibility: promtool reads rule tests with yaml.v2's strict decoding, which
  // refuses a key that a `<<` merge in the same map also sets (rule files accept it).
  for (const c of mergeConflicts(doc)) r.report(c.node, `key ${JSON.stringify(c.key)} already set in map`);
  const top = r.fields(doc.contents, 'file', 'rule-test file');
  if (!top) return { queries: [], problems: r.problems };
  r.duration(top.get('evaluation_interval'), 'evaluation_interval');
  checkRuleFiles(r, r.list(top.get('rule_files'), 'rule_files'), probe);
  r.list(top.get('tests'), 'tests').forEach((g, i) => checkGroup(r, g, i));
  return { queries: r.queries, problems: r.problems };
}
