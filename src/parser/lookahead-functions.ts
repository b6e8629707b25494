// Lookahead functions built from LL(k) lookahead paths: what chevrotain calls before each OR,
// OPTION and MANY to choose the alternative or decide whether to enter the production.
import type { TokenType } from '#chevrotain';

/** The paths of one alternative: each path is the token types to expect at LA(1), LA(2), …. */
export type AltPaths = readonly (readonly TokenType[])[];

/**
 * The parser as our lookahead functions see it: chevrotain calls them with the parser as `this`.
 * `LA_FAST(i)` is the i-th token ahead (1-based), read without bounds checks.
 */
interface LookaheadHost {
  LA_FAST(howMuch: number): { tokenTypeIdx: number };
}

/** What chevrotain passes an alternation's lookahead function: the alternatives, with their gates. */
type GatedAlt = { GATE?: (this: unknown) => boolean };

/** An alternation's lookahead: the index of the alternative to take, or undefined if none matches. */
export type AltLookahead = (this: LookaheadHost, alts: readonly GatedAlt[]) => number | undefined;

/** An optional production's lookahead: whether to enter it. */
export type OptionalLookahead = (this: LookaheadHost) => boolean;

/**
 * The token type indexes a path element matches, as a dense array by tokenTypeIdx: the type
 * itself and, if it is a category, every type in it (chevrotain's `categoryMatches`, transitive).
 */
function matchSet(t: TokenType, size: number): boolean[] {
  const set = new Array<boolean>(size).fill(false);
  set[t.tokenTypeIdx!] = true;
  for (const idx of t.categoryMatches ?? []) set[idx] = true;
  return set;
}

/** One past the largest tokenTypeIdx the paths can match. */
function tableSize(alts: readonly AltPaths[]): number {
  let max = 0;
  for (const alt of alts) {
    for (const path of alt) {
      for (const t of path) {
        max = Math.max(max, t.tokenTypeIdx!);
        for (const idx of t.categoryMatches ?? []) max = Math.max(max, idx);
      }
    }
  }
  return max + 1;
}

/** A path as one match set per position. */
type CompiledPath = readonly (readonly boolean[])[];

/** Whether the tokens ahead match `path` (an empty path always matches). */
function matchesPath(host: LookaheadHost, path: CompiledPath): boolean {
  return matchesPathFrom(host, path, 1);
}

/** Whether the tokens from LA(`from`) on match `path`. */
function matchesPathFrom(host: LookaheadHost, path: CompiledPath, from: number): boolean {
  for (let i = 0; i < path.length; i++) {
    if (path[i][host.LA_FAST(i + from).tokenTypeIdx] !== true) return false;
  }
  return true;
}

function compile(alts: readonly AltPaths[]): CompiledPath[][] {
  const size = tableSize(alts);
  return alts.map((alt) => alt.map((path) => path.map((t) => matchSet(t, size))));
}

const isSingleToken = (alts: readonly AltPaths[]): boolean => alts.every((alt) => alt.every((p) => p.length === 1));

/**
 * The lookahead function of an alternation. The first alternative (in order) whose gate, if any,
 * holds and one of whose paths matches is taken; a gate is evaluated only when its alternative
 * is reached, as chevrotain does. With `hasPredicates` false the gates are not consulted.
 */
export function alternationLookahead(alts: readonly AltPaths[], hasPredicates: boolean): AltLookahead {
  if (!hasPredicates && isSingleToken(alts)) {
    // One token decides: the alternative to take is a lookup by its type.
    const size = tableSize(alts);
    const choice = new Array<number | undefined>(size).fill(undefined);
    alts.forEach((alt, altIdx) => {
      for (const path of alt) {
        const set = matchSet(path[0], size);
        for (let idx = 0; idx < size; idx++) if (set[idx] && choice[idx] === undefined) choice[idx] = altIdx;
      }
    });
    return function (this: LookaheadHost) {
      return choice[this.LA_FAST(1).tokenTypeIdx];
    };
  }
  const compiled = compile(alts);
  const candidates = candidatesByFirstToken(compiled);
  if (!hasPredicates) {
    return function (this: LookaheadHost) {
      const cands = candidates(this.LA_FAST(1).tokenTypeIdx);
      if (cands === undefined) return undefined;
      for (let c = 0; c < cands.length; c++) {
        const t = cands[c];
        for (const path of compiled[t]) if (matchesPath(this, path)) return t;
      }
      return undefined;
    };
  }
  return function (this: LookaheadHost, orAlts: readonly GatedAlt[]) {
    const cands = candidates(this.LA_FAST(1).tokenTypeIdx);
    if (cands === undefined) return undefined;
    for (let c = 0; c < cands.length; c++) {
      const t = cands[c];
      const gate = orAlts[t].GATE;
      if (gate !== undefined && gate.call(this) === false) continue;
      for (const path of compiled[t]) if (matchesPath(this, path)) return t;
    }
    return undefined;
  };
}

/**
 * For a token type index, the alternatives (in order) one of whose paths can start with it (an
 * empty path starts with anything); undefined where none can. Only these need their gates and
 * paths tried: the others cannot match. (Gates are pure predicates of the tokens ahead, so not
 * evaluating those of alternatives that cannot match changes nothing.)
 */
function candidatesByFirstToken(compiled: readonly CompiledPath[][]): (idx: number) => readonly number[] | undefined {
  const all = compiled.map((_, altIdx) => altIdx);
  if (compiled.some((alt) => alt.some((path) => path.length === 0))) return () => all;
  const size = Math.max(0, ...compiled.flatMap((alt) => alt.map((path) => path[0].length)));
  const byIdx: (number[] | undefined)[] = new Array<number[] | undefined>(size).fill(undefined);
  compiled.forEach((alt, altIdx) => {
    for (let idx = 0; idx < size; idx++) {
      if (alt.some((path) => path[0][idx] === true)) (byIdx[idx] ??= []).push(altIdx);
    }
  });
  return (idx) => byIdx[idx];
}

/**
 * The lookahead function of an optional production (OPTION, MANY, …), from the paths that lead
 * into it: true when one of them matches the tokens ahead.
 */
export function optionalLookahead(inside: AltPaths): OptionalLookahead {
  if (isSingleToken([inside])) {
    const size = tableSize([inside]);
    const enter = new Array<boolean>(size).fill(false);
    for (const path of inside) {
      const set = matchSet(path[0], size);
      for (let idx = 0; idx < size; idx++) if (set[idx]) enter[idx] = true;
    }
    return function (this: LookaheadHost) {
      return enter[this.LA_FAST(1).tokenTypeIdx] === true;
    };
  }
  const [paths] = compile([inside]);
  // An empty path enters whatever follows.
  if (paths.some((path) => path.length === 0)) return () => true;
  // By the next token's type: enter (a one-token path starts with it), or the rest of the paths
  // that start with it, to match from the second token on; undefined where none starts with it.
  const size = Math.max(...paths.map((path) => path[0].length));
  const byFirst = new Array<true | CompiledPath[] | undefined>(size).fill(undefined);
  for (let idx = 0; idx < size; idx++) {
    for (const path of paths) {
      const now = byFirst[idx];
      if (path[0][idx] !== true || now === true) continue;
      if (path.length === 1) byFirst[idx] = true;
      else if (now === undefined) byFirst[idx] = [path.slice(1)];
      else now.push(path.slice(1));
    }
  }
  return function (this: LookaheadHost) {
    const rest = byFirst[this.LA_FAST(1).tokenTypeIdx];
    if (rest === undefined) return false;
    if (rest === true) return true;
    for (let p = 0; p < rest.length; p++) if (matchesPathFrom(this, rest[p], 2)) return true;
    return false;
  };
}
