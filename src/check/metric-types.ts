// What is known of metrics' types for the rate-on-gauge lint: `# TYPE` lines of fixture data, and
// built-in tables of well-known exporters. A family's type covers its series (`_total`,
// `_bucket`, `_sum`, `_count`), as the exposition formats define them.
import { GENERATED_METRIC_TYPES } from './known-metric-types.js';
import { HAND_METRIC_TYPES, PATTERN_METRIC_TYPES } from './metric-types-hand.js';

/** A metric type as the exposition formats name them (`untyped` and `unknown` are not kept). */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset';

/** What is known of one series name: its type, whether it rises only (rate() fits), and where that came from. */
export interface KnownType {
  /** The type of the family the series belongs to. */
  readonly type: MetricType;
  /** Whether the series only rises between resets (counters, histogram buckets, sums and counts). */
  readonly cumulative: boolean;
  /** Where the type is from: `--data FILE` or an exporter's name. */
  readonly source: string;
}

const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset']);

/** Types of metric families, with their series resolved by suffix. */
export class MetricTypes {
  private readonly families = new Map<string, { type: MetricType; source: string }>();
  private readonly patterns: { pattern: RegExp; type: MetricType; source: string }[] = [];

  /** Records a family's type (the first record of a name wins). Unknown type words are ignored. */
  add(family: string, type: string, source: string): void {
    const t = type.toLowerCase();
    if (!TYPES.has(t) || this.families.has(family)) return;
    this.families.set(family, { type: t as MetricType, source });
  }

  /** Records a name pattern, consulted after exact names. */
  addPattern(pattern: RegExp, type: MetricType, source: string): void {
    this.patterns.push({ pattern, type, source });
  }

  /** Records `name type` lines. */
  addLines(lines: string, source: string): void {
    for (const line of lines.split('\n')) {
      const [name, type] = line.trim().split(/\s+/);
      if (name && type) this.add(name, type, source);
    }
  }

  /** Adds every `# TYPE name type` line of an exposition text (Prometheus text or OpenMetrics). */
  addExposition(text: string, source: string): void {
    for (const m of text.matchAll(/^#\s*TYPE\s+(\S+)\s+(\S+)/gm)) this.add(m[1].replace(/^"|"$/g, ''), m[2], source);
  }

  /** What is known of a series name, or undefined. */
  lookup(name: string): KnownType | undefined {
    const direct = this.families.get(name);
    if (direct) return { ...direct, cumulative: direct.type === 'counter' || direct.type === 'histogram' };
    const m = /^(.*)_(total|created|bucket|sum|count|gcount|gsum)$/.exec(name);
    if (m) {
      const fam = this.families.get(m[1]);
      if (fam) {
        const cumulative = (fam.type === 'counter' && m[2] === 'total')
          || ((fam.type === 'histogram' || fam.type === 'summary') && (m[2] === 'bucket' || m[2] === 'sum' || m[2] === 'count'));
        return { ...fam, cumulative };
      }
    }
    for (const p of this.patterns) if (p.pattern.test(name)) return { type: p.type, source: p.source, cumulative: p.type === 'counter' };
    return undefined;
  }

  /** Whether nothing is recorded. */
  get empty(): boolean {
    return this.families.size === 0 && this.patterns.length === 0;
  }
}

/** Adds the built-in tables of well-known exporters (node_exporter, kube-state-metrics, kubelet, cAdvisor, client-go, Prometheus). */
export function addBuiltinTypes(types: MetricTypes): MetricTypes {
  for (const [source, lines] of Object.entries(GENERATED_METRIC_TYPES)) types.addLines(lines, source);
  for (const [source, lines] of Object.entries(HAND_METRIC_TYPES)) types.addLines(lines, source);
  for (const p of PATTERN_METRIC_TYPES) types.addPattern(p.pattern, p.type as MetricType, p.source);
  return types;
}

let builtin: MetricTypes | null = null;

/** The built-in tables alone (built once). */
export function builtinTypes(): MetricTypes {
  return (builtin ??= addBuiltinTypes(new MetricTypes()));
}
