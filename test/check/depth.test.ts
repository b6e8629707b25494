// `promql check` and the file checks behind it on deeply nested queries and long chains: rule
// files, query files and --expr, with lint findings and errors at their line and column.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkText } from '../../src/check/check.js';
import { lint } from '../../src/check/lint.js';
import { parse } from '../../src/parser/parse.js';
import { formatRuleFile } from '../../src/check/format-rules.js';

const BIN = new URL('../../dist/src/bin/promql.js', import.meta.url).pathname;
const run = (args: string[], input?: string) => spawnSync('node', [BIN, ...args], { encoding: 'utf8', input });

const DEPTH = 2000;
const deepQuery = (inner = 'rate(x_total[5m])') => 'sum by (job) ('.repeat(DEPTH) + inner + ')'.repeat(DEPTH);
const chainQuery = (n = 20000) => Array.from({ length: n }, (_, i) => `a${i}`).join(' or ');

function rules(...exprs: string[]): string {
  return `groups:\n  - name: g\n    rules:\n${exprs.map((e, i) => `      - record: r:${i}\n        expr: ${e}\n`).join('')}`;
}

describe('file checks', () => {
  test('a rule file with a 2,000-deep query and a 20,000-operand chain has no problems', () => {
    const r = checkText('rules.yml', rules(deepQuery(), chainQuery()));
    expect(r.found).toBe(2);
    expect(r.problems).toEqual([]);
  });

  test('a query file: a lint finding and a syntax error at the bottom, at their line and column', () => {
    const deep = `${'abs(\n'.repeat(DEPTH)}rate(gauge[5m])\n${')'.repeat(DEPTH)}`;
    const broken = `${'sum(\n'.repeat(DEPTH)}x +\n${')'.repeat(DEPTH)}`;
    const r = checkText('q.promql', `${chainQuery()}\n\n${deep}\n\n${broken}\n`);
    expect(r.found).toBe(3);
    expect(r.problems.map((p) => [p.line, p.column, p.rule])).toEqual([
      [3 + DEPTH, 6, 'rate-on-gauge'],
      [5 + 2 * DEPTH + 2, 1, 'syntax'],
    ]);
    expect(r.problems[1].message).toBe(`${DEPTH + 2}:1: parse error: unexpected ")" in aggregation`);
  });

  test('lint walks any depth', () => {
    const found = lint(parse(deepQuery('rate(gauge[5m])')), new Set(['rate-on-gauge']));
    expect(found.map((f) => f.pos.start)).toEqual([DEPTH * 'sum by (job) ('.length + 'rate('.length]);
  });

  test('formatting a rule file with deep queries', () => {
    const r = formatRuleFile(rules(`${deepQuery()}  +  1`));
    expect(r.changed).toBe(1);
    expect(r.text).toContain(`${deepQuery()} + 1`);
  });
});

describe('promql check (the CLI)', () => {
  test('--expr with a 2,000-deep query exits 0', () => {
    const r = run(['check', '--expr', deepQuery()]);
    expect(r.stderr).toMatch(/0 error\(s\), 0 warning\(s\)/);
    expect(r.status).toBe(0);
  });

  test('a query file and a rule file with a 20,000-operand chain exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promql-depth-'));
    writeFileSync(join(dir, 'q.promql'), `${chainQuery()}\n\n${deepQuery()}\n`);
    writeFileSync(join(dir, 'rules.yml'), rules(chainQuery(), deepQuery()));
    const r = run(['check', join(dir, 'q.promql'), join(dir, 'rules.yml')]);
    expect(r.stderr).toMatch(/2 file\(s\), 4 queries: 0 error\(s\), 0 warning\(s\)/);
    expect(r.status).toBe(0);
  });

  test('an error 2,000 levels down exits 1 with its position', () => {
    const r = run(['check', '--expr', deepQuery('nosuch(x)')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`1:${DEPTH * 'sum by (job) ('.length + 1}`);
    expect(r.stdout).toContain('unknown function with name "nosuch"');
  });
});
