// What `promql check` reports: problems with a place in the checked file and, for problems inside
// a query, the place inside the query as well.

/** Severity of a problem: errors fail the check; warnings only with `strict`. */
export type Severity = 'error' | 'warning';

/**
 * One problem found in a query or a file: what `check()`, `checkText()` and `lintQuery()` return
 * (and `promql check` prints). Lines and columns are 1-based; columns count characters.
 */
export interface Diagnostic {
  /** The file checked (`<query>` for a single query). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: Severity;
  /**
   * Rule id: `syntax`, `rule-file`, `rule-test`, `dashboard`, `yaml`, `json`, `encoding` (invalid
   * UTF-8), `input` (unreadable), `runtime`, `disable` (a bad disable comment), or a lint id.
   */
  readonly rule: string;
  readonly message: string;
  /** For problems inside a query: the query and the place inside it. */
  readonly query?: QueryPlace;
}

/** Where in a query a {@link Diagnostic} is. */
export interface QueryPlace {
  /** The query text. */
  readonly text: string;
  /** Prometheus's line (1-based) of the problem in the query, as its messages give it. */
  readonly line: number;
  /** Prometheus's column (1-based, in UTF-8 bytes) of the problem in the query. */
  readonly column: number;
  /**
   * The problem's range in `text` as UTF-16 offsets `[start, end)` (what editors underline;
   * `start === end` for a point). Absent for problems about the query as a whole.
   */
  readonly start?: number;
  readonly end?: number;
}

/** A query found in a file, with a map from query offsets to file positions. */
export interface FoundQuery {
  readonly text: string;
  /** File line and column (1-based) of query offset `i` (UTF-16 units). */
  readonly at: (i: number) => { line: number; column: number };
  /** Where it came from, for messages: e.g. `group "api", rule 3 "HighErrors"`. */
  readonly context: string;
  /** For rule files: the rule, to find duplicates. */
  readonly rule?: { readonly kind: 'record' | 'alert'; readonly name: string; readonly labels: string };
  /** What the query must be beyond valid PromQL: a series selector (Grafana's `label_values(selector, label)`). */
  readonly expect?: 'selector';
}

/** The queries of a file plus the problems found while reading it. */
export interface Extracted {
  readonly queries: FoundQuery[];
  readonly problems: Diagnostic[];
}
