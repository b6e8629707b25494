// The public parsing entry points: parse() throws ParseError, check() returns diagnostics.
import { tokenMatcher, createTokenInstance, type IRecognitionException, type IToken } from 'chevrotain';
import { lex } from '../lexer/lexer.js';
import * as T from '../lexer/tokens.js';
import type { Expr, Pos } from './ast.js';
import { PromQLGrammar, type ParserOptions } from './grammar.js';
import { checkExpr } from './checker.js';
import { renderPos, lineCol, tokenPos } from './positions.js';
import { ParseError, type Diagnostic } from '../errors.js';
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
  const { tokens, error: lexError } = lex(query);
  if (lexError) {
    tokens.push(createTokenInstance(T.LexErrorTok, '', lexError.pos, lexError.pos, NaN, NaN, NaN, NaN));
  }
  if (!lexError && tokens.length === 1) {
    return { expr: null, diagnostics: [diagnostic(query, 'no expression found in input', { start: 0, end: 0 })] };
  }
  grammar ??= new PromQLGrammar();
  const g = grammar;
  g.opts = opts;
  g.semErrors = [];
  g.ctx = null;
  g.catchCtx = null;
  g.input = tokens;
  const expr = g.query();
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
      // The end-of-input token has no offsets.
      const pos = Number.isNaN(tok.startOffset) ? { start: query.length, end: query.length } : tokenPos(tok);
      problems.push(diagnostic(query, syntaxMessage(e, g, tokens), pos));
    }
    return { expr: null, diagnostics: problems };
  }
  if (problems.length === 0 && expr) {
    checkExpr(expr, (message, pos) => problems.push(diagnostic(query, message, pos)));
  }
  return { expr: expr ?? null, diagnostics: problems };
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
