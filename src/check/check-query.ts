// The main entry's `check(query)`: a query's syntax and type errors as the Diagnostic objects that
// checkText and lintQuery return (no lint rules run).
import type { ParserOptions } from '../parser/parse.js';
import type { Diagnostic } from './types.js';
import { lintQuery } from './lint-query.js';

const NO_LINT: ReadonlySet<string> = new Set();

/**
 * The syntax and type errors of `query` (empty when it parses and type-checks), as
 * {@link Diagnostic}s with `file` `<query>` and rule `syntax`: `line`/`column` place the problem in
 * the query (columns in characters), `query.start`/`query.end` give its UTF-16 range, `message`
 * is Prometheus's text (`1:5: parse error: …`). Never throws on bad input. For lint warnings as
 * well, use {@link lintQuery}.
 */
export function check(query: string, opts: ParserOptions = {}): Diagnostic[] {
  return lintQuery(query, { parser: opts, lint: NO_LINT, inFileDisables: false });
}
