// Silencing findings: `# promql-ts disable` comments (next rule, same line, whole file) and the
// `.promql-ts.yml` configuration (rules on and off, excludes, per-path overrides, discovery).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkText } from '../../src/check/check.js';
import { ConfigError, configExcludes, findConfig, rulesForPath } from '../../src/check/config.js';
import { parseConfig } from '../../src/check/config-file.js';

const rules = (body: string) => `groups:\n- name: g\n  rules:\n${body}`;
const warnings = (file: string, text: string) => checkText(file, text).problems.map((p) => `${p.line} ${p.rule}`);

describe('in-file disables', () => {
  test('a comment line silences the next rule only', () => {
    const text = rules([
      '  # promql-ts disable rate-on-gauge',
      '  - record: a',
      '    expr: |',
      '      rate(queue_length[5m])',
      '        + rate(other_length[5m])',
      '  - record: b',
      '    expr: rate(queue_length[5m])',
      '',
    ].join('\n'));
    expect(warnings('r.yml', text)).toEqual(['10 rate-on-gauge']);
  });

  test('at the end of a line it silences that line; several ids, and "all"', () => {
    const text = rules([
      '  - record: a',
      '    expr: rate(q_length[5m]) + absent(sum(x)) # promql-ts disable rate-on-gauge, absent-on-aggregation',
      '  - record: b',
      '    expr: rate(q_length[5m]) # promql-ts disable all',
      '  - record: c',
      '    expr: rate(q_length[5m]) # promql-ts disable absent-on-aggregation',
      '',
    ].join('\n'));
    expect(warnings('r.yml', text)).toEqual(['9 rate-on-gauge']);
  });

  test('file/disable covers the whole file; errors are never silenced; unknown ids are reported', () => {
    const text = '# promql-ts file/disable rate-on-gauge\n# promql-ts disable no-such-rule\nrate(q_length[5m])\n\nrate(x)\n';
    expect(checkText('q.promql', text).problems.map((p) => `${p.line} ${p.severity} ${p.rule}`)).toEqual(['2 warning disable', '5 error syntax']);
  });

  test('in query files the next query is covered, with its continuation lines', () => {
    const text = '# promql-ts disable regex-could-be-equality\nsum(x{a=~"b"})\n  + sum(y{a=~"b"})\n\nsum(z{a=~"b"})\n';
    expect(warnings('q.promql', text)).toEqual(['5 regex-could-be-equality']);
  });
});

describe('configuration', () => {
  test('parses enable/disable/exclude/overrides', () => {
    const c = parseConfig('/p/.promql-ts.yml', 'enable: [comparison-in-arithmetic]\ndisable: [regex-could-be-equality]\nexclude: [vendor, "**/*.gen.yml"]\noverrides:\n- paths: ["dashboards/**"]\n  disable: [rate-on-gauge]\n');
    const defaults = new Set(['rate-on-gauge', 'regex-could-be-equality', 'duplicate-rule']);
    const cli = { enable: [], disable: [] };
    expect([...rulesForPath(defaults, c, cli, '/p/rules/a.yml')].sort()).toEqual(['comparison-in-arithmetic', 'duplicate-rule', 'rate-on-gauge']);
    expect([...rulesForPath(defaults, c, cli, '/p/dashboards/x/d.json')].sort()).toEqual(['comparison-in-arithmetic', 'duplicate-rule']);
    // The command line wins over the configuration and its overrides.
    expect(rulesForPath(defaults, c, { enable: ['rate-on-gauge'], disable: [] }, '/p/dashboards/d.json').has('rate-on-gauge')).toBe(true);
    expect(configExcludes(c, '/p/vendor/x.yml')).toBe(true);
    expect(configExcludes(c, '/p/a/b/x.gen.yml')).toBe(true);
    expect(configExcludes(c, '/p/a/b/x.yml')).toBe(false);
  });

  test.each([
    ['disable: [rate-on-guage]\n', '1:11: disable: unknown lint rule "rate-on-guage"'],
    ['exlude: [x]\n', '1:1: unknown key "exlude" in the configuration'],
    ['exclude: ["[a"]\n', '1:11: exclude: invalid glob'],
    ['overrides:\n- disable: [rate-on-gauge]\n', '2:3: an override needs "paths"'],
    ['enable: 3\n', '1:9: enable must be a list'],
    ['disable: "rate-on-gauge, nope"\n', '1:10: disable: unknown lint rule "nope"'],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseConfig('c.yml', text)).toThrow(ConfigError);
    expect(() => parseConfig('c.yml', text)).toThrow(`c.yml:${message}`);
  });

  test('rule ids as the flags take them: a list or a comma-separated string', () => {
    expect(parseConfig('c.yml', 'disable: rate-on-gauge, regex-could-be-equality\nenable: [comparison-in-arithmetic]\n')).toMatchObject({
      disable: ['rate-on-gauge', 'regex-could-be-equality'],
      enable: ['comparison-in-arithmetic'],
    });
  });

  test('found in the directory or the nearest parent', () => {
    const root = mkdtempSync(join(tmpdir(), 'promql-config-'));
    mkdirSync(join(root, 'a/b/c'), { recursive: true });
    writeFileSync(join(root, 'a/.promql-ts.yml'), 'disable: []\n');
    expect(findConfig(join(root, 'a/b/c'))).toBe(join(root, 'a/.promql-ts.yml'));
    expect(findConfig(join(root, 'a'))).toBe(join(root, 'a/.promql-ts.yml'));
    expect(findConfig(root)).not.toBe(join(root, 'a/.promql-ts.yml'));
  });
});
