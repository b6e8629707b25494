// The parser skips chevrotain's grammar validations at run time (start-up cost); this test runs
// them, so a grammar change that introduces an ambiguity or left recursion still fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { PromQLGrammar } from '../../src/parser/grammar.js';

test('the grammar passes chevrotain\'s self-analysis validations', () => {
  expect(() => new PromQLGrammar(true)).not.toThrow();
});

test("the sources import chevrotain only as '#chevrotain' (one copy: the fast bundle under Node)", () => {
  // Two copies of chevrotain in one process would number token types twice; and the package
  // entry costs ~0.4 s of start-up (package.json "imports" explains the mapping).
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && /from 'chevrotain'|import\('chevrotain'\)/.test(readFileSync(p, 'utf8'))) offenders.push(p);
    }
  };
  walk(new URL('../../src', import.meta.url).pathname);
  expect(offenders).toEqual([]);
});
