// promtool decodes a test file into Go structs, so a field typed `string` receives the text of a
// plain YAML scalar as written: `values: 0x10` is the series notation "0x10" (the value 0 and ten
// repetitions), not the YAML 1.2 integer 16; `values: 010` is "010" (which the series notation
// reads as octal 8), not 10. The `yaml` package resolves such scalars to numbers and booleans;
// this puts the written text back in the fields promtool types as strings.
import { isMap, isScalar, isSeq, type Document, type Scalar } from 'yaml';

/** Fields decoded as Go strings (or durations read from strings), per promtool type. */
const STRING_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'main.unitTestFile': ['evaluation_interval'],
  'main.testGroup': ['interval', 'external_url', 'name'],
  'main.series': ['series', 'values'],
  'main.alertTestCase': ['eval_time', 'alertname'],
  'main.promqlTestCase': ['expr', 'eval_time'],
  'main.sample': ['labels'],
};

/** Fields holding a map of strings to strings. */
const STRING_MAPS: Readonly<Record<string, readonly string[]>> = {
  'main.testGroup': ['external_labels'],
  'main.alert': ['exp_labels', 'exp_annotations'],
};

/** Fields holding a list of strings. */
const STRING_LISTS: Readonly<Record<string, readonly string[]>> = {
  'main.unitTestFile': ['rule_files', 'group_eval_order'],
};

/** Element types of list-valued fields. */
const ELEMENTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'main.unitTestFile': { tests: 'main.testGroup' },
  'main.testGroup': { input_series: 'main.series', alert_rule_test: 'main.alertTestCase', promql_expr_test: 'main.promqlTestCase' },
  'main.alertTestCase': { exp_alerts: 'main.alert' },
  'main.promqlTestCase': { exp_samples: 'main.sample' },
};

/** YAML's spellings of null: Go leaves a string field empty for them. */
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

/** Gives a plain scalar resolved to a non-string (number, boolean, overflowing float) its source text. */
function asWritten(node: unknown): void {
  if (!isScalar(node) || typeof node.value === 'string') return;
  const s = node as Scalar & { source?: string };
  if (s.type !== 'PLAIN' || s.source === undefined) return;
  if (node.value === null && NULLS.has(s.source)) return;
  node.value = s.source;
}

function visit(node: unknown, type: string): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (STRING_FIELDS[type]?.includes(key)) asWritten(pair.value);
    else if (STRING_MAPS[type]?.includes(key) && isMap(pair.value)) for (const p of pair.value.items) asWritten(p.value);
    else if (STRING_LISTS[type]?.includes(key) && isSeq(pair.value)) for (const item of pair.value.items) asWritten(item);
    const element = ELEMENTS[type]?.[key];
    if (element && isSeq(pair.value)) for (const item of pair.value.items) visit(item, element);
  }
}

/**
 * Puts back the written text of plain scalars in the string-typed fields of a promtool rule-test
 * document (mutates `doc`), so that `toJS()` gives what promtool's Go structs receive.
 */
export function keepStringFieldsAsWritten(doc: Document): void {
  visit(doc.contents, 'main.unitTestFile');
}
