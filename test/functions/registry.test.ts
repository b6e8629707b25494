// The signature table (read by the checker) and the implementation table (read by the evaluator)
// must name exactly the same functions.
import { expect, test } from 'vitest';
import { FUNCTION_SIGNATURES } from '../../src/parser/functions.js';
import { FUNCTION_IMPLEMENTATIONS } from '../../src/functions/registry.js';

test('every signed function has an implementation and vice versa', () => {
  const signed = [...FUNCTION_SIGNATURES.keys()].sort();
  const implemented = [...FUNCTION_IMPLEMENTATIONS.keys()].sort();
  expect(implemented).toEqual(signed);
});
