// The parsed queries an engine evaluated last, by query text: dashboards and rule evaluators send
// the same queries again and again, and a short query's evaluation can cost less than its parse.
// Evaluation never changes a syntax tree, and per-query state lives in the evaluation context,
// never on the tree's nodes, so one tree serves every evaluation of its text. Only successful
// parses are kept (an error is thrown again on each evaluation, positions included).
import type { Expr } from '../parser/ast.js';

/** Characters of query text kept at most (trees take some tens of bytes per character). */
export const PARSE_CACHE_CHARS = 256 * 1024;

/** A least-recently-used map from query text to its tree, bounded by the texts' total length. */
export class ParseCache {
  private readonly trees = new Map<string, Expr>();
  private chars = 0;
  /** The most recently used text: asked again (the common case), the order is already right. */
  private last: string | undefined;

  constructor(private readonly maxChars = PARSE_CACHE_CHARS) {}

  /** The tree of `query`, from the cache or from `parse` (then kept, if it is not too long). */
  get(query: string, parse: (query: string) => Expr): Expr {
    const known = this.lookup(query);
    if (known !== undefined) return known;
    const tree = parse(query);
    this.remember(query, tree);
    return tree;
  }

  /** The kept tree of `query` (now the most recently used), or undefined. */
  lookup(query: string): Expr | undefined {
    const known = this.trees.get(query);
    if (known === undefined || query === this.last) return known;
    // Most recently used last: Map iteration order is insertion order.
    this.trees.delete(query);
    this.trees.set(query, known);
    this.last = query;
    return known;
  }

  /** Keeps the tree of a query not kept yet, unless the query is too long. */
  remember(query: string, tree: Expr): void {
    // A query longer than an eighth of the budget would push out most of the others.
    // Two queries of one text may have been parsed at once (parsing pauses).
    if (query.length > this.maxChars / 8 || this.trees.has(query)) return;
    this.trees.set(query, tree);
    this.last = query;
    this.chars += query.length;
    for (const [text] of this.trees) {
      if (this.chars <= this.maxChars) break;
      this.trees.delete(text);
      this.chars -= text.length;
    }
  }

  /** How many trees are kept (for tests). */
  get size(): number {
    return this.trees.size;
  }
}
