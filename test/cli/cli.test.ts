// The `promql` command line, in-process; the first test runs the built dist/ binary as users do.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli } from './in-process.js';

const BIN = new URL('../../dist/src/cli/main.js', import.meta.url).pathname;
const run = cli;

describe('promql format', () => {
  test('prints the canonical form', async () => {
    expect(execFileSync('node', [BIN, 'format', 'sum(rate(x{b="1",a="2"}[300s])) by(job)'], { encoding: 'utf8' }))
      .toBe('sum by (job) (rate(x{a="2",b="1"}[5m]))\n');
  });

  test('reports a parse error on stderr with exit 1', async () => {
    const r = await run('format', 'foo{');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('1:5: parse error: unexpected end of input inside braces\n');
  });
});

describe('promql check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'promql-cli-'));
  const file = join(dir, 'q.promql');
  writeFileSync(file, '# comment\nup\nrate(x)\n\nsum(\n  x\n)\n\nfoo bar\n');

  test('clean queries exit 0 with no output', async () => {
    const r = await run('check', '--expr', 'up', '--expr', 'sum(x)');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  });

  test('reports each problem with file:line:col and exits 1', async () => {
    const r = await run('check', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      `${file}:3:6: error: 1:6: parse error: expected type range vector in call to function "rate", got instant vector\n` +
      `${file}:9:5: error: 1:5: parse error: unexpected identifier "bar"\n`,
    );
  });

  test('an unreadable file is a usage error (exit 2) on stderr', async () => {
    const r = await run('check', join(dir, 'missing.promql'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('missing.promql: no such file');
  });

  test('no input is a usage error', async () => {
    expect((await run('check')).status).toBe(2);
  });

  test('experimental syntax needs a flag', async () => {
    expect((await run('check', '--expr', 'limitk(1, x)')).status).toBe(1);
    expect((await run('check', '--experimental', '--expr', 'limitk(1, x)')).status).toBe(0);
  });

  test('an unknown command is a usage error', async () => {
    expect((await run('frobnicate')).status).toBe(2);
  });
});
