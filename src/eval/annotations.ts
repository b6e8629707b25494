// Annotations (warnings and infos) as Prometheus collects them: keyed by message, so a repeated
// annotation keeps one position (the last one added).
import type { Pos } from '../parser/ast.js';
import { lineCol } from '../parser/positions.js';
import { formatFloatG, formatFloatGPrec } from '../util/go-format.js';

/** The extra data of histogram_quantile's forced-monotonicity info, merged over all its samples. */
interface MonotonicityDetail {
  minTs: number;
  maxTs: number;
  minBucket: number;
  maxBucket: number;
  maxDiff: number;
  /** Samples merged into this annotation beyond the first. */
  count: number;
}

function rfc3339(ms: number): string {
  return new Date(Math.trunc(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function renderDetail(d: MonotonicityDetail): string {
  return `, from buckets ${formatFloatG(d.minBucket)} to ${formatFloatG(d.maxBucket)}, with a max diff of ${formatFloatGPrec(d.maxDiff, 2)}, over ${d.count + 1} samples from ${rfc3339(d.minTs)} to ${rfc3339(d.maxTs)}`;
}

/** A warning or info attached to a result. */
export interface Annotation {
  readonly level: 'warning' | 'info';
  /** The text without prefix or position, e.g. `metric might not be a counter, …`. */
  readonly message: string;
  /** Position of the annotated sub-expression in the query. */
  readonly pos: Pos;
  /** Prometheus's rendering: `PromQL info: <message> (line:col)`. */
  readonly text: string;
}

/** Collects annotations during one query. */
export class Annotations {
  private readonly items = new Map<string, { level: 'warning' | 'info'; message: string; pos: Pos; detail?: MonotonicityDetail; count?: number }>();

  add(level: 'warning' | 'info', message: string, pos: Pos): void {
    const key = `${level}\u0000${message}`;
    this.items.delete(key);
    this.items.set(key, { level, message, pos });
  }

  warn(message: string, pos: Pos): void {
    this.add('warning', message, pos);
  }

  info(message: string, pos: Pos): void {
    this.add('info', message, pos);
  }

  /**
   * Records that histogram_quantile forced bucket counts to be monotonic at time `ts`. Repeats
   * merge as Prometheus merges them: the first position stays, ranges widen, samples are counted.
   */
  forcedMonotonicity(message: string, pos: Pos, ts: number, minBucket: number, maxBucket: number, maxDiff: number): void {
    const key = `info\u0000${message}`;
    const prev = this.items.get(key)?.detail;
    if (!prev) {
      this.items.set(key, { level: 'info', message, pos, detail: { minTs: ts, maxTs: ts, minBucket, maxBucket, maxDiff, count: 0 } });
      return;
    }
    prev.minTs = Math.min(prev.minTs, ts);
    prev.maxTs = Math.max(prev.maxTs, ts);
    prev.minBucket = Math.min(prev.minBucket, minBucket);
    prev.maxBucket = Math.max(prev.maxBucket, maxBucket);
    prev.maxDiff = Math.max(prev.maxDiff, maxDiff);
    prev.count++;
  }

  /**
   * Adds an annotation that counts its repeats instead of replacing them: the first position
   * stays and the text gets `(N occurrences)` (Prometheus's start-time overlap warning).
   */
  counted(level: 'warning' | 'info', message: string, pos: Pos): void {
    const key = `${level}\u0000${message}`;
    const prev = this.items.get(key);
    if (prev) prev.count = (prev.count ?? 1) + 1;
    else this.items.set(key, { level, message, pos, count: 1 });
  }

  /** The annotations of one level, rendered against the query text. */
  render(query: string, level: 'warning' | 'info'): Annotation[] {
    const out: Annotation[] = [];
    for (const a of this.items.values()) {
      if (a.level !== level) continue;
      const { line, column } = lineCol(query, a.pos.start);
      const message = a.detail ? a.message + renderDetail(a.detail) : a.count && a.count > 1 ? `${a.message} (${a.count} occurrences)` : a.message;
      out.push({ level: a.level, message, pos: a.pos, text: `PromQL ${level}: ${message} (${line}:${column})` });
    }
    return out;
  }
}
