// In-file disables: `# promql-ts disable ID[, ID…]` silences those rule ids for the next rule
// (YAML: the next entry and everything indented under it) or the next query (query files); at the
// end of a line, for that line; `# promql-ts file/disable ID…` for the whole file. `all` is every id.
import { splitQueries } from './query-file.js';
import type { CheckFormat } from './check.js';
import type { Diagnostic } from './types.js';

const COMMENT = /#\s*promql-ts\s+(file\/)?disable\b([^\n#]*)/;

/** One disable: rule ids over an inclusive range of 1-based lines (whole file: 1 to Infinity). */
export interface Disable {
  readonly ids: ReadonlySet<string>;
  readonly from: number;
  readonly to: number;
  /** Where the comment is, to report unknown ids. */
  readonly line: number;
  readonly column: number;
}

const indentOf = (l: string) => l.length - l.trimStart().length;

/** The last line of the YAML entry starting at line index `i`: every following line indented deeper (blank lines included). */
function yamlBlockEnd(lines: string[], i: number): number {
  const base = indentOf(lines[i]);
  let end = i;
  for (let k = i + 1; k < lines.length; k++) {
    if (lines[k].trim() === '') continue;
    if (indentOf(lines[k]) <= base) break;
    end = k;
  }
  return end;
}

/** Reads the disable comments of a file (formats without comments have none). */
export function findDisables(text: string, format: CheckFormat): Disable[] {
  if (format === 'dashboard' || !text.includes('promql-ts')) return [];
  const lines = text.split('\n');
  const queries = format === 'promql' ? splitQueries(text) : [];
  const out: Disable[] = [];
  lines.forEach((line, i) => {
    const m = COMMENT.exec(line);
    if (!m) return;
    const ids = new Set(m[2].split(/[\s,]+/).filter(Boolean));
    const at = { line: i + 1, column: m.index + 1 };
    if (m[1]) {
      out.push({ ids, from: 1, to: Infinity, ...at });
      return;
    }
    if (line.slice(0, m.index).trim() !== '') {
      out.push({ ids, from: i + 1, to: i + 1, ...at });
      return;
    }
    let next = i + 1;
    while (next < lines.length && (lines[next].trim() === '' || /^\s*#/.test(lines[next]))) next++;
    if (next >= lines.length) return;
    if (format === 'promql') {
      const q = queries.find((x) => x.line === next + 1);
      const span = q ? q.text.split('\n').length : 1;
      out.push({ ids, from: next + 1, to: next + span, ...at });
    } else out.push({ ids, from: next + 1, to: yamlBlockEnd(lines, next) + 1, ...at });
  });
  return out;
}

/** The problems a disable does not cover. Only warnings and lint findings can be disabled, never errors. */
export function applyDisables(problems: readonly Diagnostic[], disables: readonly Disable[]): Diagnostic[] {
  if (disables.length === 0) return [...problems];
  return problems.filter((p) => p.severity === 'error' || !disables.some((d) => p.line >= d.from && p.line <= d.to && (d.ids.has(p.rule) || d.ids.has('all'))));
}
