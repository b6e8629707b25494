// Start-up cost: which modules the built `promql` binary loads for a command. Checking or
// formatting a query must not load the evaluation engine, the data loaders or the remote
// storages; `check --data` does load them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const BIN = new URL('../../dist/src/cli/main.js', import.meta.url).pathname;
const EXAMPLE = new URL('../../examples/node.om', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'promql-imports-'));
// A module-resolution hook that prints every file URL the process loads to stderr.
writeFileSync(join(dir, 'hook.mjs'), `export async function resolve(s, c, next) {
  const r = await next(s, c);
  if (r.url.startsWith('file:')) process.stderr.write('LOADED ' + r.url + '\\n');
  return r;
}\n`);
writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n`);

/** The dist/ modules (paths below dist/src/) and packages a `promql` command line loads. */
function loaded(args: string[]): string[] {
  const r = spawnSync('node', ['--import', join(dir, 'register.mjs'), BIN, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  expect(r.status).toBe(0);
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7));
}

const HEAVY = ['/dist/src/eval/engine.js', '/dist/src/storage/load-files.js', '/dist/src/storage/remote/', '@bufbuild/protobuf'];

describe('modules loaded per command', () => {
  test('check --expr loads no engine, data loader or remote storage', () => {
    const mods = loaded(['check', '--expr', 'sum(rate(x[5m]))']);
    expect(mods.some((m) => m.endsWith('/dist/src/parser/parse.js'))).toBe(true);
    for (const h of HEAVY) expect(mods.filter((m) => m.includes(h))).toEqual([]);
  });

  test('format loads no engine, data loader or remote storage', () => {
    const mods = loaded(['format', 'up']);
    for (const h of HEAVY) expect(mods.filter((m) => m.includes(h))).toEqual([]);
  });

  test('check --data loads the engine and the data loaders', () => {
    const mods = loaded(['check', '--data', EXAMPLE, '--expr', 'up']);
    expect(mods.some((m) => m.endsWith('/dist/src/eval/engine.js'))).toBe(true);
    expect(mods.some((m) => m.endsWith('/dist/src/storage/load-files.js'))).toBe(true);
  });
});
