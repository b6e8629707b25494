// Strict fields of a rule unit-test file, as promtool's `yaml.UnmarshalStrict` checks them: every
// unknown field anywhere in the file, in document order, each with its line.
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Lines } from '../util/source-map.js';

/** A Go type of promtool's test file: its fields, and the element type of the list-valued ones. */
type Shape = Readonly<Record<string, string | null>>;

const SHAPES: Readonly<Record<string, Shape>> = {
  'main.unitTestFile': { rule_files: null, evaluation_interval: null, group_eval_order: null, tests: 'main.testGroup', fuzzy_compare: null },
  'main.testGroup': {
    interval: null, input_series: 'main.series', alert_rule_test: 'main.alertTestCase', promql_expr_test: 'main.promqlTestCase',
    external_labels: null, external_url: null, name: null, start_timestamp: null,
  },
  'main.series': { series: null, values: null },
  'main.alertTestCase': { eval_time: null, alertname: null, exp_alerts: 'main.alert' },
  'main.alert': { exp_labels: null, exp_annotations: null },
  'main.promqlTestCase': { expr: null, eval_time: null, exp_samples: 'main.sample' },
  'main.sample': { labels: null, value: null, histogram: null },
};

function visit(node: unknown, type: string, lines: Lines, out: string[]): void {
  if (!isMap(node)) return;
  const shape = SHAPES[type];
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!(key in shape)) {
      out.push(`line ${lines.at((pair.key as Node).range?.[0] ?? 0).line}: field ${key} not found in type ${type}`);
      continue;
    }
    const element = shape[key];
    if (element && isSeq(pair.value)) for (const item of pair.value.items) visit(item, element, lines, out);
  }
}

/**
 * promtool's error for unknown fields of a test file (`yaml: unmarshal errors:` then one
 * `  line N: field F not found in type main.T` per field), or null when every field is known.
 */
export function unknownFieldsError(doc: Document, lines: Lines): string | null {
  const found: string[] = [];
  visit(doc.contents, 'main.unitTestFile', lines, found);
  return found.length ? `yaml: unmarshal errors:\n${found.map((f) => `  ${f}`).join('\n')}` : null;
}
