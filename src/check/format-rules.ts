// Formatting the queries of a rule file in place: only the `expr` values change; everything else
// (comments, indentation, key order, quoting of other values) stays byte for byte.
import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import { format, type FormatOptions } from '../parser/format.js';
import { check } from '../parser/parse.js';

/** Result of formatting a rule file: the new text, and the queries that could not be formatted. */
export interface FormattedRules {
  readonly text: string;
  readonly changed: number;
  readonly failed: { line: number; message: string }[];
}

const PLAIN_UNSAFE = /^[\s\-?:,[\]{}#&*!|>'"%@`]|: | #|\s$/;

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The YAML source for an expression value, in the style of the original scalar where possible. */
function render(text: string, node: Scalar, query: string): string {
  const [start] = node.range!;
  const keyIndent = start - lineStart(text, start);
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  if (!block && !query.includes('\n')) {
    if (node.type === 'PLAIN' && !PLAIN_UNSAFE.test(query)) return query;
    if (node.type === 'QUOTE_SINGLE' && !query.includes('\n')) return `'${query.replace(/'/g, "''")}'`;
    return JSON.stringify(query);
  }
  let indent = keyIndent + 2;
  if (block) {
    const header = text.indexOf('\n', start);
    const firstLine = text.slice(header + 1).match(/^ */)![0].length;
    indent = firstLine > 0 ? firstLine : keyIndent + 2;
  }
  const pad = ' '.repeat(indent);
  return `|-\n${query.split('\n').map((l) => (l ? pad + l : l)).join('\n')}\n`;
}

/** Formats every `expr` of a rule file (or PrometheusRule). Invalid queries are left as they are. */
export function formatRuleFile(text: string, opts: FormatOptions = {}): FormattedRules {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  let root: unknown = doc.contents;
  if (isMap(root) && root.get('kind') === 'PrometheusRule' && isMap(root.get('spec', true))) root = root.get('spec', true);
  const edits: { start: number; end: number; text: string }[] = [];
  const failed: { line: number; message: string }[] = [];
  const groups = isMap(root) ? root.get('groups', true) : null;
  for (const g of isSeq(groups) ? groups.items : []) {
    const rules = isMap(g) ? g.get('rules', true) : null;
    for (const r of isSeq(rules) ? rules.items : []) {
      const expr = isMap(r) ? r.get('expr', true) : null;
      if (!isScalar(expr) || typeof expr.value !== 'string' || !expr.range) continue;
      const problems = check(expr.value, opts);
      if (problems.length > 0) {
        failed.push({ line: text.slice(0, expr.range[0]).split('\n').length, message: problems[0].text });
        continue;
      }
      const formatted = format(expr.value, opts);
      if (formatted === expr.value.replace(/\n$/, '')) continue;
      edits.push({ start: expr.range[0], end: expr.range[1], text: render(text, expr, formatted) });
    }
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    const suffix = out.slice(e.end);
    // A block scalar's range ends after its last line break; keep exactly one.
    const replacement = e.text.endsWith('\n') && !out.slice(e.start, e.end).endsWith('\n') ? e.text.slice(0, -1) : e.text;
    out = out.slice(0, e.start) + replacement + suffix;
  }
  return { text: out, changed: edits.length, failed };
}
