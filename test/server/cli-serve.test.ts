// `promql serve` as a process: it serves the fixtures, reloads them on SIGHUP and on change,
// keeps the old data when an edit breaks a file, and refuses bad flags.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs helper without type declarations
import { PromqlServe } from '../../tools/differential/serve/promql-serve.mjs';

const CLI = fileURLToPath(new URL('../../dist/src/bin/promql.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'promql-serve-cli-'));
const file = join(dir, 'data.prom');
const write = (v: number) => writeFileSync(file, `# TYPE temp gauge\ntemp{room="a"} ${v} 1000\n`);

async function value(base: string): Promise<string | undefined> {
  const r = await (await fetch(`${base}/api/v1/query?query=temp&time=1`)).json();
  return r.data.result[0]?.value[1];
}

async function eventually(f: () => Promise<unknown>, want: unknown, ms = 10_000): Promise<unknown> {
  const end = Date.now() + ms;
  let got: unknown;
  while (Date.now() < end) {
    got = await f();
    if (got === want) return got;
    await new Promise((r) => setTimeout(r, 50));
  }
  return got;
}

describe('promql serve', () => {
  write(1);
  const server = new PromqlServe(CLI, [file]);
  const still = new PromqlServe(CLI, [file], ['--no-watch']);
  afterAll(() => Promise.all([server.stop(), still.stop()]));

  test('serves; with --no-watch reloads only on SIGHUP', async () => {
    await still.start();
    expect(still.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await value(still.base)).toBe('1');
    expect((await (await fetch(`${still.base}/api/v1/metadata`)).json()).data).toEqual({ temp: [{ type: 'gauge', help: '', unit: '' }] });
    write(2);
    await new Promise((r) => setTimeout(r, 600));
    expect(await value(still.base)).toBe('1');
    process.kill(still.pid, 'SIGHUP');
    expect(await eventually(() => value(still.base), '2')).toBe('2');
  });

  test('reloads on file change, and keeps the old data when the new file is broken', async () => {
    write(2);
    await server.start();
    expect(await value(server.base)).toBe('2');
    write(3);
    expect(await eventually(() => value(server.base), '3')).toBe('3');
    writeFileSync(file, 'temp{room= 1\n');
    process.kill(server.pid, 'SIGHUP');
    await new Promise((r) => setTimeout(r, 600));
    expect(await value(server.base)).toBe('3');
    expect(server.stderr).toMatch(/reload failed, keeping the previous data: .*data\.prom:1:/);
  });

  test('--remote-read serves another server\'s data (here: a promql serve)', async () => {
    const chained = new PromqlServe(CLI, [], ['--remote-read', `${still.base}/api/v1/read`]);
    try {
      await chained.start();
      expect(chained.stderr).toMatch(/remote read from http:/);
      expect(await value(chained.base)).toBe(await value(still.base));
      const series = await (await fetch(`${chained.base}/api/v1/series?match[]=temp`)).json();
      expect(series.data).toEqual([{ __name__: 'temp', room: 'a' }]);
    } finally {
      await chained.stop();
    }
  });

  test.each([
    [[], /give either --data FILE… or --remote-read URL/],
    [['--remote-read', 'ftp://x'], /--remote-read must be an http\(s\) URL/],
    [['--listen', 'nowhere'], /--listen must be host:port/],
    [['--query-timeout', 'soon'], /--query-timeout must be a positive duration/],
  ])('refuses %j', (args, message) => {
    const data = args.length === 0 || args[0] === '--remote-read' ? [] : ['--data', file];
    const r = spawnSync(process.execPath, [CLI, 'serve', ...data, ...args], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('a missing data file is a usage error', () => {
    const r = spawnSync(process.execPath, [CLI, 'serve', '--data', join(dir, 'nope.om')], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nope\.om/);
  });
});
