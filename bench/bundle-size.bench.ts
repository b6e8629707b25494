// Bundle sizes: what a browser app pays for promql-ts (esbuild, minified, as a user's bundler would
// build it from the package entry, with tree shaking), and what the `promql` binary loads for its
// shortest commands (the chunks of dist/src/bin/, per tools/build/bundle-cli.mjs).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

const APPS: [string, string][] = [
  ['parse + format only', "import { parse, format } from './dist/src/index.js'; globalThis.out = format(parse('up'));"],
  ['checkText (lint)', "import { checkText } from './dist/src/index.js'; globalThis.out = checkText('q.promql', 'up');"],
  ['engine over MemoryStorage', "import { Engine, MemoryStorage } from './dist/src/index.js'; globalThis.out = new Engine({ storage: new MemoryStorage() }).instantQuery('up', 0);"],
];

console.log('browser bundles (esbuild --bundle --minify, platform browser):');
for (const [name, contents] of APPS) {
  const r = await build({
    stdin: { contents, resolveDir: root, sourcefile: 'app.js' },
    bundle: true, minify: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent',
  });
  const text = r.outputFiles[0].contents;
  console.log(`  ${name.padEnd(28)} ${kb(text.length).padStart(8)} minified, ${kb(gzipSync(text).length).padStart(7)} gzipped`);
}

const meta = JSON.parse(readFileSync(new URL('../cli-bundle-meta.json', import.meta.url), 'utf8')) as {
  outputs: Record<string, { bytes: number; imports: { path: string; kind: string }[]; entryPoint?: string }>;
};
/** The bytes of an output chunk and of every chunk it imports statically. */
function staticClosure(path: string, seen = new Set<string>()): number {
  if (seen.has(path)) return 0;
  seen.add(path);
  const o = meta.outputs[path];
  return o.bytes + o.imports.filter((i) => i.kind === 'import-statement' && i.path in meta.outputs).reduce((a, i) => a + staticClosure(i.path, seen), 0);
}
const outputs = Object.keys(meta.outputs).filter((p) => p.endsWith('.js'));
const entry = outputs.find((p) => p.endsWith('/promql.js'))!;
const command = (name: string) => outputs.find((p) => p.includes(`/commands-${name}-`))!;
const seen = new Set<string>();
const base = staticClosure(entry, seen);
console.log(`promql binary (dist/src/bin): ${outputs.length} files, ${kb(outputs.reduce((a, p) => a + meta.outputs[p].bytes, 0))} in all`);
for (const name of ['check', 'parse']) {
  const s = new Set(seen);
  console.log(`  start-up + ${name === 'parse' ? 'format' : name} command code: ${kb(base + staticClosure(command(name), s))} loaded`);
}
