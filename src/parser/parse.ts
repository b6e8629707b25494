// The public parsing entry points: parse() throws ParseError, check() returns diagnostics.
import { tokenMatcher, createTokenInstance, type IRecognitionException, type IToken } from '#chevrotain';
import { lex, type LexError } from '../lexer/lexer.js';
import * as T from '../lexer/tokens.js';
import type { Expr, Pos } from './ast.js';
import { PromQLGrammar, type ParserOptions } from './grammar.js';
import {
  deepestToken, FragmentFailed, FragmentVectors, FRAGMENTS, planFragments, type FragmentFailure, type FragmentRange,
} from './fragments.js';
import { checkExpr } from './checker.js';
import { renderPos, lineCol, tokenPos } from './positions.js';
import { ParseError, type Diagnostic } from '../errors.js';
import { runToEnd } from '../util/deep.js';
import { describeToken } from './token-description.js';

export type { ParserOptions };

let grammar: PromQLGrammar | null = null;

/** The parse result: the tree (if one could be built) and every problem found. */
export interface ParseResult {
  expr: Expr | null;
  diagnostics: Diagnostic[];
}

function diagnostic(query: string, message: string, pos: Pos): Diagnostic {
  const { line, column } = lineCol(query, pos.start);
  return { severity: 'error', message, pos, line, column, text: `${renderPos(query, pos)}: parse error: ${message}` };
}

/**
 * The problem reported where a JS limit stops a deeply nested query (see README: only duration
 * parentheses nested past the stack, or a pretty text longer than a JS string). Without the
 * query text (a tree was given), line and column are 0.
 */
export function nestedTooDeeply(query: string | null, pos: Pos): Diagnostic {
  const message = 'expression nested too deeply';
  if (query !== null) return diagnostic(query, message, pos);
  return { severity: 'error', message, pos, line: 0, column: 0, text: `parse error: ${message}` };
}

const AFTER_GROUP = { context: 'grouping opts', expected: '"("' };

function syntaxMessage(e: IRecognitionException, g: PromQLGrammar, tokens: IToken[]): string {
  const tok = e.token;
  let ctx = g.ctx;
  // Right after group_left/group_right, yacc is still in a state whose error item is the
  // grouping-labels one, so a token that can start neither labels nor an operand is reported there.
  const i = tokens.indexOf(tok);
  const afterGroup = i > 0 && (tokenMatcher(tokens[i - 1], T.GroupLeft) || tokenMatcher(tokens[i - 1], T.GroupRight));
  if (afterGroup && ctx?.context !== 'grouping opts') ctx = AFTER_GROUP;
  let msg = `unexpected ${describeToken(tok)}`;
  if (ctx?.context) msg += ` in ${ctx.context}`;
  if (ctx?.expected) msg += `, expected ${ctx.expected}`;
  return msg;
}

/** Parses and checks a query, collecting all problems instead of throwing. */
export function parseWithDiagnostics(query: string, opts: ParserOptions = {}): ParseResult {
  return runToEnd(parsing(query, opts));
}

/** Tokens from which parsing pauses between its phases (a shorter query parses in one go). */
const PAUSE_TOKENS = 4096;

/**
 * {@link parseWithDiagnostics} as a pausable step (see runDeepPausing): a long query pauses after
 * scanning and again before checking. The grammar, shared by every parse, is used in one go
 * between the two.
 */
export function* parsing(query: string, opts: ParserOptions = {}): Generator<void, ParseResult, void> {
  const { tokens, error: lexError } = lex(query);
  if (lexError) {
    tokens.push(createTokenInstance(T.LexErrorTok, '', lexError.pos, lexError.pos, NaN, NaN, NaN, NaN));
  }
  if (!lexError && tokens.length === 1) {
    return { expr: null, diagnostics: [diagnostic(query, 'no expression found in input', { start: 0, end: 0 })] };
  }
  const long = tokens.length > PAUSE_TOKENS;
  if (long) yield;
  const g = (grammar ??= new PromQLGrammar());
  // Only brackets nested where no fragment can be cut (duration parentheses, or groups whose kind
  // parseDeep guessed wrong too often) overflow the stack.
  const tooDeep = (e: unknown): ParseResult => {
    if (!(e instanceof RangeError) || !/call stack/i.test(e.message)) throw e;
    const t = tokens[deepestToken(tokens).index];
    return { expr: null, diagnostics: [nestedTooDeeply(query, tokenPos(t))] };
  };
  let result: ParseResult;
  try {
    // Nesting that deep needs as many tokens: most queries skip the scan.
    const deep = tokens.length > FRAGMENTS.depth && deepestToken(tokens).depth >= FRAGMENTS.depth;
    result = deep ? parseDeep(g, query, tokens, lexError, opts) : parseTokens(g, query, tokens, lexError, opts);
  } catch (e) {
    g.fragments = new Map();
    return tooDeep(e);
  }
  if (result.diagnostics.length === 0 && result.expr) {
    if (long) yield;
    try {
      checkExpr(result.expr, (message, pos) => result.diagnostics.push(diagnostic(query, message, pos)));
    } catch (e) {
      return tooDeep(e);
    }
  }
  return result;
}

/** Parses a token vector (placeholders stand for the fragments set on the grammar). */
function parseTokens(g: PromQLGrammar, query: string, tokens: IToken[], lexError: LexError | undefined, opts: ParserOptions,
  all: IToken[] = tokens): ParseResult {
  g.begin(tokens, opts, false);
  let expr: Expr | undefined;
  try {
    expr = g.query();
  } catch (e) {
    if (!(e instanceof FragmentFailed)) throw e;
    const problems = g.semErrors.map((s) => diagnostic(query, s.message, s.pos));
    problems.push(diagnostic(query, e.failure.message, e.failure.pos));
    for (const s of e.failure.after) problems.push(diagnostic(query, s.message, s.pos));
    return { expr: null, diagnostics: problems };
  }
  const problems = g.semErrors.map((e) => diagnostic(query, e.message, e.pos));
  if (g.errors.length > 0) {
    const e = g.errors[0];
    const tok: IToken = e.token;
    if (lexError && tokenMatcher(tok, T.LexErrorTok)) {
      // Prometheus's lexer reports its error when the parser asks for that token, so it comes
      // before a semantic error that needed the failing token as lookahead.
      const before = g.semErrors.findIndex((s) => s.lookahead && tokenMatcher(s.lookahead, T.LexErrorTok));
      const at = before < 0 ? problems.length : before;
      problems.splice(at, 0, diagnostic(query, lexError.message, { start: lexError.pos, end: query.length }));
    } else {
      problems.push(diagnostic(query, syntaxMessage(e, g, all), syntaxPos(query, tok)));
    }
    return { expr: null, diagnostics: problems };
  }
  return { expr: expr ?? null, diagnostics: problems };
}

function syntaxPos(query: string, tok: IToken): Pos {
  const start = Number.isNaN(tok.startOffset) ? query.length : tok.startOffset;
  return { start, end: start + tok.image.length };
}

/** Guessed fragments that turned out wrong before parsing without fragments. */
const MAX_ATTEMPTS = 4;

/**
 * Parses a deeply nested query: the fragments (parser/fragments.ts) first, innermost first, each
 * in the error context it has in the query; then the query with placeholders for them. A
 * fragment's semantic errors are raised and its syntax error stops the parse where the
 * enclosing parse reaches it, so that problems come out in the order of a flat parse. A fragment
 * that fails at its first token is not one (a flat parse would not start an expression there):
 * its tokens stay in the enclosing parse. When the enclosing grammar does not expect an
 * expression where a fragment was cut (a wrong guess of what a parenthesis opens), that fragment
 * is left out and the query parsed again.
 */
function parseDeep(g: PromQLGrammar, query: string, tokens: IToken[], lexError: LexError | undefined, opts: ParserOptions): ParseResult {
  const banned = new Set<number>();
  for (let attempt = 0; ; attempt++) {
    const vectors = new FragmentVectors(tokens);
    const misplaced = (tok: IToken) => vectors.placeholders.get(tok);
    g.fragments = new Map();
    let wrong: FragmentRange | undefined;
    for (const range of attempt < MAX_ATTEMPTS ? planFragments(tokens, banned) : []) {
      g.begin(vectors.fragment(range), opts, range.inAggregation);
      let expr: Expr | undefined;
      let failure: FragmentFailure | null = null;
      let semErrors = g.semErrors;
      try {
        expr = g.fragment();
      } catch (e) {
        if (!(e instanceof FragmentFailed)) throw e;
        failure = e.failure;
      }
      if (!failure && g.errors.length > 0) {
        const tok: IToken = g.errors[0].token;
        if (tok === tokens[range.start]) continue;
        wrong = misplaced(tok);
        if (wrong) break;
        if (lexError && tokenMatcher(tok, T.LexErrorTok)) {
          // As in parseTokens: the scanner's error comes before those that needed its token as lookahead.
          const cut = semErrors.findIndex((s) => s.lookahead && tokenMatcher(s.lookahead, T.LexErrorTok));
          const after = cut < 0 ? [] : semErrors.slice(cut);
          if (cut >= 0) semErrors = semErrors.slice(0, cut);
          failure = { message: lexError.message, pos: { start: lexError.pos, end: query.length }, after };
        } else {
          failure = { message: syntaxMessage(g.errors[0], g, tokens), pos: syntaxPos(query, tok), after: [] };
        }
      }
      g.fragments.set(vectors.add(range), { expr: failure ? null : expr!, semErrors, failure });
    }
    let result: ParseResult | undefined;
    if (!wrong) {
      result = parseTokens(g, query, vectors.copy(0, tokens.length), lexError, opts, tokens);
      if (result.expr === null && g.errors.length > 0) wrong = misplaced(g.errors[0].token);
    }
    g.fragments = new Map();
    if (!wrong) return result!;
    banned.add(wrong.start);
  }
}

/**
 * Parses a PromQL query into a typed AST. Throws {@link ParseError} carrying every problem found
 * (its message is Prometheus's text for the first one, e.g. `1:5: parse error: unexpected …`).
 */
export function parse(query: string, opts: ParserOptions = {}): Expr {
  const { expr, diagnostics } = parseWithDiagnostics(query, opts);
  if (diagnostics.length > 0 || !expr) throw new ParseError(diagnostics);
  return expr;
}

/** Checks a query and returns its problems (empty when valid). Never throws. */
export function check(query: string, opts: ParserOptions = {}): Diagnostic[] {
  try {
    return parseWithDiagnostics(query, opts).diagnostics;
  } catch (e) {
    return [diagnostic(query, `internal error: ${(e as Error).message}`, { start: 0, end: 0 })];
  }
}
