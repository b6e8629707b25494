// README's vitest example is the file test/testing/readme-example.test.ts, verbatim.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

test('README shows readme-example.test.ts as it is', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.test.ts', import.meta.url), 'utf8').split('\n').slice(1).join('\n');
  expect(readme).toContain('```ts\n' + example + '```');
});
