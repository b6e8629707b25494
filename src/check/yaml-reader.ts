// The shared part of the rule-file and rule-test readers: a parsed YAML document read node by
// node (aliases resolved, merge keys expanded), the queries found, and problems placed in the file.
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { Lines } from '../util/source-map.js';
import { deref, mapPairs } from './yaml-nodes.js';
import type { FoundQuery, Diagnostic } from './types.js';

/** Reads one YAML document of a file; subclasses know its schema. */
export class YamlReader {
  readonly problems: Diagnostic[] = [];
  readonly queries: FoundQuery[] = [];
  readonly lines: Lines;

  constructor(readonly file: string, readonly text: string, readonly doc: Document, private readonly rule: string) {
    this.lines = new Lines(text);
  }

  /** A node with aliases resolved. */
  node(n: unknown): Node | null | undefined {
    return deref(this.doc, n) as Node | null | undefined;
  }

  /** The pairs of a map, merge keys expanded (a merge of a non-map is reported). */
  pairs(map: YAMLMap): Pair[] {
    const { pairs, bad } = mapPairs(this.doc, map);
    for (const b of bad) this.report(b, 'map merge requires map or sequence of maps as the value');
    return pairs;
  }

  /** File line and column of a node's start. */
  at(node: Node | null | undefined): { line: number; column: number } {
    return this.lines.at(node?.range?.[0] ?? 0);
  }

  /** Records a problem at a node (the start of the file when there is none). */
  report(node: Node | null | undefined, message: string, severity: Diagnostic['severity'] = 'error'): void {
    this.problems.push({ file: this.file, ...this.at(node), severity, rule: this.rule, message });
  }
}
