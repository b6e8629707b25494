// The parser reads its lookahead paths from a generated table instead of computing them at
// start-up. These tests fail when the table no longer matches the grammar, and check that the
// lookahead functions built from it choose exactly as chevrotain's own functions do.
import { createToken, createTokenInstance, EmbeddedActionsParser, type IToken, type TokenType } from '#chevrotain';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import * as T from '../../src/lexer/tokens.js';
import { MAX_LOOKAHEAD, PromQLGrammar } from '../../src/parser/grammar.js';
import { alternationLookahead, optionalLookahead } from '../../src/parser/lookahead-functions.js';
import { computeLookaheadTable } from '../../src/parser/lookahead-paths.js';
import { lookaheadKey, TableLookaheadStrategy } from '../../src/parser/lookahead-strategy.js';
import { LOOKAHEAD_TABLE } from '../../src/parser/lookahead-table.generated.js';

const REGENERATE = 'node --import tsx tools/build/lookahead-table.mjs';

const reference = new PromQLGrammar(false, 'chevrotain');
const fromTable = new PromQLGrammar();

describe('the generated lookahead table', () => {
  test('holds exactly the paths chevrotain computes for the grammar', () => {
    const fresh = computeLookaheadTable(Object.values(reference.getGAstProductions()), MAX_LOOKAHEAD);
    const stale = [
      ...Object.keys(fresh).filter((k) => JSON.stringify(fresh[k]) !== JSON.stringify(LOOKAHEAD_TABLE[k])),
      ...Object.keys(LOOKAHEAD_TABLE).filter((k) => !(k in fresh)),
    ];
    expect(stale, `src/parser/lookahead-table.generated.ts is stale for these productions: run ${REGENERATE}`).toEqual([]);
  });

  test('gives the parser every path: none is computed at start-up', () => {
    expect(fromTable.tableLookahead?.computed).toEqual([]);
  });

  test('names each token type by a name no other token type has', () => {
    const names = T.ALL_TOKENS.map((t) => t.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});

describe('the table strategy', () => {
  test('computes the paths of a production the table lacks, or has for another depth', () => {
    const key = lookaheadKey('fragment', 'Alternation', 0);
    const table = { ...LOOKAHEAD_TABLE, [key]: { ...LOOKAHEAD_TABLE[key]!, k: 3 } };
    const g = new PromQLGrammar();
    const s = new TableLookaheadStrategy(table, T.ALL_TOKENS, MAX_LOOKAHEAD);
    const rule = g.getGAstProductions()['fragment']!;
    s.buildLookaheadForAlternation({ prodOccurrence: 0, rule, maxLookahead: 2, hasPredicates: false, dynamicTokensEnabled: false });
    expect(s.computed).toEqual([key]);
  });

  test('computes the paths of an entry that names an unknown token type', () => {
    const key = lookaheadKey('fragment', 'Alternation', 0);
    const table = { [key]: { k: 2, paths: [[['NO_SUCH_TOKEN']], [['RIGHT_PAREN']]] } };
    const s = new TableLookaheadStrategy(table, T.ALL_TOKENS, MAX_LOOKAHEAD);
    const rule = fromTable.getGAstProductions()['fragment']!;
    s.buildLookaheadForAlternation({ prodOccurrence: 0, rule, maxLookahead: 2, hasPredicates: false, dynamicTokensEnabled: false });
    expect(s.computed).toEqual([key]);
  });
});

/** The lookahead functions a parser built, by chevrotain's key (rule, DSL method, occurrence). */
function lookaheadFunctions(g: PromQLGrammar): Map<number, (this: unknown, alts?: unknown) => unknown> {
  return (g as unknown as { lookAheadFuncsCache: Map<number, (this: unknown, alts?: unknown) => unknown> }).lookAheadFuncsCache;
}

// Token types the lexer produces (categories are only matched through their members).
const concrete = T.ALL_TOKENS.filter((t) => (t.categoryMatches ?? []).length === 0);
const token = (t: TokenType): IToken => createTokenInstance(t, t.name, 0, 0, 1, 1, 1, 1);

/** Whether `xs` is `ys` with some elements left out (order kept). */
function isSubsequence(xs: readonly number[], ys: readonly number[]): boolean {
  let j = 0;
  for (const x of xs) {
    while (j < ys.length && ys[j] !== x) j++;
    if (j === ys.length) return false;
    j++;
  }
  return true;
}

describe("the parser's lookahead functions", () => {
  test('are built for the same productions as chevrotain builds', () => {
    expect([...lookaheadFunctions(fromTable).keys()].sort()).toEqual([...lookaheadFunctions(reference).keys()].sort());
  });

  test('choose as chevrotain\'s do for any tokens ahead and any gate values', () => {
    const ours = lookaheadFunctions(fromTable);
    const theirs = lookaheadFunctions(reference);
    fc.assert(fc.property(
      fc.array(fc.constantFrom(...concrete), { minLength: 3, maxLength: 3 }),
      fc.array(fc.option(fc.boolean()), { minLength: 10, maxLength: 10 }),
      (types, gates) => {
        const run = (g: PromQLGrammar, fn: (this: unknown, alts?: unknown) => unknown) => {
          const calls: number[] = [];
          const alts = gates.map((v, i) => (v === null ? {} : { GATE: () => (calls.push(i), v) }));
          g.input = types.map(token);
          return { choice: fn.call(g, alts), calls };
        };
        for (const [key, fn] of ours) {
          const mine = run(fromTable, fn);
          const chevrotains = run(reference, theirs.get(key)!);
          expect(mine.choice, `lookahead ${key}`).toBe(chevrotains.choice);
          // Ours skips the gates of alternatives that cannot start with the next token; those it
          // evaluates, it evaluates in chevrotain's order.
          expect(isSubsequence(mine.calls, chevrotains.calls), `gates of lookahead ${key}`).toBe(true);
        }
      },
    ), { numRuns: 1000 });
  });
});

describe('lookahead functions from paths', () => {
  // A small vocabulary of its own, with a category, registered with chevrotain by a parser.
  const Cat = createToken({ name: 'Cat', pattern: /NA/ });
  const A = createToken({ name: 'A', pattern: /a/, categories: [Cat] });
  const B = createToken({ name: 'B', pattern: /b/, categories: [Cat] });
  const C = createToken({ name: 'C', pattern: /c/ });
  class Vocabulary extends EmbeddedActionsParser {
    constructor() {
      super([Cat, A, B, C]);
      this.performSelfAnalysis();
    }
  }
  const host = new Vocabulary();
  const at = (...types: TokenType[]) => {
    host.input = types.map(token);
    return host as unknown as { LA_FAST(i: number): IToken };
  };

  test.each([
    ['single tokens, a category', [[[Cat]], [[C]]], [A, C], 0],
    ['single tokens, the first alternative wins', [[[A]], [[Cat]]], [B, C], 1],
    ['single tokens, no match', [[[A]], [[B]]], [C, C], undefined],
    ['two tokens', [[[A, C]], [[A, B]]], [A, B], 1],
    ['an empty path', [[[A, C]], [[]]], [C, C], 1],
  ] as const)('an alternation: %s', (_name, alts, ahead, expected) => {
    const fn = alternationLookahead(alts as unknown as TokenType[][][], false);
    expect(fn.call(at(...ahead), [])).toBe(expected);
  });

  test('an alternation with gates skips an alternative whose gate fails, and evaluates gates in order', () => {
    const fn = alternationLookahead([[[A]], [[Cat]], [[C]]], true);
    const calls: string[] = [];
    const gate = (name: string, v: boolean) => () => (calls.push(name), v);
    expect(fn.call(at(A, C), [{ GATE: gate('a', false) }, { GATE: gate('cat', true) }, { GATE: gate('c', true) }])).toBe(1);
    expect(calls).toEqual(['a', 'cat']);
    expect(fn.call(at(A, C), [{ GATE: gate('a', false) }, {}, {}])).toBe(1);
    expect(fn.call(at(C, C), [{}, { GATE: gate('cat', false) }, { GATE: gate('c', false) }])).toBe(undefined);
  });

  test('an alternation with gates does not evaluate the gates of alternatives that cannot start with the next token', () => {
    const fn = alternationLookahead([[[A, C]], [[C]], [[B], [A]]], true);
    const calls: string[] = [];
    const gate = (name: string, v: boolean) => () => (calls.push(name), v);
    const alts = () => [{ GATE: gate('ac', false) }, { GATE: gate('c', true) }, { GATE: gate('b|a', true) }];
    expect(fn.call(at(A, C), alts())).toBe(2);
    expect(calls).toEqual(['ac', 'b|a']);
    calls.length = 0;
    expect(fn.call(at(C, C), alts())).toBe(1);
    expect(calls).toEqual(['c']);
    calls.length = 0;
    // No alternative starts with a token outside all the paths: no gate is evaluated.
    const D = createToken({ name: 'D', pattern: /d/ });
    expect(fn.call(at(D, C), alts())).toBe(undefined);
    expect(calls).toEqual([]);
  });

  test('an alternative with an empty path is a candidate for any next token', () => {
    const fn = alternationLookahead([[[A, C]], [[]]], false);
    expect(fn.call(at(A, C))).toBe(0);
    expect(fn.call(at(A, A))).toBe(1);
    expect(fn.call(at(C, C))).toBe(1);
  });

  test.each([
    ['one token', [[A]], [A], true],
    ['one token, other', [[A]], [B], false],
    ['a category', [[Cat]], [B], true],
    ['two tokens', [[A, C], [B]], [A, C], true],
    ['two tokens, second differs', [[A, C]], [A, A], false],
  ] as const)('an optional production: %s', (_name, inside, ahead, expected) => {
    const fn = optionalLookahead(inside as unknown as TokenType[][]);
    expect(fn.call(at(...ahead))).toBe(expected);
  });
});
