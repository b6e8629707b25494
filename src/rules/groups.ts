// Loading rule files for evaluation: each file is read, then its text parsed by parseRuleGroups
// (checked as `promql check` checks it; any error stops the load, with its place).
import type { ParserOptions } from '../parser/parse.js';
import { readTextFile, type FileReadError } from '../util/read-file.js';
import { parseRuleGroups, RuleLoadError, type GroupDef } from './parse-groups.js';

export { RuleLoadError } from './parse-groups.js';
export type { RuleDef, GroupDef } from './parse-groups.js';

/** Options of {@link loadRuleFiles}. */
export interface LoadRuleOptions {
  /** Parser feature flags the rule expressions are parsed with. */
  readonly parser?: ParserOptions;
  /** Unknown fields in a rule file are not errors (promtool's `--ignore-unknown-fields`). */
  readonly ignoreUnknownFields?: boolean;
}

/**
 * Loads rule files in order; throws RuleLoadError listing every problem of every file. Options
 * are one object, as the loaders take them (a second argument that is not one is a TypeError).
 */
export function loadRuleFiles(paths: readonly string[], options: LoadRuleOptions = {}): GroupDef[] {
  if (typeof options !== 'object' || options === null || arguments.length > 2) {
    throw new TypeError('loadRuleFiles(paths, { parser?, ignoreUnknownFields? }): options are one object');
  }
  const { parser = {} } = options;
  const groups: GroupDef[] = [];
  const problems: string[] = [];
  for (const file of paths) {
    let text: string;
    try {
      text = readTextFile(file);
    } catch (e) {
      problems.push((e as FileReadError).message);
      continue;
    }
    try {
      groups.push(...parseRuleGroups(text, { file, parser, ignoreUnknownFields: options.ignoreUnknownFields }));
    } catch (e) {
      if (!(e instanceof RuleLoadError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new RuleLoadError(problems);
  return groups;
}
