// Expanding `promql check` inputs: files, directories (recursively, by known extensions), glob
// patterns the shell did not expand (`*`, `**`, `?`, `{a,b}`), and `-` for standard input.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { globRegex } from '../util/glob.js';
import { readErrorReason } from '../util/read-file.js';

const CHECKED = /\.(?:ya?ml|json|promql)$/i;

/** An input: a path to read, or standard input. */
export type Input = { kind: 'file'; path: string } | { kind: 'stdin' } | { kind: 'missing'; path: string; why: string };

function walk(dir: string, out: Input[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && CHECKED.test(e.name)) out.push({ kind: 'file', path: p });
  }
}

function expandGlob(pattern: string, out: Input[]): void {
  const first = pattern.search(/[*?{]/);
  const slash = pattern.lastIndexOf('/', first);
  const base = slash < 0 ? '.' : pattern.slice(0, slash) || '/';
  const re = globRegex(slash < 0 ? `./${pattern}` : pattern);
  const found: Input[] = [];
  try {
    walk(base, found);
  } catch {
    out.push({ kind: 'missing', path: pattern, why: 'no such directory' });
    return;
  }
  const matched = found.filter((f) => f.kind === 'file' && re.test(slash < 0 ? `./${f.path}` : f.path));
  if (matched.length === 0) out.push({ kind: 'missing', path: pattern, why: 'no file matches' });
  out.push(...matched);
}

/** Expands the command-line arguments into inputs, in order, without duplicates. */
export function expandInputs(args: readonly string[]): Input[] {
  const out: Input[] = [];
  for (const a of args) {
    if (a === '-') {
      out.push({ kind: 'stdin' });
      continue;
    }
    let st;
    try {
      st = statSync(a);
    } catch (e) {
      if (/[*?{]/.test(a)) expandGlob(a, out);
      else out.push({ kind: 'missing', path: a, why: readErrorReason(e) });
      continue;
    }
    if (st.isDirectory()) walk(a, out);
    else out.push({ kind: 'file', path: a });
  }
  const seen = new Set<string>();
  return out.filter((i) => i.kind !== 'file' || (!seen.has(i.path) && seen.add(i.path)));
}
