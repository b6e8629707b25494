// Reading rule groups from a rule file's text, with no file system: the text is checked as
// `promql check` checks a rule file (any error stops the read, with its place), then turned into
// plain rule definitions for RuleGroupsEvaluator. Runs in browsers.
import { parse as parseYAML } from 'yaml';
import { checkText } from '../check/check.js';
import { textLine } from '../check/report.js';
import type { ParserOptions } from '../parser/parse.js';
import { parseDurationMs } from '../util/durations.js';

/** A recording or alerting rule. Durations are milliseconds. */
export interface RuleDef {
  readonly kind: 'record' | 'alert';
  readonly name: string;
  readonly expr: string;
  readonly for: number;
  readonly keepFiringFor: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A rule group as read from a file. */
export interface GroupDef {
  readonly file: string;
  readonly name: string;
  readonly rules: readonly RuleDef[];
}

/** A rule file that failed to load; `problems` are `path:line:col: error: …` lines. */
export class RuleLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Options of {@link parseRuleGroups}. */
export interface ParseRuleGroupsOptions {
  /** The file name groups and problems carry (default `<rules>`). */
  readonly file?: string;
  /** Parser options for the rules' expressions (experimental functions, …). */
  readonly parser?: ParserOptions;
  /** Unknown fields are not errors (promtool's `--ignore-unknown-fields`). */
  readonly ignoreUnknownFields?: boolean;
}

const UNKNOWN_FIELD = /^field \S+ not found in type /;

function duration(v: unknown): number {
  if (v === undefined || v === null || v === '' || v === '0' || v === 0) return 0;
  return parseDurationMs(String(v));
}

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out[k] = x === null ? '' : String(x);
  return out;
}

/**
 * Reads the rule groups of a Prometheus rule file's text (a plain rule file or a Kubernetes
 * `PrometheusRule`), as {@link RuleGroupsEvaluator} takes them. The text is validated as
 * Prometheus validates rule files (structure, expressions, templates; YAML anchors and merge keys
 * resolved); any error throws a {@link RuleLoadError} listing every problem with its
 * `file:line:col`. Needs no file system.
 */
export function parseRuleGroups(text: string, options: ParseRuleGroupsOptions = {}): GroupDef[] {
  const file = options.file ?? '<rules>';
  const problems = checkText(file, text, { format: 'rules', parser: options.parser ?? {}, lint: new Set() }).problems
    .filter((p) => p.severity === 'error' && !(options.ignoreUnknownFields && UNKNOWN_FIELD.test(p.message)));
  if (problems.length > 0) throw new RuleLoadError(problems.map(textLine));
  let doc = (parseYAML(text, { merge: true }) ?? {}) as { groups?: unknown; kind?: string; spec?: { groups?: unknown } };
  if (doc.kind === 'PrometheusRule' && doc.spec) doc = doc.spec;
  return ((Array.isArray(doc.groups) ? doc.groups : []) as Record<string, unknown>[]).map((g): GroupDef => ({
    file,
    name: String(g.name),
    rules: ((g.rules ?? []) as Record<string, unknown>[]).map((r): RuleDef => ({
      kind: r.record ? 'record' : 'alert',
      name: String(r.record ?? r.alert),
      expr: String(r.expr),
      for: duration(r.for),
      keepFiringFor: duration(r.keep_firing_for),
      labels: strings(r.labels),
      annotations: strings(r.annotations),
    })),
  }));
}
