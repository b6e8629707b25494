// Properties of the parser and printer, over generated trees and arbitrary input.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from '../../src/parser/parse.js';
import { format } from '../../src/parser/format.js';
import { ParseError } from '../../src/errors.js';
import { ALL_FEATURES, stripPos } from './helpers.js';
import { vectorExpr, scalarExpr } from './arbitraries.js';

// 10,000 runs by default; PROMQL_PROPERTY_RUNS overrides (more when hunting, fewer when iterating).
const RUNS = Number(process.env.PROMQL_PROPERTY_RUNS ?? 10000);

describe('printer and parser agree', () => {
  test('parse(format(ast)) equals ast up to positions', () => {
    fc.assert(fc.property(fc.oneof(vectorExpr, scalarExpr), (ast) => {
      const text = format(ast);
      expect(stripPos(parse(text, ALL_FEATURES))).toEqual(stripPos(ast));
    }), { numRuns: RUNS });
  });

  test('format is stable: format(parse(format(ast))) === format(ast)', () => {
    fc.assert(fc.property(vectorExpr, (ast) => {
      const text = format(ast);
      expect(format(parse(text, ALL_FEATURES))).toBe(text);
    }), { numRuns: Math.ceil(RUNS / 3) });
  });
});

const PIECES = ['sum', 'by', '(', ')', '{', '}', '[', ']', '5m', ':', 'offset', '@', '"a"', 'x', '=~', ',', '+', '-', '^',
  'rate', 'on', 'group_left', 'bool', '1e3', '0x1', '#', '\n', ' ', '`', "'", '\\', 'é', 'start()', 'step()', '!', '=='];

describe('parse never misbehaves', () => {
  const onlyParseErrors = (input: string) => {
    try {
      parse(input, ALL_FEATURES);
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      expect((e as ParseError).diagnostics.length).toBeGreaterThan(0);
    }
  };

  test('arbitrary strings give an AST or a ParseError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), onlyParseErrors), { numRuns: RUNS });
  });

  test('token soup gives an AST or a ParseError', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 25 }).map((a) => a.join('')), onlyParseErrors),
      { numRuns: RUNS * 2 });
  });
});
