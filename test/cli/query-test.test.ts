// `promql query` and `promql test`, in-process; the test of a large result through a pipe runs the built binary.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli } from './in-process.js';

const BIN = new URL('../../dist/src/bin/promql.js', import.meta.url).pathname;
const EXAMPLE = new URL('../../examples/node.om', import.meta.url).pathname;
const run = cli;
const spawnRun = (...args: string[]) => spawnSync('node', [BIN, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'promql-cli-'));

describe('promql query', () => {
  test('the README example over the bundled fixture', async () => {
    const r = await run('query', '100 * (1 - (node_memory_MemFree_bytes + node_memory_Cached_bytes + node_memory_Buffers_bytes) / node_memory_MemTotal_bytes)', '--data', EXAMPLE);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\{instance="node-1:9100", job="node"\} 43\.13\d+\n\{instance="node-2:9100", job="node"\} 53\.06\d+\n$/);
  });
  test('json output is the API envelope', async () => {
    const r = await run('query', 'sum by (code) (http_requests_total)', '--data', EXAMPLE, '--time', '1700003585', '-o', 'json');
    expect(JSON.parse(r.stdout)).toEqual({
      status: 'success',
      data: { resultType: 'vector', result: [
        { metric: { code: '200' }, value: [1700003585, '51870'] },
        { metric: { code: '500' }, value: [1700003585, '1074'] },
      ] },
    });
  });
  test('range query', async () => {
    const r = await run('query', 'max(node_memory_MemTotal_bytes)', '--data', EXAMPLE, '--start', '1700000000', '--end', '1700000060', '--step', '30s', '-o', 'json');
    expect(JSON.parse(r.stdout).data.result[0].values).toEqual([[1700000000, '32000000000'], [1700000030, '32000000000'], [1700000060, '32000000000']]);
  });
  test('query errors: exit 1, message on stderr, JSON error envelope on stdout', async () => {
    const r = await run('query', 'sum(', '--data', EXAMPLE, '-o', 'json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'error', errorType: 'bad_data' });
    expect(r.stderr).toContain('1:5: parse error');
  });
  test('bad data names file:line:col and exits 2', async () => {
    const f = join(dir, 'bad.prom');
    writeFileSync(f, 'ok 1 1000\nbroken{a="1" 2 3\n');
    const r = await run('query', 'ok', '--data', f);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`promql: ${f}:2:14: expected "," or "}", found "2"\n`);
  });
  test('bad flags exit 2', async () => {
    expect((await run('query', 'up', '--data', EXAMPLE, '--start', 'yesterday')).status).toBe(2);
    expect((await run('query', 'up', '--data', EXAMPLE, '-o', 'yaml')).status).toBe(2);
    expect((await run('query', 'up', '--data', join(dir, 'missing.om'))).stderr).toContain('no such file');
  });
  test('a query that starts with "-" is refused with a hint, and works after "--"', async () => {
    const bad = await run('query', '-node_memory_MemFree_bytes', '--data', EXAMPLE);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("goes after '--'");
    const good = await run('query', '--data', EXAMPLE, '-o', 'json', '--', '-node_memory_MemFree_bytes');
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout).data.result.length).toBeGreaterThan(0);
  });
  test('large results are written completely through a pipe (the real binary)', () => {
    const r = spawnRun('query', 'http_request_duration_seconds_bucket', '--data', EXAMPLE, '--start', '1700000000', '--end', '1700003585', '--step', '1s', '-o', 'json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).data.result).toHaveLength(12);
  });
});

describe('promql test', () => {
  test('prints failures with file:line and the summary line', async () => {
    const f = join(dir, 'x.test');
    writeFileSync(f, 'load 1m\n  m 1 2\n\neval instant at 1m m\n  m 2\n\neval instant at 1m m\n  m 3\n');
    const r = await run('test', f);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${f}:7: m\n    m at 60000: expected 3 for {__name__="m"} but got 2`);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 passed, 1 failed');
  });
  test('a skip list skips evals and is reported', async () => {
    const f = join(dir, 'y.test');
    const skip = join(dir, 'skip.json');
    writeFileSync(f, 'load 1m\n  m 1\n\neval instant at 0 m\n  m 5\n');
    writeFileSync(skip, JSON.stringify([{ file: 'y.test', line: 4, reason: 'demonstration' }]));
    const r = await run('test', f, '--skip-list', skip);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('0 passed, 0 failed, 1 skipped\n');
  });
  test('script syntax errors name the line', async () => {
    const f = join(dir, 'z.test');
    writeFileSync(f, 'load 1m\n  m 1\n\nbogus command\n');
    const r = await run('test', f);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${f}:4: \n    invalid command "bogus command"`);
  });
});
