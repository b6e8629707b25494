// `promql test` flags from promtool's `test rules`: --debug, --ignore-unknown-fields, and the
// unknown-field error with promtool's `line N:`. Outputs compared with promtool 3.5.3's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cli } from './in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'promql-test-flags-'));
writeFileSync(join(dir, 'rules.yml'), `groups:
  - name: g
    owner: team-a
    rules:
      - record: x2
        expr: x * 2
        severity_hint: low
`);
const TEST = `rule_files: [rules.yml]
tests:
  - input_series:
      - series: x
        values: 1 2 3
    promql_expr_test:
      - expr: x2
        eval_time: 2m
        exp_samples:
          - labels: x2
            value: 6
`;
const clean = join(dir, 'clean.yml');
writeFileSync(clean, TEST);
const extra = join(dir, 'extra.yml');
writeFileSync(extra, TEST.replace('tests:\n', 'bogus: 1\ntests:\n').replace('    promql_expr_test:', '    extra: 2\n    promql_expr_test:')
  .replace('            value: 6\n', '            value: 6\n            note: x\n'));

test('unknown fields of the test file: every one, with its line, as promtool (yaml.UnmarshalStrict)', async () => {
  const r = await cli('test', extra);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe(`Unit Testing:  ${extra}\n  FAILED:\nyaml: unmarshal errors:\n` +
    '  line 2: field bogus not found in type main.unitTestFile\n' +
    '  line 7: field extra not found in type main.testGroup\n' +
    '  line 14: field note not found in type main.sample\n0 passed, 1 failed\n');
});

test('unknown fields of a rule file fail the test unless --ignore-unknown-fields', async () => {
  const strict = await cli('test', clean);
  expect(strict.status).toBe(1);
  expect(strict.stdout).toContain('rules.yml:3:5: error: field owner not found in type rulefmt.RuleGroup\n');
  expect(strict.stdout).toContain('rules.yml:7:9: error: field severity_hint not found in type rulefmt.Rule\n');
  const lenient = await cli('test', '--ignore-unknown-fields', clean);
  expect(lenient).toEqual({ status: 0, stdout: `Unit Testing:  ${clean}\n  SUCCESS\n1 passed, 0 failed\n`, stderr: '' });
});

test('--debug: start, a dump of all data up to the last evaluation time plus a second, finish (stderr)', async () => {
  const r = await cli('test', '--ignore-unknown-fields', '--debug', clean);
  expect(r.status).toBe(0);
  expect(r.stderr.replace(/took [\d.]+m?s/, 'took T')).toBe(
    'DEBUG: Starting test unnamed#0\n' +
    'DEBUG: Dump of all data (input_series and rules) at 2m1s:\n' +
    '{__name__="x"} =>\n2 @[60000]\n3 @[120000]\n' +
    '{__name__="x2"} =>\n4 @[60000]\n6 @[120000]\n' +
    'DEBUG: Test unnamed#0 finished, took T\n');
});
