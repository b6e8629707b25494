// Compiled label-matcher regexes, cached under a cap on both the number of entries and their
// total source length, with Prometheus's shortcut for alternations of plain literals.
import { RE2JS } from 're2js';

/** A compiled label-matcher regex: whether a whole label value matches. */
export interface LabelRegex {
  /** True when `value` matches the regex from its first to its last character. */
  matches(value: string): boolean;
}

/** At most this many regexes are kept per cache. */
export const MAX_CACHED_REGEXES = 10_000;
/**
 * At most this many source characters are kept per cache, all entries together: a compiled regex
 * holds about ten bytes per source character, so each cache stays under ~20 MB. A longer regex
 * is compiled each time it is asked for.
 */
export const MAX_CACHED_SOURCE_CHARS = 2_000_000;

/**
 * A map from regex source to its compiled form, emptied oldest first when it would hold more than
 * {@link MAX_CACHED_REGEXES} entries or {@link MAX_CACHED_SOURCE_CHARS} characters of source.
 */
export class RegexCache<V> {
  private readonly map = new Map<string, V>();
  private chars = 0;

  constructor(private readonly maxEntries = MAX_CACHED_REGEXES, private readonly maxChars = MAX_CACHED_SOURCE_CHARS) {}

  /** The number of entries held. */
  get size(): number {
    return this.map.size;
  }

  /** The total source length of the entries held. */
  get sourceChars(): number {
    return this.chars;
  }

  /** The cached value for `source`, or `undefined`. */
  get(source: string): V | undefined {
    return this.map.get(source);
  }

  /** Caches `value` for `source` unless the source alone is longer than the cap. */
  set(source: string, value: V): void {
    if (source.length > this.maxChars || this.map.has(source)) return;
    for (const oldest of this.map.keys()) {
      if (this.map.size < this.maxEntries && this.chars + source.length <= this.maxChars) break;
      this.map.delete(oldest);
      this.chars -= oldest.length;
    }
    this.map.set(source, value);
    this.chars += source.length;
  }
}

// The bytes Go's regexp.QuoteMeta escapes, less `|`, which separates the alternatives.
const META_BUT_BAR = /[\\.+*?()[\]{}^$]/;

/**
 * Whether a regex is made only of `|`-separated plain literals (`a|b|c`, `abc`, ``). Prometheus
 * compatibility: such a regex is matched as the set of its alternatives and never parsed as a
 * regex (model/labels/regexp.go, optimizeAlternatingLiterals), so it is valid whatever its size,
 * where RE2 would reject a large one as "expression too large".
 */
export function isLiteralAlternation(source: string): boolean {
  return !META_BUT_BAR.test(source);
}

/**
 * A regex that is a set of literal alternatives: a value matches when it equals one of them. The
 * set is built on the first match of a non-empty value; checking a query only asks about "".
 */
class LiteralSet implements LabelRegex {
  private set: ReadonlySet<string> | null = null;
  private readonly matchesEmpty: boolean;
  constructor(private readonly source: string) {
    this.matchesEmpty = source === '' || source.startsWith('|') || source.endsWith('|') || source.includes('||');
  }
  matches(value: string): boolean {
    if (value === '') return this.matchesEmpty;
    this.set ??= new Set(this.source.split('|'));
    return this.set.has(value);
  }
}

const anchored = new RegexCache<RE2JS | Error>();
const matchers = new RegexCache<LabelRegex | Error>();

/**
 * Compiles a PromQL regex as Prometheus does: checked on its own, then compiled as `^(?s:<re>)$`.
 * Throws with Go's message if invalid. Always an RE2 program (capture groups for
 * `label_replace`); label matchers use {@link compileLabelRegex}.
 */
export function compileAnchoredRegex(source: string): RE2JS {
  let r = anchored.get(source);
  if (!r) {
    try {
      RE2JS.compile(source);
      r = RE2JS.compile(`^(?s:${source})$`);
    } catch (e) {
      r = new Error((e as Error).message);
    }
    anchored.set(source, r);
  }
  if (r instanceof Error) throw r;
  return r;
}

/**
 * Compiles the regex of a `=~`/`!~` label matcher as Prometheus's FastRegexMatcher does: a set
 * of literal alternatives is matched as a set without being parsed, anything else as
 * {@link compileAnchoredRegex}. Throws with Go's message if invalid.
 */
export function compileLabelRegex(source: string): LabelRegex {
  let r = matchers.get(source);
  if (!r) {
    if (isLiteralAlternation(source)) {
      r = new LiteralSet(source);
    } else {
      try {
        r = compileAnchoredRegex(source);
      } catch (e) {
        r = e as Error;
      }
    }
    matchers.set(source, r);
  }
  if (r instanceof Error) throw r;
  return r;
}
