// The `promql` command line, in-process; the first test runs the built dist/ binary as users do.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli } from './in-process.js';

const BIN = new URL('../../dist/src/bin/promql.js', import.meta.url).pathname;
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

describe('promql query over .series fixtures with native histograms', () => {
  const dir = mkdtempSync(join(tmpdir(), 'promql-cli-hist-'));
  const file = join(dir, 'h.series');
  writeFileSync(file, 'load 1m\n  lat{job="api"} {{count:2 sum:1 buckets:[1 1]}}+{{count:1 sum:1 buckets:[0 1]}}x3 _x10 5\n  up{job="api"} 1x20\n');

  test('the fixture loads; float samples of the same series are queried as usual', async () => {
    const r = await run('query', 'lat', '--data', file, '--time', '840', '-o', 'json');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"lat","job":"api"},"value":[840,"5"]}]}}\n');
  });

  test('a histogram the TSDB would refuse fails the load at its line', async () => {
    const bad = join(dir, 'bad.series');
    writeFileSync(bad, 'load 1m\n  ok 1\n  lat {{buckets:[1] offset:1 n_buckets:[-1]}}\n');
    const r = await run('query', 'ok', '--data', bad, '--time', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}:3:3: invalid native histogram: negative side: bucket number 1 has observation count of -1`);
  });
});
