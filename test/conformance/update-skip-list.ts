// Regenerates skip-list.json from a run of ../shared/promqltest: only evals that fail because a
// feature is not supported yet are listed, each with that reason. Wrong answers are never listed.
// Run: npx tsx test/conformance/update-skip-list.ts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { runTestScript } from '../../src/promqltest/runner.js';
import type { SkipEntry } from '../../src/promqltest/skip-list.js';

const dir = new URL('../../../shared/promqltest/', import.meta.url);

function reason(message: string): string {
  if (/function "info"/.test(message)) return 'needs info() (experimental; not implemented yet)';
  const fn = /function "(\w+)" is not implemented/.exec(message);
  if (fn) return `needs function ${fn[1]} (not implemented yet)`;
  if (/native histograms/.test(message)) return 'needs native histograms (not supported yet)';
  if (/anchored|smoothed/.test(message)) return 'needs anchored/smoothed range selectors (not supported yet)';
  if (/start timestamps/.test(message)) return 'needs start timestamps (@st loading; not supported yet)';
  return `unsupported: ${message.slice(0, 120)}`;
}

const entries: SkipEntry[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.test')).sort()) {
  const r = await runTestScript(readFileSync(new URL(file, dir), 'utf8'), { file });
  for (const f of r.failures) if (f.unsupported) entries.push({ file, line: f.line, reason: reason(f.message) });
}
writeFileSync(new URL('./skip-list.json', import.meta.url), JSON.stringify(entries, null, 0).replace(/\},\{/g, '},\n{') + '\n');
console.log(`${entries.length} entries`);
