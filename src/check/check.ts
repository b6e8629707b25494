// Checking one file (see check-core.ts), with the rule-file reader built in: the library's entry.
import { checkTextWith, type CheckOptions, type FileCheck } from './check-core.js';
import { extractRuleFile } from './rule-file.js';

export { checkExtracted, defaultLintRules, formatOf } from './check-core.js';
export type { CheckedQuery, CheckFormat, CheckOptions, FileCheck } from './check-core.js';

/** Checks the text of one file. Never throws on bad input: everything becomes a Diagnostic. */
export function checkText(file: string, text: string, o: CheckOptions = {}): FileCheck {
  return checkTextWith(extractRuleFile, file, text, o);
}
