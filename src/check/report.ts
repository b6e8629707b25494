// Rendering check results: one `path:line:col: severity: message` line per problem, a JSON
// document (schema below), or GitHub Actions workflow commands.
import type { Diagnostic } from './types.js';

/** Totals of a check run. */
export interface CheckSummary {
  files: number;
  queries: number;
  errors: number;
  warnings: number;
}

/** `path:line:col: error: message`. */
export function textLine(p: Diagnostic): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A GitHub Actions annotation: `::error file=…,line=…,col=…,title=…::message`. */
export function githubLine(p: Diagnostic): string {
  return `::${p.severity} file=${escapeProperty(p.file)},line=${p.line},col=${p.column},title=${escapeProperty(`promql ${p.rule}`)}::${escapeData(p.message)}`;
}

/**
 * The JSON report: `{ "version": 1, "problems": [Diagnostic…], "summary": CheckSummary }` where a
 * Diagnostic is `{ file, line, column, severity, rule, message, query?: { text, line, column } }`.
 */
export function jsonReport(problems: readonly Diagnostic[], summary: CheckSummary): string {
  // The report's fields are fixed: a query's UTF-16 range (for editors) is not part of it.
  const shown = problems.map(({ query, ...p }) => (query ? { ...p, query: { text: query.text, line: query.line, column: query.column } } : p));
  return JSON.stringify({ version: 1, problems: shown, summary }, null, 2);
}
