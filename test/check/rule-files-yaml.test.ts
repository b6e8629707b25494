// Rule files and rule-test files as promtool reads them: YAML anchors, aliases and `<<` merge
// keys resolved; rule-test files recognised among rule files and checked as what they are.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkText } from '../../src/check/check.js';
import { loadRuleFiles } from '../../src/rules/groups.js';
import { runRuleTestFile } from '../../src/rules/unit-test.js';
import { probeRuleFiles } from '../../src/check/rule-files-probe.js';

const ANCHORED = `groups:
- name: g
  rules:
  - alert: A
    expr: &down up == 0
    for: 5m
    labels: &common
      team: web
      severity: page
  - alert: B
    expr: *down
    labels:
      <<: *common
      severity: warn
  - record: job:up:sum
    expr: sum by (job) (up)
    labels: *common
`;

describe('YAML anchors, aliases and merge keys', () => {
  test('promtool accepts this file; so does check', () => {
    expect(checkText('r.yml', ANCHORED).problems).toEqual([]);
  });

  test('merged labels: explicit keys win, the anchor gives the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promql-anchors-'));
    writeFileSync(join(dir, 'r.yml'), ANCHORED);
    const [g] = loadRuleFiles([join(dir, 'r.yml')]);
    expect(g.rules.map((r) => [r.name, r.expr, r.labels])).toEqual([
      ['A', 'up == 0', { team: 'web', severity: 'page' }],
      ['B', 'up == 0', { team: 'web', severity: 'warn' }],
      ['job:up:sum', 'sum by (job) (up)', { team: 'web', severity: 'page' }],
    ]);
  });

  test('fields brought in by a merge are checked like written ones', () => {
    const text = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    labels: &l {a: b}\n  - alert: B\n    <<: {expr: up, bogus: 1}\n';
    expect(checkText('r.yml', text).problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual(['8:20 field bogus not found in type rulefmt.Rule']);
  });

  test('a merge of a scalar is an error', () => {
    const text = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    labels:\n      <<: 3\n';
    expect(checkText('r.yml', text).problems.map((p) => p.message)).toEqual(['map merge requires map or sequence of maps as the value']);
  });

  test('a rule test with anchors and merges runs as promtool runs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promql-anchors-'));
    writeFileSync(join(dir, 'r.yml'), ANCHORED);
    writeFileSync(join(dir, 'r.test.yml'), `rule_files: [r.yml]
evaluation_interval: 1m
tests:
- interval: 1m
  input_series:
  - series: 'up{job="a"}'
    values: '0x10'
  alert_rule_test:
  - eval_time: 10m
    alertname: B
    exp_alerts:
    - exp_labels: &l {job: a, team: web, severity: warn}
  - eval_time: 11m
    alertname: B
    exp_alerts:
    - exp_labels:
        <<: *l
  - eval_time: 10m
    alertname: A
    exp_alerts:
    - exp_labels: {<<: *l, severity: page}
`);
    const r = await runRuleTestFile(join(dir, 'r.test.yml'));
    expect(r.error).toBeNull();
    expect(r.cases.flatMap((c) => c.failures)).toEqual([]);
    // promtool refuses the last exp_labels (yaml.v2: key "severity" already set in map); check says so.
    expect(checkText(join(dir, 'r.test.yml'), readFileSync(join(dir, 'r.test.yml'), 'utf8')).problems.map((p) => p.message)).toEqual(['key "severity" already set in map']);
  });
});

describe('rule-test files among rule files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'promql-ruletest-'));
  writeFileSync(join(dir, 'rules.yml'), 'groups: []\n');
  const file = join(dir, 'rules.test.yml');

  test('a valid test file has no problems (not "field rule_files not found")', () => {
    const text = 'rule_files: [rules.yml]\ntests:\n- interval: 1m\n  input_series:\n  - series: up{job="a"}\n    values: 1+1x5 _ stale\n  promql_expr_test:\n  - expr: sum(up)\n    eval_time: 1m\n    exp_samples:\n    - labels: "{}"\n      value: 2\n';
    expect(checkText(file, text)).toMatchObject({ problems: [], found: 1 });
  });

  test('fields, rule_files, series notation, durations and expressions are checked', () => {
    const text = [
      'rule_files: [rules.yml, missing.yml]',
      'evaluation_interval: 1x',
      'tests:',
      '- interval: 1m',
      '  name: t1',
      '  input_series:',
      "  - series: 'up{job=\"a\"'",
      "    values: '0x10 foo'",
      '  - series: up',
      '    values: 1',
      '    extra: 1',
      '  promql_expr_test:',
      '  - expr: sum(rate(up[5m])',
      '    eval_time: 1m',
      '    exp_samples:',
      '    - labels: \'{job="a"}\'',
      '      value: abc',
      '  - expr: rate(node_load1[5m])',
      '',
    ].join('\n');
    expect(checkText(file, text, { ruleFiles: probeRuleFiles }).problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.message}`)).toEqual([
      `1:25 warning no file match pattern ${join(dir, 'missing.yml')}`,
      '2:22 error evaluation_interval: unknown unit "x" in duration "1x"',
      '7:24 error tests[0] "t1": input_series[0]: series: unexpected end of input inside braces',
      '8:19 error tests[0] "t1": input_series[0]: values: bad series value "foo"',
      '11:5 error field extra not found in type main.series',
      '13:27 error tests[0] "t1": promql_expr_test[0]: 1:17: parse error: unclosed left parenthesis',
      '17:14 error tests[0] "t1": promql_expr_test[0]: exp_samples[0]: value "abc" is not a number',
      '18:16 warning tests[0] "t1": promql_expr_test[1]: rate() of "node_load1", whose type is not known and whose name does not say counter (_total, _count, _sum, _bucket); use deriv() or delta() for gauges (rate-on-gauge)',
    ]);
  });

  test('a key written beside a merge that also sets it is refused in test files, as yaml.v2 strict decoding does', () => {
    const text = 'tests:\n- interval: 1m\n  alert_rule_test:\n  - eval_time: 1m\n    alertname: A\n    exp_alerts:\n    - exp_labels: &l {a: "1", b: "2"}\n    - exp_labels:\n        <<: *l\n        b: "3"\n';
    expect(checkText(file, text).problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual(['10:9 key "b" already set in map']);
  });

  test('plain scalars are read as Go reads them into strings: values 0x10 is the notation, not 16', () => {
    const text = 'tests:\n- input_series:\n  - series: up\n    values: 0x10 0x\n';
    expect(checkText(file, text).problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual(['4:18 tests[0]: input_series[0]: values: bad series value "0x"']);
  });

  test('rule_files are looked for only with a probe (the library entry point reads no files)', () => {
    const text = 'rule_files: [missing.yml, "[bad"]\ntests: []\n';
    expect(checkText(file, text).problems).toEqual([]);
    expect(checkText(file, text, { ruleFiles: probeRuleFiles }).problems.map((p) => p.message)).toEqual([
      `no file match pattern ${join(dir, 'missing.yml')}`,
      `rule_files: invalid glob "${join(dir, '[bad')}" at offset ${dir.length + 1}: unclosed "["`,
    ]);
  });

  test('unknown top-level fields of a test file are named with promtool\'s Go type', () => {
    expect(checkText(file, 'rule_files: []\ntests: []\nevaluation_intreval: 1m\n').problems.map((p) => p.message)).toEqual(['field evaluation_intreval not found in type main.unitTestFile']);
  });
});
