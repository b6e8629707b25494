// Label-name validation and regex compilation with Prometheus semantics (RE2 via re2js,
// fully anchored, `.` matches newline).
import { RE2JS } from 're2js';

const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Whether a label name is valid under UTF-8 validation: non-empty, well-formed Unicode. */
export function isValidUtf8LabelName(name: string): boolean {
  return name.length > 0 && !/\p{Surrogate}/u.test(name);
}

/** Whether a label name is valid under the legacy (pre-UTF-8) rules. */
export function isLegacyLabelName(name: string): boolean {
  return LEGACY_LABEL.test(name);
}

const cache = new Map<string, RE2JS | Error>();

/** Compiles a PromQL regex as Prometheus does: `^(?s:<re>)$`. Throws with Go's message if invalid. */
export function compileAnchoredRegex(re: string): RE2JS {
  let r = cache.get(re);
  if (!r) {
    try {
      RE2JS.compile(re);
      r = RE2JS.compile(`^(?s:${re})$`);
    } catch (e) {
      r = new Error((e as Error).message);
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(re, r);
  }
  if (r instanceof Error) throw r;
  return r;
}

/** The compile error of a PromQL regex, or null if it is valid. */
export function compileRegexError(re: string): string | null {
  try {
    compileAnchoredRegex(re);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Whether a label value (missing label = "") satisfies a matcher. */
export function matcherMatches(op: '=' | '!=' | '=~' | '!~', value: string, actual: string): boolean {
  switch (op) {
    case '=': return actual === value;
    case '!=': return actual !== value;
    case '=~': return compileAnchoredRegex(value).matches(actual);
    case '!~': return !compileAnchoredRegex(value).matches(actual);
  }
}
