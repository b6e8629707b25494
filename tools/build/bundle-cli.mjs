// Bundles the `promql` command line (dist/src/cli/main.js, as tsc emitted it) into
// dist/src/bin/: one small entry, promql.js, and chunks that esbuild splits at the CLI's dynamic
// imports, so `check` and `format` load neither the engine nor the remote storages. Why: Node spends
// most of a short command's start-up resolving and compiling modules; ~90 files and their packages
// (yaml alone is ~70 CommonJS files) cost ~60 ms more than a few minified chunks.
// The bundle inlines the packages it uses; their licences are written to
// dist/src/bin/THIRD-PARTY-LICENSES.txt. The esbuild metafile (which sources each chunk holds) goes
// to dist/cli-bundle-meta.json, outside the package, for the start-up test.
import { build } from 'esbuild';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = join(root, 'dist', 'src', 'bin');
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  entryPoints: { promql: join(root, 'dist', 'src', 'cli', 'main.js') },
  outdir,
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: ['node20'],
  // The CommonJS packages inside the bundle require Node's built-ins; an ES module has no `require`.
  banner: { js: "import { createRequire as __promqlRequire } from 'node:module'; const require = __promqlRequire(import.meta.url);" },
  alias: { '#chevrotain': join(root, 'dist', 'vendor', 'chevrotain.mjs') },
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
chmodSync(join(outdir, 'promql.js'), 0o755);
writeFileSync(join(root, 'dist', 'cli-bundle-meta.json'), JSON.stringify(result.metafile));

/** The package directory and name of a bundled input path, or undefined for our own sources. */
function packageOf(input) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) return { name: m[1], dir: join(root, input.slice(0, m.index + m[0].length)) };
  if (input.startsWith('dist/vendor/chevrotain.mjs')) return { name: 'chevrotain', dir: join(root, 'node_modules', 'chevrotain') };
  return undefined;
}

const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const p = packageOf(input);
  if (p && !packages.has(p.name)) packages.set(p.name, p.dir);
}
// chevrotain's bundle carries parts of lodash-es.
if (packages.has('chevrotain')) packages.set('lodash-es', join(root, 'node_modules', 'lodash-es'));

const notices = ['The promql command line (this directory) bundles the following packages. Their licences follow.\n'];
for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = existsSync(dir) ? readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f)) : undefined;
  if (!pkg.license) throw new Error(`bundle-cli: ${name} declares no licence`);
  // A package that ships no licence file (@bufbuild/protobuf) is named with its SPDX identifier.
  const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `The package ships no licence file; its licence is ${pkg.license} (SPDX), as its package.json declares: https://www.npmjs.com/package/${name}`;
  notices.push(`${'='.repeat(78)}\n${name} ${pkg.version} (${pkg.license})\n${'='.repeat(78)}\n${text}\n`);
}
writeFileSync(join(outdir, 'THIRD-PARTY-LICENSES.txt'), notices.join('\n'));
