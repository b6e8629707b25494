// Runs every compiled benchmark in dist/bench, one after another.
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const dir = new URL('../dist/bench/', import.meta.url);
for (const f of readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort()) {
  console.log(`\n## ${f}`);
  await import(pathToFileURL(new URL(f, dir).pathname).href);
}
