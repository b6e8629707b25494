// Annotations (warnings and infos) as Prometheus collects them: keyed by message, so a repeated
// annotation keeps one position (the last one added).
import type { Pos } from '../parser/ast.js';
import { lineCol } from '../parser/positions.js';

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
  private readonly items = new Map<string, { level: 'warning' | 'info'; message: string; pos: Pos }>();

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

  /** The annotations of one level, rendered against the query text. */
  render(query: string, level: 'warning' | 'info'): Annotation[] {
    const out: Annotation[] = [];
    for (const a of this.items.values()) {
      if (a.level !== level) continue;
      const { line, column } = lineCol(query, a.pos.start);
      out.push({ ...a, text: `PromQL ${level}: ${a.message} (${line}:${column})` });
    }
    return out;
  }
}
