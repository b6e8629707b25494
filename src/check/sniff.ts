// Telling what standard input holds when `--format` is not given: a Grafana dashboard (a JSON
// object), a rule or rule-test file (YAML with their top-level keys), or else PromQL queries.
import type { CheckFormat } from './check.js';

const YAML_KEYS = /^(?:groups|rule_files|tests|evaluation_interval|apiVersion|kind|spec|metadata)\s*:/m;

/** The format of text read without a file name. */
export function sniffFormat(text: string): CheckFormat {
  const start = text.trimStart();
  // A PromQL selector may start with `{` too (`{"metric.name"}`, `{job="x"}`), but never with `{"key":`.
  if (/^\{\s*(?:\}|"(?:[^"\\]|\\.)*"\s*:)/.test(start)) return 'dashboard';
  if (YAML_KEYS.test(text) || /^---\s*$/m.test(text)) return 'rules';
  return 'promql';
}
