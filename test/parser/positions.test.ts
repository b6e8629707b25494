// Token to position conversion: chevrotain's inclusive endOffset becomes the AST's exclusive end.
import type { IToken } from 'chevrotain';
import { expect, test } from 'vitest';
import { parse } from '../../src/index.js';
import { tokenEnd, tokenPos } from '../../src/parser/positions.js';

const tok = (startOffset: number, endOffset: number) => ({ startOffset, endOffset, image: '' }) as IToken;

test.each([
  ['one token', tokenPos(tok(3, 5)), { start: 3, end: 6 }],
  ['first to last token', tokenPos(tok(3, 5), tok(9, 9)), { start: 3, end: 10 }],
  ['token to a node end', tokenPos(tok(3, 5), 12), { start: 3, end: 12 }],
])('%s', (_, got, want) => {
  expect(got).toEqual(want);
});

test('tokenEnd is one past the last character', () => {
  expect(tokenEnd(tok(0, 0))).toBe(1);
});

test('parsed nodes cover their source text exactly', () => {
  const q = '-sum(rate(x{a="é"}[5m]))';
  const e = parse(q);
  expect(e.pos).toEqual({ start: 0, end: q.length });
});
