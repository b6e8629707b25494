// One query checked as `promql check` checks a query in a file, for editors and language servers:
// syntax and type errors, then the lint rules' warnings, as the same Diagnostic objects.
import { checkExtracted, type CheckOptions } from './check.js';
import type { Diagnostic } from './types.js';
import { Lines } from '../util/source-map.js';

/** Options of {@link lintQuery}. */
export interface LintQueryOptions extends Pick<CheckOptions, 'parser' | 'lint' | 'metricTypes' | 'inFileDisables'> {
  /** The name problems carry in `file` (default `<query>`). */
  readonly file?: string;
}

/**
 * Checks one query: its syntax and type errors, or (when it parses) the warnings of the enabled
 * lint rules (by default those `promql check` enables), as `checkText` reports them for a query
 * file. `line`/`column` are places in the query (1-based, columns in characters); `query.line`
 * and `query.column` are Prometheus's (columns in UTF-8 bytes). Never throws on bad input.
 *
 * Unlike a `.promql` file, the whole text is one query, blank lines included. `# promql-ts
 * disable RULE-ID` comments in it silence warnings unless `inFileDisables` is false.
 */
export function lintQuery(query: string, options: LintQueryOptions = {}): Diagnostic[] {
  const file = options.file ?? '<query>';
  const lines = new Lines(query);
  const found = { text: query, at: (i: number) => lines.at(i), context: '' };
  return checkExtracted(file, query, 'promql', { queries: [found], problems: [] }, options).problems;
}
