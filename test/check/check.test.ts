// `promql check` on realistic fixtures (a rule file, a Grafana dashboard, a query file), compared
// with golden outputs; output formats, lint switches, --data, bad input; run in-process.
// UPDATE_GOLDEN=1 rewrites the golden files.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIX = 'test/fixtures/check';
const run = (args: string[], input?: string) => runCli(args, { stdin: input, cwd: ROOT });

function golden(name: string, actual: string): void {
  const path = join(ROOT, FIX, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('promql check on fixtures', () => {
  test.each([
    ['rules.yml', 'rules.expected.txt'],
    ['dashboard.json', 'dashboard.expected.txt'],
    ['queries.promql', 'queries.expected.txt'],
  ])('%s', async (input, expected) => {
    const r = await run(['check', `${FIX}/${input}`]);
    expect(r.status).toBe(1);
    golden(expected, r.stdout);
    expect(r.stderr).toMatch(/^1 file\(s\), \d+ quer(y|ies): \d+ error\(s\), \d+ warning\(s\)\n$/);
  });

  test('JSON output follows the documented schema', async () => {
    const r = await run(['check', '-o', 'json', `${FIX}/queries.promql`]);
    golden('queries.expected-json.txt', r.stdout);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe(1);
    expect(doc.summary).toEqual({ files: 1, queries: 6, errors: 2, warnings: 1 });
    expect(doc.problems[0]).toMatchObject({ file: `${FIX}/queries.promql`, line: 10, column: 8, severity: 'error', rule: 'syntax', query: { line: 1, column: 8 } });
  });

  test('GitHub Actions annotations', async () => {
    const r = await run(['check', '-o', 'github', `${FIX}/dashboard.json`]);
    golden('dashboard.expected-github.txt', r.stdout);
    expect(r.stdout.split('\n')[0]).toMatch(/^::error file=test\/fixtures\/check\/dashboard.json,line=46,col=150,title=promql syntax::/);
  });

  test('a directory is searched recursively, and every file is checked', async () => {
    const r = await run(['check', FIX]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^4 file\(s\)/);
  });

  test('warnings pass unless --strict; lint rules can be switched', async () => {
    expect((await run(['check', '--expr', 'rate(node_memory_MemFree_bytes[5m])'])).status).toBe(0);
    expect((await run(['check', '--strict', '--expr', 'rate(node_memory_MemFree_bytes[5m])'])).status).toBe(1);
    expect((await run(['check', '--strict', '--disable', 'rate-on-gauge', '--expr', 'rate(node_memory_MemFree_bytes[5m])'])).status).toBe(0);
    const on = await run(['check', '--enable', 'comparison-in-arithmetic', '--expr', '(up > 0) * 2']);
    expect(on.stdout).toContain('(comparison-in-arithmetic)');
    expect((await run(['check', '--disable', 'no-such-rule', '--expr', 'up'])).status).toBe(2);
    expect((await run(['check', '--list-rules'])).stdout).toContain('rate-on-gauge');
  });

  test('stdin with --format', async () => {
    const r = await run(['check', '--format', 'rules', '-'], 'groups:\n- name: g\n  rules:\n  - record: a\n    expr: sum(\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('<stdin>:5:15: error: group "g", rule 1, "a": could not parse expression: 1:5: parse error: unclosed left parenthesis\n');
  });

  test('--data evaluates each query and labels runtime errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promql-check-'));
    const data = join(dir, 'd.series');
    writeFileSync(data, 'load 1m\n  a{x="1", y="1"} 1\n  a{x="1", y="2"} 2\n  b{x="1"} 3\n');
    const r = await run(['check', '--data', data, '--expr', 'b / on (x) a', '--expr', 'a / on (x, y) group_left b']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('<expr>:1:1: error: runtime error (evaluated over --data): found duplicate series for the match group {x="1"}');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('promql check on bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'promql-bad-'));
  const write = (name: string, content: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  test('invalid YAML names the place', async () => {
    const r = await run(['check', write('bad.yml', 'groups:\n  - name: a\n   rules: [\n')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/bad\.yml:\d+:\d+: error: invalid YAML: /);
  });

  test('empty labels and annotations are empty maps, as promtool reads them', async () => {
    const yml = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    labels:\n    annotations:\n';
    const r = await run(['check', '--format', 'rules', '-'], yml);
    expect(r.status).toBe(0);
    expect((await run(['check', '--format', 'rules', '-'], yml.replace('    expr: up == 0\n', '    expr:\n'))).stdout)
      .toContain(`field 'expr' must be set in rule`);
  });

  test('YAML that is not a rule file', async () => {
    const r = await run(['check', write('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\n')]);
    expect(r.stdout).toContain('deploy.yaml:1:1: error: field apiVersion not found in type rulefmt.RuleGroups');
  });

  test('empty files are fine; binary files are unreadable input', async () => {
    expect((await run(['check', write('empty.yml', ''), write('empty.promql', ''), write('empty.json', '{}')])).status).toBe(0);
    const r = await run(['check', write('blob.json', Buffer.from([0x7b, 0, 1, 2, 0xff]))]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('blob.json: binary file, not checked');
  });

  test('invalid JSON names the place; missing files and unmatched globs exit 2', async () => {
    const r = await run(['check', write('broken.json', '{\n  "panels": [\n    { "targets": [ }\n  ]\n}\n')]);
    expect(r.stdout).toMatch(/broken\.json:3:20: error: invalid JSON: /);
    expect((await run(['check', join(dir, 'nope.yml')])).status).toBe(2);
    expect((await run(['check', join(dir, '*.nothing')])).status).toBe(2);
  });
});

describe('promql format on rule files', () => {
  test('--write changes only the expressions, keeping comments and layout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promql-fmt-'));
    const file = join(dir, 'rules.yml');
    const before = [
      '# Team rules',
      'groups:',
      '  - name: api # the API',
      '    rules:',
      '      - record: job:requests:rate5m',
      '        expr: sum(rate(http_requests_total[5m]))by(job)   # keep me',
      '        labels: {team: "web"}',
      '      - alert: Down',
      '        expr: |',
      '          up',
      '            == 0',
      '        for: 5m',
      '      - alert: Broken',
      '        expr: sum(',
      '',
    ].join('\n');
    writeFileSync(file, before);
    const r = await run(['format', '--write', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:14: not formatted: 1:5: parse error: unclosed left parenthesis`);
    expect(readFileSync(file, 'utf8')).toBe(before
      .replace('sum(rate(http_requests_total[5m]))by(job)', 'sum by (job) (rate(http_requests_total[5m]))')
      .replace('        expr: |\n          up\n            == 0\n', '        expr: |-\n          up == 0\n'));
  });
});

describe('alert templates', () => {
  test('unclosed actions and unknown functions are reported as promtool reports them', async () => {
    const yml = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n' +
      '      summary: "{{ $labels.job }} is down, {{ $value | humanizePercentage }}"\n' +
      '      description: "{{ $value | humanise }}"\n      x: "{{ $labels.job "\n';
    const r = await run(['check', '--format', 'rules', '-'], yml);
    expect(r.stdout).toBe(
      '<stdin>:8:7: error: group "g", rule 1, "A": annotation "description": template: __alert_A:1: function "humanise" not defined\n' +
      '<stdin>:9:7: error: group "g", rule 1, "A": annotation "x": template: __alert_A:1: unclosed action\n');
  });
});
