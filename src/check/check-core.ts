// Checking one file: find its queries (rule file, dashboard or query file), check each for syntax
// and type errors, run the lint rules, and map every problem to the file's own line and column.
// Rule files are read by an extractor passed in (check.ts passes rule-file.js's), so that the
// command line loads the YAML parser only when it meets a rule file.
import { parseWithDiagnostics, type ParserOptions } from '../parser/parse.js';
import { format } from '../parser/format.js';
import type { Expr } from '../parser/ast.js';
import type { Diagnostic as ParseDiagnostic } from '../errors.js';
import type { RuleFilesProbe } from './rule-test-file.js';
import { extractDashboard, substituteVariables } from './dashboard.js';
import { splitQueries } from './query-file.js';
import { Lines } from '../util/source-map.js';
import { lint, LINT_RULES } from './lint.js';
import type { Extracted, FoundQuery, Diagnostic } from './types.js';
import type { MetricTypes } from './metric-types.js';
import { applyDisables, findDisables } from './disables.js';
import { unwrapParens } from '../parser/walk.js';

/** The kinds of file `promql check` reads. */
export type CheckFormat = 'rules' | 'dashboard' | 'promql';

/** Options of a check. */
export interface CheckOptions {
  readonly parser?: ParserOptions;
  /** Lint rule ids to run (default: those enabled by default). */
  readonly lint?: ReadonlySet<string>;
  /** The file kind; by default chosen from the extension (.yml/.yaml, .json, anything else: queries). */
  readonly format?: CheckFormat;
  /** Keep the parsed queries in the result (for evaluation over data); off to save memory. */
  readonly keepQueries?: boolean;
  /** What is known of metric types (rate-on-gauge decides by type where one is known). */
  readonly metricTypes?: MetricTypes;
  /** Honour `# promql-ts disable …` comments (default true). */
  readonly inFileDisables?: boolean;
  /** Resolves rule tests' `rule_files` (Node: `probeRuleFiles` of check/rule-files-probe.js); without it they are not looked for. */
  readonly ruleFiles?: RuleFilesProbe;
}

/** A query of a file that parsed, for further checks (evaluation over data). */
export interface CheckedQuery {
  readonly found: FoundQuery;
  readonly expr: Expr;
  /** The text that was parsed (dashboards: with template variables replaced). */
  readonly text: string;
  /** Maps an offset in `text` back to the original query. */
  readonly toOriginal: (i: number) => number;
}

/** The result of checking a file. */
export interface FileCheck {
  readonly problems: Diagnostic[];
  readonly queries: CheckedQuery[];
  /** Number of queries found. */
  readonly found: number;
}

/** The format of a path by its extension. */
export function formatOf(path: string): CheckFormat {
  if (/\.ya?ml$/i.test(path)) return 'rules';
  if (/\.json$/i.test(path)) return 'dashboard';
  return 'promql';
}

/** The default set of enabled lint rules. */
export function defaultLintRules(): Set<string> {
  return new Set(LINT_RULES.filter((r) => r.enabledByDefault).map((r) => r.id));
}

/** Finds the queries of a rule or rule-test file (rule-file.js's `extractRuleFile`). */
export type RuleFileExtractor = (file: string, text: string, probe?: RuleFilesProbe) => Extracted;

function extractQueries(file: string, text: string, format: CheckFormat, rules: RuleFileExtractor | undefined, probe?: RuleFilesProbe): Extracted {
  if (format === 'rules') {
    if (!rules) throw new Error('internal error: a rule file to check, but no rule-file extractor');
    return rules(file, text, probe);
  }
  if (format === 'dashboard') return extractDashboard(file, text);
  const lines = new Lines(text);
  const starts: number[] = [];
  let offset = 0;
  for (const l of text.split('\n')) {
    starts.push(offset);
    offset += l.length + 1;
  }
  return {
    problems: [],
    queries: splitQueries(text).map((q) => {
      // Query lines are taken verbatim from the file, so query offsets map by line.
      const base = starts[q.line - 1];
      return { text: q.text, at: (i: number) => lines.at(base + i), context: '' };
    }),
  };
}

function problemAt(
  file: string, q: FoundQuery, offset: number, d: { line: number; column: number }, severity: Diagnostic['severity'], rule: string, message: string,
  end?: number,
): Diagnostic {
  const at = q.at(offset);
  const range = end === undefined ? {} : { start: offset, end: Math.max(offset, end) };
  return { file, line: at.line, column: at.column, severity, rule, message: q.context ? `${q.context}: ${message}` : message, query: { text: q.text, line: d.line, column: d.column, ...range } };
}

/** Parses a dashboard query, trying identifier then numeric placeholders for template variables. */
function parseDashboardQuery(q: FoundQuery, opts: ParserOptions) {
  const first = substituteVariables(q.text, false);
  const a = { sub: first, ...parseWithDiagnostics(first.text, opts) };
  if (a.diagnostics.length === 0 || first.text === q.text) return a;
  const second = substituteVariables(q.text, true);
  const b = { sub: second, ...parseWithDiagnostics(second.text, opts) };
  return b.diagnostics.length < a.diagnostics.length ? b : a;
}

/**
 * Checks the text of one file with the given rule-file extractor (needed only when the file is a
 * rule file). Never throws on bad input: everything becomes a Diagnostic.
 */
export function checkTextWith(rules: RuleFileExtractor | undefined, file: string, text: string, o: CheckOptions = {}): FileCheck {
  if (text.includes('\u0000')) {
    return { found: 0, queries: [], problems: [{ file, line: 1, column: 1, severity: 'error', rule: 'input', message: 'binary file, not checked' }] };
  }
  const fmt = o.format ?? formatOf(file);
  return checkExtracted(file, text, fmt, extractQueries(file, text, fmt, rules, o.ruleFiles), o);
}

/**
 * Checks queries already found in a file's text: syntax and type errors, lint findings and
 * duplicate rules, then the file's disable comments applied. The second half of {@link checkText}.
 */
export function checkExtracted(file: string, text: string, fmt: CheckFormat, extracted: Extracted, o: CheckOptions = {}): FileCheck {
  const opts = o.parser ?? {};
  const enabled = o.lint ?? defaultLintRules();
  const problems = [...extracted.problems];
  const queries: CheckedQuery[] = [];
  const rules = new Map<string, FoundQuery>();
  for (const q of extracted.queries) {
    const r = fmt === 'dashboard'
      ? parseDashboardQuery(q, opts)
      : { sub: { text: q.text, map: (i: number) => i }, ...parseWithDiagnostics(q.text, opts) };
    const errors = r.diagnostics.filter((d: ParseDiagnostic) => d.severity === 'error');
    // Prometheus compatibility: promtool words a rule's parse error as "could not parse expression".
    const prefix = q.rule ? 'could not parse expression: ' : '';
    for (const d of errors) problems.push(problemAt(file, q, r.sub.map(d.pos.start), d, 'error', 'syntax', prefix + d.text, r.sub.map(d.pos.end)));
    if (errors.length > 0 || !r.expr) continue;
    if (q.expect === 'selector' && unwrapParens(r.expr).type !== 'VectorSelector') {
      problems.push(problemAt(file, q, 0, { line: 1, column: 1 }, 'error', 'dashboard', 'a series selector is needed here (Grafana lists the series it matches), not an expression'));
      continue;
    }
    if (o.keepQueries) queries.push({ found: q, expr: r.expr, text: r.sub.text, toOriginal: r.sub.map });
    for (const f of lint(r.expr, enabled, o.metricTypes)) {
      const at = r.sub.map(f.pos.start);
      const d = { line: 1 + (q.text.slice(0, at).match(/\n/g)?.length ?? 0), column: at - q.text.lastIndexOf('\n', at - 1) };
      problems.push(problemAt(file, q, at, d, 'warning', f.rule, `${f.message} (${f.rule})`, r.sub.map(f.pos.end)));
    }
    if (q.rule && enabled.has('duplicate-rule')) {
      const key = `${q.rule.kind}\u0000${q.rule.name}\u0000${q.rule.labels}\u0000${format(q.text, opts)}`;
      const prev = rules.get(key);
      if (prev) {
        const at = prev.at(0);
        problems.push(problemAt(file, q, 0, { line: 1, column: 1 }, 'warning', 'duplicate-rule', `duplicate of the rule at line ${at.line} (duplicate-rule)`));
      } else rules.set(key, q);
    }
  }
  const disables = o.inFileDisables === false ? [] : findDisables(text, fmt);
  const known = new Set([...LINT_RULES.map((l) => l.id), 'all']);
  for (const d of disables) {
    for (const id of d.ids) {
      if (!known.has(id)) problems.push({ file, line: d.line, column: d.column, severity: 'warning', rule: 'disable', message: `unknown lint rule ${JSON.stringify(id)} in a promql-ts disable comment (see --list-rules)` });
    }
  }
  const kept = applyDisables(problems, disables);
  kept.sort((a, b) => a.line - b.line || a.column - b.column);
  return { problems: kept, queries, found: extracted.queries.length };
}
