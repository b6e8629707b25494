// The main entry point and promql-ts/server stay usable in browsers and workers: nothing they
// import, directly or not, needs `node:` modules (those live behind `promql-ts/testing`,
// `promql-ts/server/node` and the CLI).
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

/** Every file `entry` (relative to this test) reaches through relative imports, and those importing `node:` modules. */
function reach(entry: string): { seen: Set<string>; offenders: string[] } {
  const seen = new Set<string>();
  const stack = [new URL(entry, import.meta.url).pathname];
  const offenders: string[] = [];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    if (/from ['"]node:/.test(text)) offenders.push(file.replace(/.*\/dist\//, 'dist/'));
    for (const m of text.matchAll(/from '(\.[^']+)'/g)) stack.push(new URL(m[1], `file://${file}`).pathname);
  }
  return { seen, offenders };
}

test('dist/src/index.js imports no node: modules', () => {
  const { seen, offenders } = reach('../dist/src/index.js');
  expect(seen.size).toBeGreaterThan(50);
  expect(offenders).toEqual([]);
});

test('dist/src/server/index.js imports no node: modules; the Node adapter does', () => {
  const { seen, offenders } = reach('../dist/src/server/index.js');
  expect(seen.size).toBeGreaterThan(20);
  expect(offenders).toEqual([]);
  expect(reach('../dist/src/server/node.js').offenders).toEqual(['dist/src/server/node.js']);
});

test('rule groups read from text and evaluated need no node: modules, and bundle for browsers', async () => {
  for (const file of ['../dist/src/rules/parse-groups.js', '../dist/src/rules/evaluator.js', '../dist/src/storage/appendable.js']) {
    expect(reach(file).offenders).toEqual([]);
  }
  const { build } = await import('esbuild');
  const out = await build({
    stdin: {
      contents: "import { parseRuleGroups, RuleGroupsEvaluator, MemoryStorage } from './dist/src/index.js';\n"
        + 'const storage = new MemoryStorage();\n'
        + "storage.append({ __name__: 'up' }, 0, 1);\n"
        + "const rules = new RuleGroupsEvaluator({ groups: parseRuleGroups('groups: [{ name: g, rules: [{ record: r, expr: up * 2 }] }]'), storage });\n"
        + 'globalThis.result = rules.evalAt(0);\n',
      resolveDir: new URL('..', import.meta.url).pathname,
      sourcefile: 'rules-in-browser.js',
    },
    bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent',
  });
  expect(out.errors).toEqual([]);
  expect(out.outputFiles[0].text).not.toMatch(/from ["']node:/);
});
