// README's code examples are files that run: test/testing/readme-example.test.ts (a vitest file)
// and examples/limits.mjs (run with the built package), shown in README verbatim.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('README shows readme-example.test.ts as it is', () => {
  const example = readFileSync(new URL('./readme-example.test.ts', import.meta.url), 'utf8').split('\n').slice(1).join('\n');
  expect(readme).toContain('```ts\n' + example + '```');
});

test('README shows examples/limits.mjs as it is, and it prints what README says', () => {
  const path = new URL('../../examples/limits.mjs', import.meta.url).pathname;
  expect(readme).toContain('```js\n' + readFileSync(path, 'utf8') + '```');
  const r = spawnSync('node', [path], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(
    'timeout - query timed out in expression evaluation\n' +
    'cancelled - query was canceled in expression evaluation\n' +
    'limit - query processing would load too many samples into memory in query execution\n',
  );
  expect(readme).toContain('```\n' + r.stdout + '```');
});
