// The public parsing entry points: parse() throws ParseError, check() returns diagnostics.
import { tokenMatcher, createTokenInstance, type IRecognitionException, type IToken } from '#chevrotain';
import { lexing, type LexError } from '../lexer/lexer.js';
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
import { binaryPrecedence } from './precedence.js';

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
  const { tokens, error: lexError } = yield* lexing(query);
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
    if (deep) {
      result = parseDeep(g, query, tokens, lexError, opts);
    } else {
      const chain = lexError ? undefined : chainPlan(tokens);
      result = (chain ? yield* parsingChain(g, query, tokens, chain, opts) : undefined) ?? parseTokens(g, query, tokens, lexError, opts);
    }
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

/**
 * `pieceTokens`: the tokens of a long chain (`a + b + …`) parsed in one go; see {@link chainPlan}.
 * Mutable only so that tests can compare chains cut into many pieces with whole ones.
 */
export const CHAIN = { pieceTokens: 2048 };

/** Whether a token ends an operand, so that an operator after it is a binary one. */
function endsOperand(t: IToken): boolean {
  return tokenMatcher(t, T.RightParen) || tokenMatcher(t, T.RightBracket) || tokenMatcher(t, T.RightBrace) ||
    tokenMatcher(t, T.Identifier) || tokenMatcher(t, T.MetricIdentifier) || tokenMatcher(t, T.NumberTok) ||
    tokenMatcher(t, T.DurationTok) || tokenMatcher(t, T.StringTok);
}

/** A long chain to parse in pieces: its operators to cut before, in the tokens from `lo` on. */
interface ChainPlan {
  readonly lo: number;
  readonly cuts: readonly number[];
}

/**
 * Where a long chain of binary operators (`a + b + …`) can be cut, about every
 * {@link CHAIN}.pieceTokens tokens: outside any bracket, or else inside the widest parenthesised
 * group that has one (`sum(a + b + …)`). Undefined for a short query or when there is no such
 * place.
 */
function chainPlan(tokens: readonly IToken[]): ChainPlan | undefined {
  if (tokens.length <= 2 * CHAIN.pieceTokens) return undefined;
  const top = chainCuts(tokens, 0, tokens.length);
  if (top.length > 0) return { lo: 0, cuts: top };
  // Parenthesised groups long enough, widest first: `max_over_time((a + …)[5m:1m])` has its
  // chain in the second.
  const groups: [number, number][] = [];
  const opens: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i].tokenType;
    if (type === T.LeftParen) {
      opens.push(i);
    } else if (type === T.RightParen) {
      const o = opens.pop();
      if (o === undefined) return undefined;
      if (i - o > 2 * CHAIN.pieceTokens) groups.push([o, i]);
    }
  }
  groups.sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
  for (const [open, close] of groups.slice(0, MAX_CHAIN_GROUPS)) {
    const inner = chainCuts(tokens, open + 1, close);
    if (inner.length > 0) return { lo: open + 1, cuts: inner };
  }
  return undefined;
}

/** Groups chainPlan looks into for a chain, at most. */
const MAX_CHAIN_GROUPS = 8;

/**
 * Where the chain in tokens `lo` to `hi` (exclusive) can be cut, outside brackets: before an
 * operator whose left operand is everything from `lo` to it. That holds for a left-associative
 * operator (any chained one: `^` binds in the operand, as signs do) when no operator before it,
 * outside brackets, binds less tightly (an operator after an operator is a sign; any other
 * counts as binary, the safe side). A cut that is not a binary operator after all, or a range
 * that is not one expression (a list of arguments or labels, a duration), makes a piece fail
 * to parse, and the query is parsed whole. Empty when brackets do not match.
 */
function chainCuts(tokens: readonly IToken[], lo: number, hi: number): number[] {
  const cuts: number[] = [];
  let depth = 0;
  let loosest = Infinity;
  let last = lo;
  let end = hi;
  for (let i = lo; i < hi; i++) {
    const t = tokens[i];
    const type = t.tokenType;
    if (type === T.Comma && depth === 0) {
      // The first of a call's arguments: the chain ends there.
      end = i;
      break;
    } else if (type === T.LeftParen || type === T.LeftBracket || type === T.LeftBrace) {
      depth++;
    } else if (type === T.RightParen || type === T.RightBracket || type === T.RightBrace) {
      if (--depth < 0) return [];
    } else if (depth === 0 && tokenMatcher(t, T.InfixOpCat)) {
      const p = binaryPrecedence(t.image);
      if (p === undefined) return [];
      const sign = i === lo || tokenMatcher(tokens[i - 1], T.BinaryOpCat);
      if (sign) continue;
      if (p <= loosest && endsOperand(tokens[i - 1]) && i - last >= CHAIN.pieceTokens) {
        cuts.push(i);
        last = i;
      }
      loosest = Math.min(loosest, p);
    }
  }
  if (depth !== 0 && end === hi) return [];
  // A short last piece joins the one before.
  if (end - last < CHAIN.pieceTokens / 2) cuts.pop();
  return cuts;
}

/**
 * Parses a long chain in pieces, pausing between them: the chain's tokens up to the first cut
 * (see {@link chainPlan}) as one expression, then that tree (a placeholder) with the tokens up to
 * the next cut, and so on; the last piece is parsed with the rest of the query. Gives undefined
 * when any piece has a problem: the query is then parsed whole, for Prometheus's messages in
 * their order.
 */
function* parsingChain(
  g: PromQLGrammar, query: string, tokens: IToken[], plan: ChainPlan, opts: ParserOptions,
): Generator<void, ParseResult | undefined, void> {
  let head: IToken[] = [];
  let from = plan.lo;
  // The pieces parsed so far, set on the shared grammar for each synchronous parse only: another
  // query's parse may use the grammar (and clear its fragments) while this one pauses.
  const pieces: PromQLGrammar['fragments'] = new Map();
  try {
    for (const cut of plan.cuts) {
      // The piece, and a `)` that ends the fragment rule's expression there.
      const piece = [...head, ...tokens.slice(from, cut)];
      const end = tokens[cut];
      piece.push(createTokenInstance(T.RightParen, ')', end.startOffset, end.startOffset, NaN, NaN, NaN, NaN));
      g.begin(piece, opts, false);
      g.fragments = pieces;
      let expr: Expr;
      try {
        expr = g.fragment();
      } catch (e) {
        if (e instanceof FragmentFailed) return undefined;
        throw e;
      }
      if (g.errors.length > 0 || g.semErrors.length > 0 || !expr) return undefined;
      const placeholder = createTokenInstance(
        T.PreParsedTok, '', tokens[plan.lo].startOffset, tokens[cut - 1].endOffset!, NaN, NaN, NaN, NaN);
      pieces.set(placeholder, { expr, semErrors: [], failure: null });
      head = [placeholder];
      from = cut;
      g.fragments = new Map();
      yield;
    }
    const rest = [...tokens.slice(0, plan.lo), ...head, ...tokens.slice(from)];
    g.fragments = pieces;
    const result = parseTokens(g, query, rest, undefined, opts, tokens);
    return result.diagnostics.length > 0 || !result.expr ? undefined : result;
  } finally {
    g.fragments = new Map();
  }
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
