// promtool reads a rule test's `values:` (and other string fields) as the text written, not as a
// YAML number: `values: 0x10` is "0 repeated ten more times", `values: 010` is octal 8. Checked
// against `promtool test rules` 3.5.3: for `0x10` it counts 10 samples in (0, 1h] and reads 0 at
// 0m; for `010` it reads 8; for `0o10` it fails with `bad number syntax`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runRuleTestFile } from '../../src/rules/unit-test.js';

function testFile(values: string, count: number, first: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'promql-values-'));
  writeFileSync(join(dir, 'rules.yml'), 'groups: []\n');
  const file = join(dir, 't.yml');
  writeFileSync(file, [
    'rule_files: [rules.yml]',
    'tests:',
    '  - interval: 1m',
    '    input_series:',
    "      - series: 'm'",
    `        values: ${values}`,
    '    promql_expr_test:',
    '      - expr: count_over_time(m[1h])',
    '        eval_time: 1h',
    `        exp_samples: ${count === 0 ? '[]' : `[{ labels: "{}", value: ${count} }]`}`,
    '      - expr: m',
    '        eval_time: 0m',
    `        exp_samples: [{ labels: 'm', value: ${first} }]`,
    '',
  ].join('\n'));
  return file;
}

describe('plain YAML scalars in rule test string fields', () => {
  test.each([
    ['0x10', 10, 0],
    ["'0x10'", 10, 0],
    ['0x3', 3, 0],
    ['010', 0, 8],
    ['1_000', 0, 1000],
    ['0x10 1', 11, 0],
  ])('values: %s is read as promtool reads it', async (values, count, first) => {
    const r = await runRuleTestFile(testFile(values, count, first));
    expect(r.error).toBeNull();
    expect(r.cases.map((c) => c.failures)).toEqual([[]]);
  });

  test('values: 0x10 is not the YAML integer 16', async () => {
    const r = await runRuleTestFile(testFile('0x10', 0, 16));
    expect(r.cases[0].failures.join('\n')).toContain('got: {__name__="m"} 0E+00');
  });

  test.each(['0o10', '0b11', '1e400'])('values: %s fails as notation, not as a converted number', async (values) => {
    const r = await runRuleTestFile(testFile(values, 0, 0));
    const text = [r.error ?? '', ...r.cases.flatMap((c) => c.failures)].join('\n');
    expect(text).toContain(`"m ${values}"`);
  });
});
