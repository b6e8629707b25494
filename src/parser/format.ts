// format(): canonical or pretty text for a tree or a query string.
import type { Expr } from './ast.js';
import { nestedTooDeeply, parse, type ParserOptions } from './parse.js';
import { ParseError } from '../errors.js';
import { deepestNode } from './walk.js';
import { printNode } from './printer.js';
import { prettyPrint } from './pretty.js';

/** Options of {@link format}. */
export interface FormatOptions extends ParserOptions {
  /** Wrap long queries over several lines, as `promtool promql format` does. */
  pretty?: boolean;
}

/**
 * Formats a query (string or tree) as Prometheus prints it. Throws ParseError for an invalid
 * query string, and "expression nested too deeply" when the pretty text would be longer than a
 * JS string can be (line and column are 0 when a tree is given without its text).
 */
export function format(query: string | Expr, opts: FormatOptions = {}): string {
  const expr = typeof query === 'string' ? parse(query, opts) : query;
  if (!opts.pretty) return printNode(expr);
  try {
    return prettyPrint(expr);
  } catch (e) {
    // The pretty text grows with the square of the nesting depth; past about 16,000 levels it
    // is longer than V8's longest string. Reported at the deepest node.
    if (!(e instanceof RangeError)) throw e;
    throw new ParseError([nestedTooDeeply(typeof query === 'string' ? query : null, deepestNode(expr).pos)]);
  }
}
