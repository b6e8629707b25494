// Expanding `promql check` inputs: files, directories (recursively, by known extensions), glob
// patterns the shell did not expand (`*`, `**`, `?`, `[…]`, `{a,b}`), and `-` for standard input.
import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import { compileGlob, GLOB_SPECIAL, GlobSyntaxError, type GlobMatcher } from '../util/glob.js';
import { readErrorReason } from '../util/read-file.js';

const CHECKED = /\.(?:ya?ml|json|promql)$/i;

/** An input: a path to read, standard input, or an argument or directory that could not be read. */
export type Input = { kind: 'file'; path: string } | { kind: 'stdin' } | { kind: 'missing'; path: string; why: string };

/** The file-system calls the expansion makes (a seam for tests: unreadable directories as root). */
export interface InputFs {
  readdirSync(dir: string, o: { withFileTypes: true }): nodeFs.Dirent[];
  statSync(path: string): nodeFs.Stats;
}

/** Options of {@link expandInputs}. */
export interface ExpandOptions {
  /** Whether a path is skipped (files and directories found by walks and globs, and named files). */
  readonly exclude?: (path: string) => boolean;
  readonly fs?: InputFs;
}

type Excluded = (path: string) => boolean;

/**
 * Walks a directory in name order. An unreadable directory is one `missing` entry; the walk goes
 * on with its siblings (Prometheus compatibility is not at stake: promtool takes no directories).
 */
function walk(fs: InputFs, dir: string, out: Input[], exclude: Excluded): void {
  let entries: nodeFs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    out.push({ kind: 'missing', path: dir, why: readErrorReason(e) });
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (exclude(p)) continue;
    if (e.isDirectory()) walk(fs, p, out, exclude);
    else if (e.isFile() && CHECKED.test(e.name)) out.push({ kind: 'file', path: p });
  }
}

function expandGlob(fs: InputFs, pattern: string, out: Input[], exclude: Excluded): void {
  const first = pattern.search(GLOB_SPECIAL);
  const slash = pattern.lastIndexOf('/', first);
  const base = slash < 0 ? '.' : pattern.slice(0, slash) || '/';
  let glob: GlobMatcher;
  try {
    glob = compileGlob(slash < 0 ? `./${pattern}` : pattern);
  } catch (e) {
    if (!(e instanceof GlobSyntaxError)) throw e;
    out.push({ kind: 'missing', path: pattern, why: e.message });
    return;
  }
  const found: Input[] = [];
  walk(fs, base, found, exclude);
  const matched = found.filter((f) => f.kind === 'file' && glob.test(slash < 0 ? `./${f.path}` : f.path));
  const unreadable = found.filter((f) => f.kind === 'missing');
  if (unreadable.length > 0 && unreadable[0].kind === 'missing' && unreadable[0].path === base) {
    out.push({ kind: 'missing', path: pattern, why: `no such directory ${base}` });
    return;
  }
  out.push(...unreadable);
  if (matched.length === 0) out.push({ kind: 'missing', path: pattern, why: 'no file matches' });
  out.push(...matched);
}

/** Expands the command-line arguments into inputs, in order, without duplicates. */
export function expandInputs(args: readonly string[], o: ExpandOptions = {}): Input[] {
  const fs = o.fs ?? nodeFs;
  const exclude = o.exclude ?? (() => false);
  const out: Input[] = [];
  for (const a of args) {
    if (a === '-') {
      out.push({ kind: 'stdin' });
      continue;
    }
    let st;
    try {
      st = fs.statSync(a);
    } catch (e) {
      if (GLOB_SPECIAL.test(a)) expandGlob(fs, a, out, exclude);
      else out.push({ kind: 'missing', path: a, why: readErrorReason(e) });
      continue;
    }
    if (st.isDirectory()) walk(fs, a, out, exclude);
    else if (!exclude(a)) out.push({ kind: 'file', path: a });
  }
  const seen = new Set<string>();
  return out.filter((i) => i.kind !== 'file' || (!seen.has(i.path) && seen.add(i.path)));
}
