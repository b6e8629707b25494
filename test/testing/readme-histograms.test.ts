// README's native-histogram commands run as written and print what README shows after them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const BIN = new URL('../../dist/src/bin/promql.js', import.meta.url).pathname;
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### Native histograms'));
const block = section.slice(section.indexOf('```sh\n') + 6, section.indexOf('```', section.indexOf('```sh\n') + 6));

/** The commands of the block with the output lines README shows after each (`# …`, remarks in parentheses dropped). */
function commands(): { args: string[]; expected: string[] }[] {
  const out: { args: string[]; expected: string[] }[] = [];
  const lines = block.replace(/\\\n\s*/g, '').split('\n').filter((l) => l !== '');
  for (const l of lines) {
    if (l.startsWith('npx promql ')) out.push({ args: shellWords(l.slice('npx promql '.length)), expected: [] });
    else if (l.startsWith('# ')) out[out.length - 1].expected.push(l.slice(2).replace(/\s+\(.*\)$/, ''));
  }
  return out;
}

/** Splits a command line into words: single-quoted strings and bare words. */
function shellWords(s: string): string[] {
  return [...s.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

test('README has native-histogram commands', () => {
  expect(commands().length).toBeGreaterThanOrEqual(3);
});

test.each(commands().map((c) => [c.args.join(' '), c] as const))('%s', (_name, c) => {
  const r = spawnSync('node', [BIN, ...c.args], { encoding: 'utf8', cwd: root });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout.trimEnd().split('\n')).toEqual(c.expected);
});
