// Source positions: chevrotain tokens to the AST's UTF-16 ranges, and those to Prometheus's
// `line:col`, whose columns count UTF-8 bytes from the last newline (posrange.StartPosInput).
import type { IToken } from '#chevrotain';
import type { Pos } from './ast.js';

/**
 * The source range from the start of token `first` to the end of `last`: a token, or the exclusive
 * end offset of a node already built. The one place tokens become positions (with tokenEnd).
 */
export function tokenPos(first: IToken, last: IToken | number = first): Pos {
  return { start: first.startOffset, end: typeof last === 'number' ? last : tokenEnd(last) };
}

/** The exclusive end offset of a token (chevrotain's `endOffset` is inclusive). */
export function tokenEnd(t: IToken): number {
  return t.endOffset! + 1;
}

/** A position rendered as Prometheus renders it. */
export interface LineCol {
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-8 bytes. */
  column: number;
}

/** UTF-8 byte length of `s`. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The UTF-8 byte offset of a UTF-16 offset. */
export function byteOffset(query: string, offset: number): number {
  return utf8Length(query.slice(0, offset));
}

/** Line and byte column of a UTF-16 offset, as Prometheus computes them. */
export function lineCol(query: string, offset: number, lineOffset = 0): LineCol {
  const before = query.slice(0, Math.max(0, Math.min(offset, query.length)));
  const lastNl = before.lastIndexOf('\n');
  const line = lineOffset + 1 + (before.match(/\n/g)?.length ?? 0);
  return { line, column: utf8Length(before.slice(lastNl + 1)) + 1 };
}

/** Prometheus's rendering of a range's start: `line:col`, or its words for empty queries. */
export function renderPos(query: string, pos: Pos, lineOffset = 0): string {
  if (query === '') return 'unknown position';
  if (pos.start < 0 || pos.start > query.length) return 'invalid position';
  const { line, column } = lineCol(query, pos.start, lineOffset);
  return `${line}:${column}`;
}
