// `promql test` on Prometheus rule unit-test files. The golden outputs were compared with
// `promtool test rules` 3.5.3 on the same files: the failure texts are identical.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runRuleTestFile } from '../../src/rules/unit-test.js';

const BIN = new URL('../../dist/src/bin/promql.js', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
const FIX = 'test/fixtures/rules';
const run = (...args: string[]) => spawnSync('node', [BIN, 'test', ...args], { encoding: 'utf8', cwd: ROOT });

function golden(name: string, actual: string): void {
  const path = join(ROOT, FIX, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('rule unit tests (promtool format)', () => {
  test.each(['shop-rules', 'chain', 'templates', 'fuzzy'])('%s.test.yml passes', (name) => {
    const r = run(`${FIX}/${name}.test.yml`);
    expect(r.stdout).toContain('  SUCCESS');
    expect(r.status).toBe(0);
  });

  test.each(['failing', 'eval-error', 'load-error', 'histograms'])('%s.test.yml fails as promtool reports it', (name) => {
    const r = run(`${FIX}/${name}.test.yml`);
    expect(r.status).toBe(1);
    golden(`${name}.expected.txt`, r.stdout);
  });

  test('--diff adds a -/+ diff under each mismatch', () => {
    const r = run('--diff', `${FIX}/failing.test.yml`);
    expect(r.stdout).toContain([
      '        diff (- expected, + got):',
      '          - {__name__="job:http_requests:rate5m", job="api"} 2',
      '          + {__name__="job:http_requests:rate5m", job="api"} 1',
      '          - {__name__="job:http_requests:rate5m", job="web"} 1',
    ].join('\n'));
  });

  test('--run picks test groups by name', () => {
    const r = run('--run', '^bad query$', `${FIX}/failing.test.yml`);
    expect(r.stdout).toContain('sum(rate(nothing[5m])');
    expect(r.stdout).not.toContain('wrong value');
    expect(r.stdout.trim().split('\n').pop()).toBe('0 passed, 1 failed');
  });

  test('--output json and --junit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promql-junit-'));
    const junit = join(dir, 'report.xml');
    const r = run('-o', 'json', '--junit', junit, `${FIX}/failing.test.yml`, `${FIX}/chain.test.yml`);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toEqual({ passed: 1, failed: 3, skipped: 0 });
    expect(doc.suites[0].cases.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ['wrong value and missing series', 'failed'], ['alert expected but not firing yet', 'failed'], ['bad query', 'failed'],
    ]);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="test/fixtures/rules/failing.test.yml" tests="3" failures="3" skipped="0">');
    expect(xml).toContain('<testcase name="chain sees the same evaluation step" classname="test/fixtures/rules/chain.test.yml"/>');
  });

  test('bad test files: unknown fields, missing files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promql-rt-'));
    const f = join(dir, 'x.test.yml');
    writeFileSync(f, 'rule_files: []\ntests:\n  - name: t\n    input_seriess: []\n');
    const r = run(f);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('field input_seriess not found in type main.testGroup');
    expect(run(join(dir, 'missing.test.yml')).status).toBe(2);
  });
});

describe('bad rule test input names the place', () => {
  const dir = mkdtempSync(join(tmpdir(), 'promql-rtbad-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  test('bad series notation, invalid YAML, a missing rule file', () => {
    const series = run(write('s.test.yml', 'rule_files: [nope.yml]\ntests:\n  - input_series:\n      - series: up\n        values: "1 2 x"\n'));
    expect(series.stdout).toContain('WARNING: no file match pattern');
    expect(series.stdout).toContain('s.test.yml:4:9: input series "up 1 2 x": bad series value "x"');
    const yaml = run(write('y.test.yml', 'tests: [\n'));
    expect(yaml.stdout).toMatch(/y\.test\.yml:2:1: invalid YAML: /);
    expect(yaml.status).toBe(1);
  });

  test('durations in failures print as promtool prints them (8d, not 1w1d)', () => {
    const r = run(write('d.test.yml', [
      'rule_files: []',
      'tests:',
      '  - input_series:',
      "      - series: 'up'",
      "        values: '1x12000'",
      '    promql_expr_test:',
      '      - expr: up',
      '        eval_time: 8d',
      '        exp_samples: []',
      '      - expr: up',
      '        eval_time: 1w',
      '        exp_samples: []',
      '',
    ].join('\n')));
    expect(r.stdout).toContain('expr: "up", time: 8d,');
    expect(r.stdout).toContain('expr: "up", time: 1w,');
  });

  test('a duration model.ParseDuration rejects is reported with its words', () => {
    const r = run(write('e.test.yml', 'rule_files: []\nevaluation_interval: 1.5m\ntests: []\n'));
    expect(r.stderr).toContain('evaluation_interval: unknown unit "." in duration "1.5m"');
  });
});

// Both behaviours checked with promtool test rules 3.5.3 on the same files (the pass/fail outcome and
// the got-annotations printed below are promtool's).
describe('alert templates in rule unit tests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rule-tpl-'));
  writeFileSync(join(dir, 'r.yml'), [
    'groups:',
    '- name: g',
    '  rules:',
    '  - alert: A',
    '    expr: m',
    '    labels:',
    "      sev: '{{ $labels.__name__ }}'",
    '    annotations:',
    "      name: '{{ $labels.__name__ }}/{{ .Labels.__name__ }}'",
    `      b: '{{ "" }}'`,
    "      c: ''",
    '',
  ].join('\n'));
  const testFile = (expected: string) => {
    const file = join(dir, `t${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(file, [
      'rule_files: [r.yml]',
      'tests:',
      '- interval: 1m',
      '  input_series:',
      `  - series: 'm{job="a"}'`,
      "    values: '1'",
      '  alert_rule_test:',
      '  - eval_time: 0m',
      '    alertname: A',
      '    exp_alerts:',
      '    - exp_labels: {job: a, sev: m}',
      `      exp_annotations: ${expected}`,
      '',
    ].join('\n'));
    return file;
  };

  test('$labels and .Labels include __name__ for templates; the alert labels do not', async () => {
    const r = await runRuleTestFile(testFile('{name: m/m, b: "", c: ""}'));
    expect(r.error).toBeNull();
    expect(r.cases.map((c) => c.failures)).toEqual([[]]);
  });

  test.each([
    ['left out', '{name: m/m}', 'Annotations:{name="m/m"}'],
    ['partly spelled out', '{name: m/m, b: ""}', 'Annotations:{b="", name="m/m"}'],
    ['an empty one that was not produced', '{name: m/m, d: ""}', 'Annotations:{d="", name="m/m"}'],
  ])('annotations that expanded to "" are compared like any other: %s fails', async (_what, expected, printed) => {
    const r = await runRuleTestFile(testFile(expected));
    const failure = r.cases[0].failures.join('\n');
    expect(failure).toContain(`exp:[\n            0:\n              Labels:{alertname="A", job="a", sev="m"}\n              ${printed}\n            ]`);
    expect(failure).toContain('got:[\n            0:\n              Labels:{alertname="A", job="a", sev="m"}\n              Annotations:{b="", c="", name="m/m"}\n            ]');
  });
});
