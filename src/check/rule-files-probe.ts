// Resolving a rule test's `rule_files` on the file system (Node only; the CLI passes it to the
// check, so that the library entry point stays free of `node:` imports).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { compileGlob } from '../util/glob.js';
import type { RuleFilesProbe } from './rule-test-file.js';

/**
 * Whether a `rule_files` pattern of a test file matches a file: relative to the test file's
 * directory, globs over one directory level as Go's filepath.Glob. Throws GlobSyntaxError.
 */
export const probeRuleFiles: RuleFilesProbe = (testFile, pattern) => {
  const base = testFile.startsWith('<') ? '.' : dirname(testFile);
  const full = isAbsolute(pattern) ? pattern : join(base, pattern);
  if (!/[*?[]/.test(full)) return { path: full, found: existsSync(full) };
  const glob = compileGlob(full);
  const dir = dirname(full);
  try {
    return { path: full, found: readdirSync(dir).some((f) => glob.test(join(dir, f))) };
  } catch {
    return { path: full, found: false };
  }
};
