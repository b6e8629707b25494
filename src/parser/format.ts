// format(): canonical or pretty text for a tree or a query string.
import type { Expr } from './ast.js';
import { parse, type ParserOptions } from './parse.js';
import { printNode } from './printer.js';
import { prettyPrint } from './pretty.js';

/** Options of {@link format}. */
export interface FormatOptions extends ParserOptions {
  /** Wrap long queries over several lines, as `promtool promql format` does. */
  pretty?: boolean;
}

/**
 * Formats a query (string or tree) as Prometheus prints it. Throws ParseError for an invalid
 * query string.
 */
export function format(query: string | Expr, opts: FormatOptions = {}): string {
  const expr = typeof query === 'string' ? parse(query, opts) : query;
  return opts.pretty ? prettyPrint(expr) : printNode(expr);
}
