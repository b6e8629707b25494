// promql-ts/server stays web-standard: nothing it imports, directly or not, needs `node:` modules
// (the Node adapter is promql-ts/server/node), so the handler runs in Deno, Bun and workers.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

test('dist/src/server/index.js imports no node: modules; server/node.js does', () => {
  const reach = (entry: string) => {
    const seen = new Set<string>();
    const stack = [new URL(entry, import.meta.url).pathname];
    const offenders: string[] = [];
    while (stack.length) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      if (/from ['"]node:/.test(text)) offenders.push(file.replace(/.*dist\//, 'dist/'));
      for (const m of text.matchAll(/from '(\.[^']+)'/g)) stack.push(new URL(m[1], `file://${file}`).pathname);
    }
    return { seen, offenders };
  };
  const web = reach('../../dist/src/server/index.js');
  expect(web.seen.size).toBeGreaterThan(20);
  expect(web.offenders).toEqual([]);
  expect(reach('../../dist/src/server/node.js').offenders).toEqual(['dist/src/server/node.js']);
});
