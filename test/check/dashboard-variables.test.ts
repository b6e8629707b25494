// Grafana template-variable queries and annotation queries: each form read as Grafana's
// Prometheus data source reads it, the PromQL inside checked, and problems placed in the file.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkText } from '../../src/check/check.js';
import { parseVariableQuery } from '../../src/check/dashboard-variables.js';
import { sniffFormat } from '../../src/check/sniff.js';

describe('parseVariableQuery', () => {
  const slice = (q: string) => {
    const v = parseVariableQuery(q)!;
    return { form: v.form, promql: q.slice(v.start, v.end), expect: v.expect, problem: v.problem?.message };
  };
  test.each([
    ['label_values(up{job=~"$job"}, instance)', { form: 'label_values', promql: 'up{job=~"$job"}', expect: 'selector', problem: undefined }],
    ['label_values(up{a=",", b=~"(x,y)"}, job)', { form: 'label_values', promql: 'up{a=",", b=~"(x,y)"}', expect: 'selector', problem: undefined }],
    ['label_values(instance)', { form: 'label_values', promql: '', expect: null, problem: undefined }],
    ['label_values(up, 1x)', { form: 'label_values', promql: 'up', expect: 'selector', problem: 'label_values(): invalid label name "1x"' }],
    ['label_names()', { form: 'label_names', promql: '', expect: null, problem: undefined }],
    ['label_names(up{job="a"})', { form: 'label_names', promql: 'up{job="a"}', expect: 'selector', problem: undefined }],
    ['metrics(node_.*)', { form: 'metrics', promql: 'node_.*', expect: null, problem: undefined }],
    ['metrics(node_(.*)', { form: 'metrics', promql: 'node_(.*', expect: null, problem: 'metrics(): invalid regex "node_(.*": error parsing regexp: missing closing ): `node_(.*`' }],
    ['metrics($prefix.*)', { form: 'metrics', promql: '$prefix.*', expect: null, problem: undefined }],
    [' query_result( sum(up) ) ', { form: 'query_result', promql: 'sum(up)', expect: 'query', problem: undefined }],
    ['up{job="a"}', { form: 'series', promql: 'up{job="a"}', expect: 'selector', problem: undefined }],
  ])('%s', (q, want) => {
    expect(slice(q)).toEqual(want);
  });
});

describe('dashboards: variables and annotations', () => {
  test('every Prometheus variable query and annotation is checked, in place', () => {
    const file = 'test/fixtures/check/variables.json';
    const r = checkText(file, readFileSync(file, 'utf8'));
    // up, up{job=~"$job"}, query_result's query, the series selector, the broken ones' PromQL and both annotations.
    expect(r.found).toBe(9);
    expect(r.problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.message}`)).toEqual([
      // An unclosed brace hides the comma: the whole argument is read as label_values(label).
      '11:67 error variable "broken" (label_values): label_values(): invalid label name "up{job=\\"a\\", instance"',
      '12:72 error variable "notselector" (label_values): a series selector is needed here (Grafana lists the series it matches), not an expression',
      '13:73 error variable "badlabel" (label_values): label_values(): invalid label name "1job"',
      '14:75 error variable "badresult" (query_result): 1:6: parse error: expected type range vector in call to function "rate", got instant vector',
      '24:131 error annotation "Restarts": 1:54: parse error: unclosed left parenthesis',
    ]);
  });
});

describe('sniffFormat (stdin without --format)', () => {
  test.each([
    ['groups:\n- name: g\n  rules: []\n', 'rules'],
    ['rule_files: [r.yml]\ntests: []\n', 'rules'],
    ['apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n', 'rules'],
    ['---\n# comment\n', 'rules'],
    ['{\n  "panels": []\n}\n', 'dashboard'],
    ['{}', 'dashboard'],
    ['{job="api"}\n', 'promql'],
    ['{"metric.with.dots"}\n', 'promql'],
    ['sum(rate(x[5m]))\n', 'promql'],
    ['# groups: in a comment\nup\n', 'promql'],
  ])('%j is %s', (text, format) => {
    expect(sniffFormat(text)).toBe(format);
  });
});
