// The parser skips chevrotain's grammar validations at run time (start-up cost); this test runs
// them, so a grammar change that introduces an ambiguity or left recursion still fails here.
import { expect, test } from 'vitest';
import { PromQLGrammar } from '../../src/parser/grammar.js';

test('the grammar passes chevrotain\'s self-analysis validations', () => {
  expect(() => new PromQLGrammar(true)).not.toThrow();
});
