// `promql check` and `promql format --write` run in-process: stdin sniffing, excludes, the
// configuration file, rule tests next to rules, invalid UTF-8, --data types, and the Checkstyle
// and JUnit reports (golden files; UPDATE_GOLDEN=1 rewrites them).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIX = 'test/fixtures/check';

function golden(name: string, actual: string): void {
  const path = join(ROOT, FIX, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

function project(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'promql-check-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const RULES = 'groups:\n- name: g\n  rules:\n  - record: r\n    expr: rate(queue_length[5m])\n';

describe('promql check (in-process)', () => {
  test('stdin without --format: a rule file is read as YAML, a dashboard as JSON, else PromQL', async () => {
    const yaml = await runCli(['check', '-'], { stdin: 'groups:\n- name: g\n  rules:\n  - record: r\n    expr: sum(\n' });
    expect(yaml.stdout).toBe('<stdin>:5:15: error: group "g", rule 1, "r": could not parse expression: 1:5: parse error: unclosed left parenthesis\n');
    const json = await runCli(['check', '-'], { stdin: '{"panels": [{"title": "p", "targets": [{"expr": "rate(x)"}]}]}' });
    expect(json.stdout).toContain('<stdin>:1:55: error: panel "p", target 1: 1:6: parse error: expected type range vector');
    const promql = await runCli(['check', '-'], { stdin: 'up\nsum(\n' });
    expect(promql.stdout).toBe('<stdin>:3:1: error: 2:1: parse error: unclosed left parenthesis\n');
  });

  test('rule tests next to rules are checked as rule tests: no false failure', async () => {
    const dir = project({
      'rules/a.yml': 'groups:\n- name: g\n  rules:\n  - record: r\n    expr: sum(up)\n',
      'rules/a.test.yml': 'rule_files: [a.yml]\ntests:\n- interval: 1m\n  input_series:\n  - series: up\n    values: 1x3\n  promql_expr_test:\n  - expr: r\n    eval_time: 1m\n    exp_samples:\n    - labels: r\n      value: 1\n',
    });
    const r = await runCli(['check', join(dir, 'rules')]);
    expect(r).toMatchObject({ status: 0, stdout: '' });
    expect(r.stderr).toBe('2 file(s), 2 queries: 0 error(s), 0 warning(s)\n');
  });

  test('--exclude skips files and directories', async () => {
    const dir = project({ 'a.yml': RULES, 'vendor/b.yml': 'groups: [\n', 'c.gen.yml': 'groups: [\n' });
    const r = await runCli(['check', '--exclude', 'vendor', '--exclude', '*.gen.yml', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('a.yml:5:16: warning:');
    expect(r.stderr).toBe('1 file(s), 1 query: 0 error(s), 1 warning(s)\n');
  });

  test('.promql-ts.yml in the working directory or a parent: disable, exclude, overrides; flags win', async () => {
    const dir = project({
      '.promql-ts.yml': 'disable: [rate-on-gauge]\nexclude: [vendor]\noverrides:\n- paths: ["strict/**"]\n  enable: [rate-on-gauge]\n',
      'rules/a.yml': RULES,
      'strict/b.yml': RULES,
      'vendor/c.yml': 'groups: [\n',
    });
    const r = await runCli(['check', '.'], { cwd: join(dir, 'rules', '..') });
    expect(r.stdout).toBe('strict/b.yml:5:16: warning: group "g", rule 1, "r": rate() of "queue_length", whose type is not known and whose name does not say counter (_total, _count, _sum, _bucket); use deriv() or delta() for gauges (rate-on-gauge)\n');
    expect(r.status).toBe(0);
    const fromSub = await runCli(['check', 'a.yml'], { cwd: join(dir, 'rules') });
    expect(fromSub.stdout).toBe('');
    expect((await runCli(['check', '--enable', 'rate-on-gauge', 'a.yml'], { cwd: join(dir, 'rules') })).stdout).toContain('(rate-on-gauge)');
    expect((await runCli(['check', '--no-config', 'a.yml'], { cwd: join(dir, 'rules') })).stdout).toContain('(rate-on-gauge)');
  });

  test('a bad configuration is a usage error naming its place', async () => {
    const dir = project({ '.promql-ts.yml': 'disable: [nope]\n', 'a.yml': RULES });
    const r = await runCli(['check', 'a.yml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`promql: check: configuration ${join(dir, '.promql-ts.yml')}:1:11: disable: unknown lint rule "nope" (see promql check --list-rules)\n`);
  });

  test('invalid UTF-8 fails with promtool\'s wording and the place', async () => {
    const latin1 = Buffer.concat([Buffer.from('groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n      summary: "caf'), Buffer.from([0xe9]), Buffer.from(' down"\n')]);
    const dir = project({ 'latin1.yml': latin1 });
    const r = await runCli(['check', join(dir, 'latin1.yml')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`${join(dir, 'latin1.yml')}:7:20: error: yaml: invalid trailing UTF-8 octet\n`);
  });

  test('# TYPE lines of --data decide rate-on-gauge', async () => {
    const dir = project({ 'm.prom': '# TYPE queue_length counter\nqueue_length 1 1000\n# TYPE depth gauge\ndepth 1 1000\n' });
    const r = await runCli(['check', '--data', join(dir, 'm.prom'), '-e', 'rate(queue_length[5m])', '-e', 'rate(depth[5m])', '-e', 'rate(node_vmstat_pgmajfault[5m])', '-e', 'rate(workqueue_depth[5m])']);
    expect(r.stdout).toBe(
      `<expr>:1:6: warning: rate() of "depth", a gauge (type from --data ${join(dir, 'm.prom')}); use deriv() or delta() for gauges (rate-on-gauge)\n` +
      '<expr>:1:6: warning: rate() of "workqueue_depth", a gauge (type from client-go); use deriv() or delta() for gauges (rate-on-gauge)\n');
  });

  test.each([['checkstyle', 'report.expected-checkstyle.xml'], ['junit', 'report.expected-junit.xml']])('-o %s (golden)', async (format, expected) => {
    const r = await runCli(['check', '-o', format, `${FIX}/queries.promql`, `${FIX}/variables.json`, `${FIX}/rules.yml`, '-e', 'up'], { cwd: ROOT });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    golden(expected, r.stdout);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n/);
  });
});

describe('promql format --write (in-process)', () => {
  test('refuses invalid UTF-8 and leaves the file as it was', async () => {
    const bytes = Buffer.concat([Buffer.from('groups:\n- name: g # caf'), Buffer.from([0xe9]), Buffer.from('\n  rules:\n  - record: r\n    expr: sum(x)by(y)\n')]);
    const dir = project({ 'r.yml': bytes });
    const r = await runCli(['format', '--write', join(dir, 'r.yml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`promql: ${join(dir, 'r.yml')}:2:16: yaml: invalid trailing UTF-8 octet\n`);
    expect(readFileSync(join(dir, 'r.yml')).equals(bytes)).toBe(true);
  });

  test('rewrites through a temporary file: the content changes and nothing else is left', async () => {
    const dir = project({ 'r.yml': 'groups:\n- name: g\n  rules:\n  - record: r\n    expr: sum(x)by(y)\n' });
    const r = await runCli(['format', '--write', join(dir, 'r.yml')]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'r.yml'), 'utf8')).toContain('expr: sum by (y) (x)');
    expect(readdirSync(dir)).toEqual(['r.yml']);
  });
});
