// The package as users get it: `npm pack`, installed into a fresh project (the tarball unpacked
// into its node_modules, its dependencies linked from ours, as an offline install would place
// them), then the README's library and vitest examples type-checked and run there.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const OUR_MODULES = join(ROOT, 'node_modules');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The first ```ts block after a README heading. */
function readmeBlock(heading: string): string {
  const at = README.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README has no heading ${heading}`);
  const m = /```ts\n([\s\S]*?)```/.exec(README.slice(at));
  if (!m) throw new Error(`no ts block after ${heading}`);
  return m[1];
}

/** A user's own Storage over plain arrays: equality and regex matchers, sorted unless told not to. */
const TINY_STORAGE = `import { compareLabels, type Series, type SelectRequest, type Storage } from 'promql-ts';
import type { ContractSeries } from 'promql-ts/testing/storage-contract';

export class TinyStorage implements Storage {
  constructor(private readonly held: readonly ContractSeries[], private readonly sorted = true) {}
  select(req: SelectRequest): Series[] {
    const out = this.held
      .filter((s) => req.matchers.every((m) => {
        const v = s.labels.find((l) => l.name === m.name)?.value ?? '';
        const re = new RegExp(\`^(?:\${m.value})$\`, 's');
        return m.op === '=' ? v === m.value : m.op === '!=' ? v !== m.value : m.op === '=~' ? re.test(v) : !re.test(v);
      }))
      .map((s) => ({ labels: s.labels, timestamps: s.samples.map((x) => x.t), values: s.samples.map((x) => x.v) }));
    return this.sorted ? out.sort((a, b) => compareLabels(a.labels, b.labels)) : out.reverse();
  }
}
`;

const CONTRACT_TEST = (name: string, make: string) => `import { describeStorageContract } from 'promql-ts/testing/storage-contract';
import { TinyStorage } from './tiny-storage.js';

describeStorageContract('${name}', (series) => ${make});
`;

let project: string;
let tarball: string;
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'promql-ts-pack-'));
  // --ignore-scripts: `npm test` has just built dist/, so no second build for `prepare`.
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', project], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  tarball = join(project, name);
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, 'promql-ts'), { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', join(modules, 'promql-ts'), '--strip-components=1']);
  for (const dep of readdirSync(OUR_MODULES)) {
    if (dep === 'promql-ts' || dep.startsWith('.')) continue;
    symlinkSync(join(OUR_MODULES, dep), join(modules, dep));
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh', private: true, type: 'module' }));
  const compilerOptions = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', skipLibCheck: true };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, types: ['node'] }, include: ['library.ts', 'evaluating.ts', 'readme.test.ts', 'tiny-storage.ts', 'storage.contract.ts'] }));
  // A program of its own: the import in readme.test.ts would type the matchers for every file of
  // its program. With setupFiles the matchers are typed by naming the module in `types`.
  writeFileSync(join(project, 'tsconfig.setup.json'), JSON.stringify({
    compilerOptions: { ...compilerOptions, noEmit: true, types: ['node', 'promql-ts/testing/vitest'] }, include: ['setup-files.test.ts'],
  }));
  writeFileSync(join(project, 'library.ts'), readmeBlock('## Library'));
  writeFileSync(join(project, 'evaluating.ts'), readmeBlock('### Evaluating queries'));
  const vitestExample = readmeBlock('## Test queries in vitest');
  writeFileSync(join(project, 'readme.test.ts'), vitestExample);
  // The same tests with the matchers registered only through setupFiles (no import in the file).
  writeFileSync(join(project, 'setup-files.test.ts'), vitestExample.replace("import 'promql-ts/testing/vitest';\n", ''));
  // A tiny storage of the user's own, run through the shipped contract suite; a broken copy (series
  // unsorted) must fail it.
  writeFileSync(join(project, 'tiny-storage.ts'), TINY_STORAGE);
  writeFileSync(join(project, 'storage.contract.ts'), CONTRACT_TEST('TinyStorage', 'new TinyStorage(series)'));
  writeFileSync(join(project, 'broken.contract.ts'), CONTRACT_TEST('UnsortedStorage', 'new TinyStorage(series, false)'));
  for (const which of ['storage', 'broken']) {
    writeFileSync(join(project, `vitest.${which}.config.ts`), `import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['${which}.contract.ts'] } });\n`);
  }
  writeFileSync(join(project, 'vitest.config.ts'), "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['*.test.ts'], setupFiles: ['promql-ts/testing/vitest'] } });\n");
}, 120_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  test('holds the examples, the LICENSE, the vendored parser bundle, and source maps with their sources', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const f of ['package/LICENSE', 'package/examples/node.om', 'package/dist/vendor/chevrotain.mjs', 'package/dist/src/index.js', 'package/dist/src/bin/promql.js', 'package/dist/src/bin/THIRD-PARTY-LICENSES.txt']) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toBe(false);
    const map = JSON.parse(readFileSync(join(project, 'node_modules/promql-ts/dist/src/parser/parse.js.map'), 'utf8'));
    expect(map.sourcesContent?.[0]).toContain('export function parse(');
    expect(readFileSync(join(project, 'node_modules/promql-ts/LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
  });

  test("the README's library and vitest examples type-check in a fresh project", () => {
    for (const config of ['tsconfig.json', 'tsconfig.setup.json']) {
      const tsc = run(process.execPath, [join(OUR_MODULES, 'typescript/bin/tsc'), '-p', config]);
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
    }
  });

  test("the README's library examples run", () => {
    const lib = run(process.execPath, ['out/library.js']);
    expect(lib.stderr).toBe('');
    expect(lib.stdout).toContain('AggregateExpr\nsum by (job) (rate(http_requests_total[5m]))\n');
    const evaluating = run(process.execPath, ['out/evaluating.js']);
    expect(evaluating.stderr).toBe('');
    expect(evaluating.status).toBe(0);
    expect(evaluating.stdout).toContain('vector');
  });

  test("the README's vitest example passes, imported or through setupFiles", () => {
    const v = run(process.execPath, [join(OUR_MODULES, 'vitest/vitest.mjs'), 'run', '--reporter=dot']);
    expect(v.stdout + v.stderr).toMatch(/Tests\s+6 passed \(6\)/);
    expect(v.stderr).not.toMatch(/sourcemap|Sourcemap/);
    expect(v.status).toBe(0);
  });

  test('the shipped Storage contract suite passes a correct storage and fails a broken one', () => {
    const ok = run(process.execPath, [join(OUR_MODULES, 'vitest/vitest.mjs'), 'run', '--reporter=dot', '--config', 'vitest.storage.config.ts']);
    expect(ok.stdout + ok.stderr).toMatch(/Tests\s+9 passed \(9\)/);
    expect(ok.status).toBe(0);
    const broken = run(process.execPath, [join(OUR_MODULES, 'vitest/vitest.mjs'), 'run', '--reporter=dot', '--config', 'vitest.broken.config.ts']);
    expect(broken.stdout + broken.stderr).toMatch(/sorted by labels/);
    expect(broken.status).toBe(1);
  });

  test('the installed binary answers --version and queries the bundled example', () => {
    const bin = join(project, 'node_modules/promql-ts/dist/src/bin/promql.js');
    expect(existsSync(bin)).toBe(true);
    expect(run(process.execPath, [bin, '--version']).stdout).toBe(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
    const q = run(process.execPath, [bin, 'query', 'count(node_memory_MemTotal_bytes)', '--data', 'node_modules/promql-ts/examples/node.om']);
    expect(q.stdout).toBe('{} 2\n');
  });
});
