// Glob patterns (`*`, `**`, `?`, `[abc]`, `[!a-z]`, `{a,b}` nested, `\x`) over `/`-separated
// paths, matched in linear time: the pattern becomes an RE2 expression run by re2js (no backtracking).
import { RE2JS } from 're2js';

/** A compiled glob: `test(path)` says whether the whole path matches. */
export interface GlobMatcher {
  /** The pattern as written. */
  readonly glob: string;
  /** Whether the whole of `path` matches; linear in the path's length whatever the pattern. */
  test(path: string): boolean;
}

/** A glob that cannot be read, e.g. an unclosed `[`. */
export class GlobSyntaxError extends Error {
  constructor(readonly glob: string, readonly offset: number, reason: string) {
    super(`invalid glob ${JSON.stringify(glob)} at offset ${offset}: ${reason}`);
    this.name = 'GlobSyntaxError';
  }
}

/** Characters that glob syntax gives a meaning; the test for "is this argument a pattern?". */
export const GLOB_SPECIAL = /[*?[{]/;

const quote = (c: string) => (/[A-Za-z0-9_/\-]/.test(c) ? c : RE2JS.quote(c));

/** A `[…]` class starting at `i` (on the `[`): its RE2 form and the offset after its `]`. */
function charClass(glob: string, i: number): [string, number] {
  let j = i + 1;
  let negate = false;
  if (glob[j] === '!' || glob[j] === '^') {
    negate = true;
    j++;
  }
  let body = '';
  // A `]` right after the opening (or after `!`) is a literal member, as in shells.
  for (let first = true; j < glob.length && (first || glob[j] !== ']'); j++, first = false) {
    const c = glob[j] === '\\' && j + 1 < glob.length ? glob[++j] : glob[j];
    body += c === '-' && !first && glob[j + 1] !== ']' ? '-' : /[\\\]^\-[]/.test(c) ? `\\${c}` : c;
  }
  if (j >= glob.length) throw new GlobSyntaxError(glob, i, 'unclosed "["');
  // Classes never match the separator.
  return [negate ? `[^/${body}]` : `(?:[${body}])`, j + 1];
}

/**
 * Translates glob text from `i` up to (not including) a `,` or `}` at brace depth `depth`, or the
 * end. Returns the RE2 source and the offset where it stopped.
 */
function translate(glob: string, i: number, depth: number): [string, number] {
  let re = '';
  while (i < glob.length) {
    const c = glob[i];
    if (depth > 0 && (c === ',' || c === '}')) return [re, i];
    if (c === '\\' && i + 1 < glob.length) {
      re += quote(glob[i + 1]);
      i += 2;
    } else if (c === '*' && glob[i + 1] === '*') {
      const atStart = i === 0 || glob[i - 1] === '/';
      const slash = glob[i + 2] === '/';
      // `**/` matches any number of whole directories (also none); a bare `**` anything.
      if (atStart && slash) {
        re += '(?:[^/]*/)*';
        i += 3;
      } else {
        re += '.*';
        i += 2;
      }
    } else if (c === '*') {
      re += '[^/]*';
      i++;
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '[') {
      const [cls, next] = charClass(glob, i);
      re += cls;
      i = next;
    } else if (c === '{') {
      const alternatives: string[] = [];
      let j = i + 1;
      for (;;) {
        const [alt, stop] = translate(glob, j, depth + 1);
        alternatives.push(alt);
        if (stop >= glob.length) throw new GlobSyntaxError(glob, i, 'unclosed "{"');
        j = stop + 1;
        if (glob[stop] === '}') break;
      }
      re += `(?:${alternatives.join('|')})`;
      i = j;
    } else {
      re += quote(c);
      i++;
    }
  }
  return [re, i];
}

/** The RE2 source (anchored by the caller's full match) equivalent to a glob. */
export function globSource(glob: string): string {
  const [re, stop] = translate(glob, 0, 0);
  if (stop < glob.length) throw new GlobSyntaxError(glob, stop, `unexpected ${JSON.stringify(glob[stop])}`);
  return re;
}

/**
 * Compiles a glob. `*` and `?` never match `/`; `**` as a whole path segment matches any number of
 * directories. Throws GlobSyntaxError for an unclosed `[` or `{`.
 */
export function compileGlob(glob: string): GlobMatcher {
  const re = RE2JS.compile(globSource(glob), RE2JS.DOTALL);
  return { glob, test: (path: string) => re.matches(path) };
}

/** Former name of {@link compileGlob}, kept for callers that only use `.test`. */
export const globRegex = compileGlob;
