// Prometheus rule files: the queries of every rule, and the file's structure checked as
// Prometheus's rulefmt checks it (strict fields, group names, rule kinds, names, durations).
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { YAML_OPTIONS } from './yaml-nodes.js';
import { YamlReader } from './yaml-reader.js';
import { extractRuleTestFile, isRuleTestDocument, type RuleFilesProbe } from './rule-test-file.js';
import { isValidUtf8LabelName } from '../parser/labels.js';
import { mapValue } from '../util/source-map.js';
import { durationError } from '../util/durations.js';
import { templateProblem } from './alert-template.js';
import type { Extracted, FoundQuery, Diagnostic } from './types.js';

const GROUP_FIELDS = new Set(['name', 'interval', 'query_offset', 'limit', 'rules', 'labels']);
const RULE_FIELDS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);

class Reader extends YamlReader {
  constructor(file: string, text: string, doc: Document) {
    super(file, text, doc, 'rule-file');
  }

  /** Fields of a map, reporting unknown ones as Prometheus's strict decoding does. */
  fields(map: YAMLMap, known: Set<string>, type: string): Map<string, Pair> {
    const out = new Map<string, Pair>();
    for (const pair of this.pairs(map)) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!known.has(key)) this.report(pair.key as Node, `field ${key} not found in type ${type}`);
      else if (out.has(key)) this.report(pair.key as Node, `mapping key "${key}" already defined`);
      else out.set(key, pair);
    }
    return out;
  }

  string(pair: Pair | undefined, what: string): string {
    const v = this.node(pair?.value);
    if (!v) return '';
    if (isScalar(v) && v.value === null) return '';
    if (!isScalar(v) || (typeof v.value !== 'string' && typeof v.value !== 'number' && typeof v.value !== 'boolean')) {
      this.report(v, `${what} must be a string`);
      return '';
    }
    return v.value === null ? '' : String(v.value);
  }

  stringMap(pair: Pair | undefined, what: string): Map<string, { value: string; node: Node }> {
    const out = new Map<string, { value: string; node: Node }>();
    // `labels:` with nothing after it is a YAML null: an empty map, as Prometheus reads it.
    const v = this.node(pair?.value);
    if (!v || (isScalar(v) && v.value === null)) return out;
    if (!isMap(v)) {
      this.report(v, `${what} must be a map of strings`);
      return out;
    }
    for (const p of this.pairs(v)) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      out.set(key, { value: this.string(p, `${what} value`), node: p.key as Node });
    }
    return out;
  }
}

function checkRule(r: Reader, raw: unknown, group: string, index: number, seen: FoundQuery[]): void {
  const node = r.node(raw);
  if (!isMap(node)) {
    r.report(node as Node, 'a rule must be a map');
    return;
  }
  const f = r.fields(node, RULE_FIELDS, 'rulefmt.Rule');
  const record = r.string(f.get('record'), 'record');
  const alert = r.string(f.get('alert'), 'alert');
  const name = alert || record;
  const at = (f.get('record') ?? f.get('alert'))?.key as Node | undefined;
  const fail = (n: Node | undefined, msg: string) => r.report(n ?? node, `group ${JSON.stringify(group)}, rule ${index + 1}, ${JSON.stringify(name)}: ${msg}`);
  if (record && alert) fail(at, "only one of 'record' and 'alert' must be set");
  if (!record && !alert) fail(node, "one of 'record' or 'alert' must be set");
  const exprPair = f.get('expr');
  const exprNode = r.node(exprPair?.value) as Scalar | undefined;
  const expr = r.string(exprPair, 'expr');
  if (expr.trim() === '') fail(exprNode ?? node, "field 'expr' must be set in rule");
  for (const key of ['for', 'keep_firing_for']) {
    const v = r.string(f.get(key), key);
    const problem = v === '' ? null : durationError(v);
    if (problem) fail(r.node(f.get(key)!.value) ?? node, problem);
  }
  const labels = r.stringMap(f.get('labels'), 'labels');
  const annotations = r.stringMap(f.get('annotations'), 'annotations');
  if (record) {
    const recNode = r.node(f.get('record')!.value) ?? node;
    if (annotations.size > 0) fail(recNode, "invalid field 'annotations' in recording rule");
    if (f.has('for') && r.string(f.get('for'), 'for') !== '0') fail(recNode, "invalid field 'for' in recording rule");
    if (f.has('keep_firing_for') && r.string(f.get('keep_firing_for'), 'keep_firing_for') !== '0') fail(recNode, "invalid field 'keep_firing_for' in recording rule");
    if (!isValidUtf8LabelName(record)) fail(recNode, `invalid recording rule name: ${record}`);
    if (/[{}]/.test(record)) fail(recNode, `braces present in the recording rule name; should it be in expr?: ${record}`);
  }
  for (const [k, { node: n }] of labels) {
    if (!isValidUtf8LabelName(k) || k === '__name__') fail(n, `invalid label name: ${k}`);
  }
  for (const [k, { node: n }] of annotations) if (!isValidUtf8LabelName(k)) fail(n, `invalid annotation name: ${k}`);
  if (alert) {
    for (const [kind, map] of [['label', labels], ['annotation', annotations]] as const) {
      for (const [k, v] of map) {
        const problem = templateProblem(alert, v.value);
        if (problem) fail(v.node, `${kind} ${JSON.stringify(k)}: ${problem}`);
      }
    }
  }
  if (expr.trim() === '' || !exprNode || !isScalar(exprNode) || !exprNode.range) return;
  const [start, end] = exprNode.range;
  const block = exprNode.type === 'BLOCK_LITERAL' || exprNode.type === 'BLOCK_FOLDED';
  const map = mapValue(r.text, start, end, expr, block);
  const q: FoundQuery = {
    text: expr,
    at: (i) => r.lines.at(map(i)),
    context: `group ${JSON.stringify(group)}, rule ${index + 1}, ${JSON.stringify(name)}`,
    rule: { kind: record ? 'record' : 'alert', name, labels: JSON.stringify([...labels].map(([k, v]) => [k, v.value]).sort()) },
  };
  seen.push(q);
}

/**
 * Reads a rule file (or a Kubernetes PrometheusRule, whose `spec` holds the groups), or a
 * promtool rule-test file (whose `rule_files` `probe` resolves, when given).
 */
export function extractRuleFile(file: string, text: string, probe?: RuleFilesProbe): Extracted {
  const doc = parseDocument(text, YAML_OPTIONS);
  const r = new Reader(file, text, doc);
  if (doc.errors.length > 0) {
    for (const e of doc.errors.slice(0, 10)) {
      const { line, column } = r.lines.at(e.pos[0]);
      r.problems.push({ file, line, column, severity: 'error', rule: 'yaml', message: `invalid YAML: ${e.message.split('\n')[0]}` });
    }
    return { queries: [], problems: r.problems };
  }
  let root = doc.contents as Node | null;
  if (root === null) return { queries: [], problems: [] };
  // promtool keeps its rule tests next to the rules; they are checked as what they are.
  if (isRuleTestDocument(doc)) return extractRuleTestFile(file, text, doc, probe);
  if (isMap(root) && root.get('kind') === 'PrometheusRule' && isMap(root.get('spec', true))) root = root.get('spec', true) as Node;
  if (!isMap(root)) {
    r.report(root, 'not a rule file: expected a map with "groups"');
    return { queries: [], problems: r.problems };
  }
  const top = r.fields(root, new Set(['groups']), 'rulefmt.RuleGroups');
  const groups = r.node(top.get('groups')?.value);
  if (groups === undefined || groups === null) return { queries: r.queries, problems: r.problems };
  if (!isSeq(groups)) {
    r.report(groups as Node, '"groups" must be a list');
    return { queries: r.queries, problems: r.problems };
  }
  const names = new Set<string>();
  for (const item of groups.items) {
    const g = r.node(item);
    if (!isMap(g)) {
      r.report(g as Node, 'a rule group must be a map');
      continue;
    }
    const f = r.fields(g, GROUP_FIELDS, 'rulefmt.RuleGroup');
    const name = r.string(f.get('name'), 'name');
    if (name === '') r.report(g, 'Groupname must not be empty');
    else if (names.has(name)) r.report(g, `groupname: "${name}" is repeated in the same file`);
    names.add(name);
    for (const key of ['interval', 'query_offset']) {
      const v = r.string(f.get(key), key);
      const problem = v === '' ? null : durationError(v);
      if (problem) r.report(r.node(f.get(key)!.value), problem);
    }
    for (const [k, { node }] of r.stringMap(f.get('labels'), 'labels')) {
      if (!isValidUtf8LabelName(k) || k === '__name__') r.report(node, `invalid label name: ${k}`);
    }
    const rules = r.node(f.get('rules')?.value);
    if (rules === undefined || rules === null) continue;
    if (!isSeq(rules)) {
      r.report(rules as Node, '"rules" must be a list');
      continue;
    }
    rules.items.forEach((rule, i) => checkRule(r, rule, name, i, r.queries));
  }
  return { queries: r.queries, problems: r.problems };
}
