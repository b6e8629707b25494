// The main entry point stays usable in browsers: nothing it imports, directly or not, needs
// `node:` modules (those live behind `promql-ts/testing` and the CLI).
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

test('dist/src/index.js imports no node: modules', () => {
  const seen = new Set<string>();
  const stack = [new URL('../dist/src/index.js', import.meta.url).pathname];
  const offenders: string[] = [];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    if (/from ['"]node:/.test(text)) offenders.push(file);
    for (const m of text.matchAll(/from '(\.[^']+)'/g)) stack.push(new URL(m[1], `file://${file}`).pathname);
  }
  expect(seen.size).toBeGreaterThan(50);
  expect(offenders).toEqual([]);
});
