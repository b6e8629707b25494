// The `.promql-ts.yml` configuration of `promql check`, found in the working directory or a parent:
// lint rules turned on and off, paths excluded, and per-path overrides of the rules. Reading the
// file (YAML) is in config-file.ts, imported only when there is a file to read.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { GlobMatcher } from '../util/glob.js';

/** The names a configuration file may have, looked for in this order in each directory. */
export const CONFIG_NAMES = ['.promql-ts.yml', '.promql-ts.yaml'] as const;

/** Rule ids turned on and off for the paths an override names. */
export interface ConfigOverride {
  readonly paths: readonly GlobMatcher[];
  readonly enable: readonly string[];
  readonly disable: readonly string[];
}

/** A configuration file as read. Globs are relative to the file's directory. */
export interface CheckConfig {
  readonly file: string;
  readonly dir: string;
  readonly enable: readonly string[];
  readonly disable: readonly string[];
  readonly exclude: readonly GlobMatcher[];
  readonly overrides: readonly ConfigOverride[];
}

/** A configuration file that cannot be used; the message names the file, line and column. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly line: number, readonly column: number, reason: string) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/** The nearest configuration file from `dir` upwards, or null. */
export function findConfig(dir: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    for (const name of CONFIG_NAMES) if (existsSync(join(d, name))) return join(d, name);
    if (dirname(d) === d) return null;
  }
}

/**
 * Whether a `/`-separated path matches one of the globs, as .gitignore patterns match: a glob
 * without `/` matches any one file or directory name (`vendor`, `*.test.yml`); a glob with `/`
 * matches the whole path or one of its directories (`rules/generated`, `vendor/**`).
 */
export function pathMatches(path: string, globs: readonly GlobMatcher[]): boolean {
  if (globs.length === 0) return false;
  const clean = path.split(sep).join('/').replace(/^(?:\.\/)+/, '');
  const parts = clean.split('/');
  for (const g of globs) {
    if (!g.glob.includes('/')) {
      if (parts.some((p) => g.test(p))) return true;
      continue;
    }
    if (g.test(clean) || g.test(path)) return true;
    for (let i = 1; i < parts.length; i++) if (g.test(parts.slice(0, i).join('/'))) return true;
  }
  return false;
}

/** A path relative to the configuration's directory, for matching its globs. */
export function configPath(config: CheckConfig, path: string): string {
  return relative(config.dir, resolve(path)).split(sep).join('/');
}

/** Whether the configuration excludes a path. */
export function configExcludes(config: CheckConfig, path: string): boolean {
  return pathMatches(configPath(config, path), config.exclude);
}

/** Rule ids turned on and off on the command line (`--enable`, `--disable`); they win over the configuration. */
export interface RuleSwitches {
  readonly enable: readonly string[];
  readonly disable: readonly string[];
}

/**
 * The lint rules for one path: the defaults, then the configuration's `enable`/`disable`, then
 * the overrides whose paths match (in order), then the command line's switches.
 */
export function rulesForPath(defaults: ReadonlySet<string>, config: CheckConfig | null, cli: RuleSwitches, path: string | null): Set<string> {
  const set = new Set(defaults);
  const apply = (s: RuleSwitches) => {
    for (const id of s.enable) set.add(id);
    for (const id of s.disable) set.delete(id);
  };
  if (config) {
    apply(config);
    const rel = path === null ? null : configPath(config, path);
    for (const o of config.overrides) if (rel !== null && pathMatches(rel, o.paths)) apply(o);
  }
  apply(cli);
  return set;
}
