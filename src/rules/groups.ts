// Loading rule files for evaluation: each file is checked as `promql check` checks it (any error
// stops the load, with its place), then read into plain rule definitions.
import { parse as parseYAML } from 'yaml';
import { checkText } from '../check/check.js';
import { textLine } from '../check/report.js';
import type { ParserOptions } from '../parser/parse.js';
import { parseDurationMs } from '../util/durations.js';
import { readTextFile, type FileReadError } from '../util/read-file.js';

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

/** A rule group as loaded from a file. */
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

function duration(v: unknown): number {
  if (v === undefined || v === null || v === '' || v === '0' || v === 0) return 0;
  return parseDurationMs(String(v));
}

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out[k] = x === null ? '' : String(x);
  return out;
}

/** Options of {@link loadRuleFiles}. */
export interface LoadRuleOptions {
  /** Unknown fields in a rule file are not errors (promtool's `--ignore-unknown-fields`). */
  readonly ignoreUnknownFields?: boolean;
}

const UNKNOWN_FIELD = /^field \S+ not found in type /;

/** Loads rule files in order; throws RuleLoadError listing every problem of every file. */
export function loadRuleFiles(paths: readonly string[], parser: ParserOptions = {}, options: LoadRuleOptions = {}): GroupDef[] {
  const groups: GroupDef[] = [];
  const problems: string[] = [];
  for (const file of paths) {
    let text: string;
    try {
      text = readTextFile(file);
    } catch (e) {
      problems.push((e as FileReadError).message);
      continue;
    }
    const found = checkText(file, text, { format: 'rules', parser, lint: new Set() }).problems
      .filter((p) => p.severity === 'error' && !(options.ignoreUnknownFields && UNKNOWN_FIELD.test(p.message)));
    if (found.length > 0) {
      problems.push(...found.map(textLine));
      continue;
    }
    let doc = (parseYAML(text, { merge: true }) ?? {}) as { groups?: unknown; kind?: string; spec?: { groups?: unknown } };
    if (doc.kind === 'PrometheusRule' && doc.spec) doc = doc.spec;
    for (const g of (Array.isArray(doc.groups) ? doc.groups : []) as Record<string, unknown>[]) {
      const rules = ((g.rules ?? []) as Record<string, unknown>[]).map((r): RuleDef => ({
        kind: r.record ? 'record' : 'alert',
        name: String(r.record ?? r.alert),
        expr: String(r.expr),
        for: duration(r.for),
        keepFiringFor: duration(r.keep_firing_for),
        labels: strings(r.labels),
        annotations: strings(r.annotations),
      }));
      groups.push({ file, name: String(g.name), rules });
    }
  }
  if (problems.length > 0) throw new RuleLoadError(problems);
  return groups;
}
