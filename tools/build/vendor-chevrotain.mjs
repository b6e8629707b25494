// Copies chevrotain's own single-file ESM bundle into dist/vendor/ for the `node` condition of
// the `#chevrotain` import (package.json "imports"). Why: chevrotain's package entry imports the
// whole of lodash-es file by file, which costs ~0.4 s of every CLI start; its bundle loads in ~20 ms.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// The package entry is <root>/lib/src/api.js; the bundle is <root>/lib/chevrotain.min.mjs.
const root = dirname(dirname(dirname(require.resolve('chevrotain'))));
const { version, license } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = new URL('../../dist/vendor/', import.meta.url);
mkdirSync(out, { recursive: true });
const header = `// chevrotain ${version} (${license}, https://github.com/Chevrotain/chevrotain), its published ` +
  'lib/chevrotain.min.mjs unchanged; it bundles parts of lodash-es (MIT, https://lodash.com).\n';
writeFileSync(new URL('chevrotain.mjs', out), header + readFileSync(join(root, 'lib/chevrotain.min.mjs'), 'utf8'));
