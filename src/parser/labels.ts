// Label-name validation and regex compilation with Prometheus semantics (RE2 via re2js,
// fully anchored, `.` matches newline).
import { compileLabelRegex } from './regex-cache.js';

export { compileAnchoredRegex, compileLabelRegex, type LabelRegex } from './regex-cache.js';

const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Whether a label name is valid under UTF-8 validation: non-empty, well-formed Unicode. */
export function isValidUtf8LabelName(name: string): boolean {
  return name.length > 0 && !/\p{Surrogate}/u.test(name);
}

/** Whether a label name is valid under the legacy (pre-UTF-8) rules. */
export function isLegacyLabelName(name: string): boolean {
  return LEGACY_LABEL.test(name);
}

/** The compile error of a PromQL regex, or null if it is valid. */
export function compileRegexError(re: string): string | null {
  try {
    compileLabelRegex(re);
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
    case '=~': return compileLabelRegex(value).matches(actual);
    case '!~': return !compileLabelRegex(value).matches(actual);
  }
}
