// Our own checker's diagnostics for the editor (inline, as you type) and for the error box
// (the query line with a caret under the problem).
import { check } from '../../src/parser/parse.js';
import type { Diagnostic } from '@codemirror/lint';

// The page cannot know the server's feature flags: accept every feature, the server has the last word.
const OPTIONS = { experimentalFunctions: true, durationExpressions: true, extendedRangeSelectors: true, binopFillModifiers: true };

/** promql-ts diagnostics for the editor's linter. */
export function lint(query: string): Diagnostic[] {
  if (query.trim() === '') return [];
  return check(query, OPTIONS).map((d) => ({
    from: d.pos.start,
    to: Math.max(d.pos.end, d.pos.start),
    severity: d.severity,
    message: d.text,
    source: 'promql-ts',
  }));
}

/** The line of the query's first problem with a caret under it, or null when it checks clean. */
export function caretText(query: string): string | null {
  const d = query.trim() === '' ? undefined : check(query, OPTIONS).find((x) => x.severity === 'error');
  if (!d) return null;
  const lineStart = query.lastIndexOf('\n', d.pos.start - 1) + 1;
  const lineEnd = query.indexOf('\n', d.pos.start);
  const line = query.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  return `${line}\n${' '.repeat(d.pos.start - lineStart)}^`;
}
