// Deeply nested queries: the grammar is recursive descent, so each level of parentheses costs
// stack. Past a nesting depth, sub-expressions are parsed on their own, innermost first.
import { createTokenInstance, tokenMatcher, type IToken, type TokenType } from '#chevrotain';
import * as T from '../lexer/tokens.js';
import type { Expr, Pos } from './ast.js';

/** A semantic error raised while parsing; see PromQLGrammar.semErrors. */
export interface SemanticError {
  message: string;
  pos: Pos;
  lookahead?: IToken;
}

/**
 * A sub-expression of a deeply nested query parsed on its own: its tree, or
 * the syntax error that stopped it, and the semantic errors raised while parsing it, in order.
 */
export interface ParsedFragment {
  expr: Expr | null;
  semErrors: SemanticError[];
  failure: FragmentFailure | null;
}

/**
 * Why a fragment failed: a syntax (or scanner) error, and the semantic errors that Prometheus
 * reports after it (those raised with the failing token as lookahead, when the scanner failed).
 */
export interface FragmentFailure {
  message: string;
  pos: Pos;
  after: SemanticError[];
}

/** Thrown when the enclosing parse reaches a fragment that failed: the parse stops there. */
export class FragmentFailed {
  constructor(readonly failure: FragmentFailure) {}
}

/**
 * `depth`: the nesting (in brackets of any kind) a single chevrotain parse is allowed to reach. A
 * level of parentheses costs about 2.5 kB of stack, so 100 stays far below Node's default 984 kB
 * stack even when the caller's stack is already deep. Mutable only so that tests can compare
 * parses cut into many fragments with flat ones.
 */
export const FRAGMENTS = { depth: 100 };

/**
 * A fragment: tokens `start` to `end` (exclusive) form one sub-expression — the body of a
 * parenthesised expression or one argument of a function call or aggregation — and `end` is the
 * `,` or `)` after it. Fragments are listed innermost first (a fragment after those inside it).
 */
export interface FragmentRange {
  readonly start: number;
  readonly end: number;
  /** Inside an aggregation's arguments, which sets the error context of syntax errors. */
  readonly inAggregation: boolean;
}

type GroupKind = 'expr' | 'other' | 'duration' | 'bracket' | 'brace';

interface Group {
  kind: GroupKind;
  /** Index of the opening token. */
  open: number;
  inAggregation: boolean;
  /** Start of the current comma-separated piece (expression groups). */
  pieceStart: number;
  /** Nesting height of the current piece and of the finished ones. */
  pieceHeight: number;
  pieces: { start: number; end: number; height: number }[];
  /** Nesting height of the content, for groups that are not split into pieces. */
  height: number;
}

const LABEL_LIST_KEYWORDS: TokenType[] = [T.By, T.Without, T.On, T.Ignoring, T.GroupLeft, T.GroupRight, T.Fill, T.FillLeft, T.FillRight];

/** The deepest bracket nesting of a token vector, and the first token at that depth. */
export function deepestToken(tokens: readonly IToken[]): { depth: number; index: number } {
  let depth = 0;
  let max = 0;
  let index = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].tokenType;
    if (t === T.LeftParen || t === T.LeftBracket || t === T.LeftBrace) {
      if (++depth > max) {
        max = depth;
        index = i;
      }
    } else if (t === T.RightParen || t === T.RightBracket || t === T.RightBrace) {
      depth--;
    }
  }
  return { depth: max, index };
}

/**
 * The kind of the group a `(` at `i` opens, from the tokens before it: an expression group
 * (parenthesised expression, call or aggregation arguments), or labels, a fill value, `start()`,
 * or a duration. Guessing an expression where the grammar expects something else is safe: the
 * enclosing parse then fails at the placeholder and parse.ts parses again without that fragment.
 */
function parenKind(tokens: readonly IToken[], i: number, parent: Group | undefined): GroupKind {
  if (parent && parent.kind !== 'expr') return parent.kind === 'bracket' || parent.kind === 'duration' ? 'duration' : 'other';
  const prev = tokens[i - 1];
  if (!prev) return 'expr';
  const before = tokens[i - 2];
  if (tokenMatcher(prev, T.Offset) || (tokenMatcher(prev, T.UnaryOpCat) && before && tokenMatcher(before, T.Offset))) return 'duration';
  if (LABEL_LIST_KEYWORDS.some((k) => tokenMatcher(prev, k))) return 'other';
  if ((tokenMatcher(prev, T.Start) || tokenMatcher(prev, T.End)) && before && tokenMatcher(before, T.At)) return 'other';
  return 'expr';
}

/** Whether the `(` at `i` opens an aggregation's arguments: `sum (` or `sum by (a) (`. */
function opensAggregation(tokens: readonly IToken[], i: number, lastClosed: Group | null): boolean {
  const prev = tokens[i - 1];
  if (!prev) return false;
  if (tokenMatcher(prev, T.AggregatorCat)) return true;
  if (!tokenMatcher(prev, T.RightParen) || !lastClosed || lastClosed.kind !== 'other') return false;
  const kw = tokens[lastClosed.open - 1];
  const agg = tokens[lastClosed.open - 2];
  return !!kw && !!agg && (tokenMatcher(kw, T.By) || tokenMatcher(kw, T.Without)) && tokenMatcher(agg, T.AggregatorCat);
}

/**
 * The fragments to parse separately so that no single parse nests deeper than
 * `FRAGMENTS.depth`: every piece of an expression group whose content nests that deep.
 * `banned` lists fragment starts not to use (where a guess turned out wrong). Groups still open at
 * the first mismatched bracket or at the end (the query is invalid there) end at that token: the
 * fragments then fail there, as a flat parse does.
 */
export function planFragments(tokens: readonly IToken[], banned: ReadonlySet<number>): FragmentRange[] {
  const out: FragmentRange[] = [];
  const stack: Group[] = [];
  let lastClosed: Group | null = null;
  const open = (kind: GroupKind, i: number, inAggregation: boolean) => {
    stack.push({ kind, open: i, inAggregation, pieceStart: i + 1, pieceHeight: 0, pieces: [], height: 0 });
  };
  const endPiece = (g: Group, i: number) => {
    g.pieces.push({ start: g.pieceStart, end: i, height: g.pieceHeight });
    g.pieceStart = i + 1;
    g.pieceHeight = 0;
  };
  // Ends the innermost group at token `i` (its closing bracket, or where the query breaks off).
  const close = (i: number) => {
    const g = stack.pop()!;
    let height = g.height;
    if (g.kind === 'expr') {
      endPiece(g, i);
      height = 0;
      for (const p of g.pieces) {
        if (p.height >= FRAGMENTS.depth && p.end > p.start && !banned.has(p.start)) {
          out.push({ start: p.start, end: p.end, inAggregation: g.inAggregation });
        } else if (p.height > height) {
          height = p.height;
        }
      }
    }
    lastClosed = g;
    const parent = stack[stack.length - 1];
    if (parent) {
      if (parent.kind === 'expr') parent.pieceHeight = Math.max(parent.pieceHeight, height + 1);
      else parent.height = Math.max(parent.height, height + 1);
    }
  };
  let i = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i].tokenType;
    const top = stack[stack.length - 1] as Group | undefined;
    if (t === T.LeftParen) {
      const kind = parenKind(tokens, i, top);
      const agg = kind === 'expr' && opensAggregation(tokens, i, lastClosed);
      open(kind, i, (top?.inAggregation ?? false) || agg);
    } else if (t === T.LeftBracket) {
      open('bracket', i, top?.inAggregation ?? false);
    } else if (t === T.LeftBrace) {
      open('brace', i, top?.inAggregation ?? false);
    } else if (t === T.Comma && top?.kind === 'expr') {
      endPiece(top, i);
    } else if (t === T.RightParen || t === T.RightBracket || t === T.RightBrace) {
      const closes = t === T.RightParen ? top && top.kind !== 'bracket' && top.kind !== 'brace'
        : t === T.RightBracket ? top?.kind === 'bracket' : top?.kind === 'brace';
      if (!closes) break;
      close(i);
    }
  }
  const last = Math.min(i, tokens.length - 1);
  while (stack.length > 0) close(last);
  return out;
}

/**
 * The token vectors to parse: ranges of the query's tokens in which the fragments parsed so far
 * are replaced by a placeholder token spanning their text.
 */
export class FragmentVectors {
  private readonly done = new Map<number, { end: number; placeholder: IToken }>();
  /** Which fragment each placeholder stands for. */
  readonly placeholders = new Map<IToken, FragmentRange>();

  constructor(private readonly tokens: readonly IToken[]) {}

  /** Tokens `start` to `end` (exclusive), with the fragments added so far replaced. */
  copy(start: number, end: number): IToken[] {
    const v: IToken[] = [];
    for (let i = start; i < end;) {
      const inner = this.done.get(i);
      if (inner) {
        v.push(inner.placeholder);
        i = inner.end;
      } else {
        v.push(this.tokens[i++]);
      }
    }
    return v;
  }

  /** A fragment's vector: its tokens, and the `,` or `)` (or the token where the query breaks off) after them. */
  fragment(f: FragmentRange): IToken[] {
    const v = this.copy(f.start, f.end);
    v.push(this.tokens[f.end]);
    return v;
  }

  /** Records a fragment as parsed; returns the placeholder that stands for it from now on. */
  add(f: FragmentRange): IToken {
    const placeholder = createTokenInstance(T.PreParsedTok, '', this.tokens[f.start].startOffset,
      this.tokens[f.end - 1].endOffset!, NaN, NaN, NaN, NaN);
    this.done.set(f.start, { end: f.end, placeholder });
    this.placeholders.set(placeholder, f);
    return placeholder;
  }
}
