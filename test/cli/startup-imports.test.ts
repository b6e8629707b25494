// Start-up cost: which sources the built `promql` binary loads for a command. Checking or
// formatting a query must not load the evaluation engine, the data loaders or the remote
// storages; `check --data` does load them. The binary is a bundle (tools/build/bundle-cli.mjs):
// each chunk it loads is mapped back to the sources it holds through esbuild's metafile.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const BIN = new URL('../../dist/src/bin/promql.js', import.meta.url).pathname;
const EXAMPLE = new URL('../../examples/node.om', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'promql-imports-'));
// A module-resolution hook that prints every file URL the process loads to stderr.
writeFileSync(join(dir, 'hook.mjs'), `export async function resolve(s, c, next) {
  const r = await next(s, c);
  if (r.url.startsWith('file:')) process.stderr.write('LOADED ' + r.url + '\\n');
  return r;
}\n`);
writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n`);

const META = JSON.parse(readFileSync(new URL('../../dist/cli-bundle-meta.json', import.meta.url), 'utf8')) as {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
};

/** The sources (dist/ modules and package files, as paths) a `promql` command line loads. */
function loaded(args: string[]): string[] {
  const r = spawnSync('node', ['--import', join(dir, 'register.mjs'), BIN, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  expect(r.status).toBe(0);
  const chunks = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7));
  expect(chunks.length).toBeGreaterThan(0);
  return chunks.flatMap((url) => {
    const out = Object.entries(META.outputs).find(([path]) => url.endsWith(`/${path}`));
    expect(out, `${url} is not in the bundle's metafile`).toBeDefined();
    return Object.keys(out![1].inputs).map((p) => `/${p}`);
  });
}

const HEAVY = ['/dist/src/eval/engine.js', '/dist/src/storage/load-files.js', '/dist/src/storage/remote/', '@bufbuild/protobuf'];


describe('modules loaded per command', () => {
  test('check --expr loads no engine, data loader or remote storage', () => {
    const mods = loaded(['check', '--expr', 'sum(rate(x[5m]))']);
    expect(mods.some((m) => m.endsWith('/dist/src/parser/parse.js'))).toBe(true);
    for (const h of HEAVY) expect(mods.filter((m) => m.includes(h))).toEqual([]);
  });

  test('a query file is checked without the YAML parser; a rule file loads it', () => {
    const queries = join(dir, 'q.promql');
    writeFileSync(queries, 'sum(rate(x_total[5m]))\n');
    const rules = join(dir, 'r.yml');
    writeFileSync(rules, 'groups:\n- name: g\n  rules:\n  - record: r\n    expr: sum(x)\n');
    const yaml = (mods: string[]) => mods.filter((m) => m.includes('/node_modules/yaml/'));
    expect(yaml(loaded(['check', '--no-config', queries]))).toEqual([]);
    expect(yaml(loaded(['check', '--no-config', rules])).length).toBeGreaterThan(0);
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
