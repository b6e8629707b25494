// Deeply nested queries: the grammar is recursive descent, so each level of parentheses costs
// stack. Past a nesting depth, sub-expressions are parsed on their own, innermost first.
import { createTokenInstance, tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import * as T from '../lexer/tokens.js';

/**
 * Nesting (in brackets of any kind) a single chevrotain parse is allowed to reach. A level of
 * parentheses costs about 2.5 kB of stack, so this stays far below Node's default 984 kB stack
 * even when the caller's stack is already deep.
 */
export const FRAGMENT_DEPTH = 100;

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
 * {@link FRAGMENT_DEPTH}: every piece of an expression group whose content nests that deep.
 * `banned` lists fragment starts not to use (where a guess turned out wrong). Scanning stops at
 * the first mismatched bracket (the query is invalid there; the parse will say why).
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
  for (let i = 0; i < tokens.length; i++) {
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
      const g = stack.pop();
      const closes = t === T.RightParen ? g && g.kind !== 'bracket' && g.kind !== 'brace'
        : t === T.RightBracket ? g?.kind === 'bracket' : g?.kind === 'brace';
      if (!g || !closes) break;
      let height = g.height;
      if (g.kind === 'expr') {
        endPiece(g, i);
        height = 0;
        for (const p of g.pieces) {
          if (p.height >= FRAGMENT_DEPTH && p.end > p.start && !banned.has(p.start)) {
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
    }
  }
  return out;
}

/**
 * The token vectors to parse: one per fragment (its tokens and the `,` or `)` after it), in the
 * order given, then the whole query; each with the fragments directly inside it replaced by a
 * placeholder token spanning their text. `placeholders[k]` stands for fragment `k`.
 */
export function fragmentVectors(
  tokens: readonly IToken[], fragments: readonly FragmentRange[],
): { vectors: IToken[][]; placeholders: IToken[] } {
  const done = new Map<number, { end: number; placeholder: IToken }>();
  const vectors: IToken[][] = [];
  const placeholders: IToken[] = [];
  // A fragment is not in `done` while its own vector is built, so only those inside it are replaced.
  const copy = (start: number, end: number): IToken[] => {
    const v: IToken[] = [];
    for (let i = start; i < end;) {
      const inner = done.get(i);
      if (inner) {
        v.push(inner.placeholder);
        i = inner.end;
      } else {
        v.push(tokens[i++]);
      }
    }
    return v;
  };
  for (const f of fragments) {
    const v = copy(f.start, f.end);
    v.push(tokens[f.end]);
    vectors.push(v);
    const first = tokens[f.start];
    const last = tokens[f.end - 1];
    const placeholder = createTokenInstance(T.PreParsedTok, '', first.startOffset, last.endOffset!,
      NaN, NaN, NaN, NaN);
    placeholders.push(placeholder);
    done.set(f.start, { end: f.end, placeholder });
  }
  const whole = copy(0, tokens.length);
  vectors.push(whole);
  return { vectors, placeholders };
}
