// Small builders for expected ASTs in parser tests.
import type { Expr, LabelMatcher, NumberLiteral, Pos, VectorMatching, VectorSelector } from '../../src/parser/ast.js';

export const ALL_FEATURES = {
  experimentalFunctions: true, durationExpressions: true, extendedRangeSelectors: true, binopFillModifiers: true,
};

export const p = (start: number, end: number): Pos => ({ start, end });

export function num(value: number, start: number, end: number, duration = false): NumberLiteral {
  return { type: 'NumberLiteral', value, duration, pos: p(start, end) };
}

export function sel(name: string, matchers: LabelMatcher[], start: number, end: number, extra: Partial<VectorSelector> = {}): VectorSelector {
  return {
    type: 'VectorSelector', name,
    matchers: name ? [...matchers, { name: '__name__', op: '=', value: name }] : matchers,
    offset: 0, offsetExpr: null, at: null, anchored: false, smoothed: false, pos: p(start, end), ...extra,
  };
}

export const m = (name: string, op: LabelMatcher['op'], value: string): LabelMatcher => ({ name, op, value });

export function matching(over: Partial<VectorMatching> = {}): VectorMatching {
  return { card: 'one-to-one', on: false, labels: [], include: [], fillLeft: null, fillRight: null, ...over };
}

/** Removes every position so trees can be compared by shape. */
export function stripPos<T>(x: T): T {
  if (Array.isArray(x)) return x.map(stripPos) as T;
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== 'pos' && k !== 'opPos') out[k] = stripPos(v);
    return out as T;
  }
  return x;
}

export type { Expr };
