#!/usr/bin/env node
// Builds the query page into dist/web: one bundled, minified app.js (CodeMirror, codemirror-promql,
// uPlot and promql-ts's checker), app.css and index.html. No CDN: everything the page needs is here.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'web');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  platform: 'browser',
  sourcemap: false,
  legalComments: 'linked',
  logLevel: 'warning',
});
const uplotCss = readFileSync(createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css'), 'utf8');
writeFileSync(join(out, 'app.css'), `${uplotCss}\n${readFileSync(join(here, 'style.css'), 'utf8')}`);
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
