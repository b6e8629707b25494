// The `.promql-ts.yml` configuration of `promql check`, found in the working directory or a parent:
// lint rules turned on and off, paths excluded, and per-path overrides of the rules.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isMap, isSeq, isScalar, parseDocument, type Node } from 'yaml';
import { compileGlob, GlobSyntaxError, type GlobMatcher } from '../util/glob.js';
import { Lines } from '../util/source-map.js';
import { LINT_RULES } from './lint.js';

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

const TOP = new Set(['enable', 'disable', 'exclude', 'overrides']);
const OVERRIDE = new Set(['paths', 'enable', 'disable']);

/** Parses configuration text; throws ConfigError for unknown keys, unknown rule ids and bad globs. */
export function parseConfig(file: string, text: string): CheckConfig {
  const lines = new Lines(text);
  const fail = (n: Node | null | undefined, reason: string): never => {
    const at = lines.at(n?.range?.[0] ?? 0);
    throw new ConfigError(file, at.line, at.column, reason);
  };
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const at = lines.at(doc.errors[0].pos[0]);
    throw new ConfigError(file, at.line, at.column, `invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  }
  const known = new Set(LINT_RULES.map((r) => r.id));
  const strings = (n: unknown, what: string): Node[] => {
    if (n === null || n === undefined || (isScalar(n) && n.value === null)) return [];
    if (!isSeq(n)) return fail(n as Node, `${what} must be a list`);
    for (const i of n.items) if (!isScalar(i) || typeof i.value !== 'string') fail(i as Node, `${what} must be a list of strings`);
    return n.items as Node[];
  };
  // Rule ids as the flags take them: a list, or one comma-separated string (`disable: a, b`).
  const ids = (n: unknown, what: string) => (isScalar(n) && typeof n.value === 'string' ? [n as Node] : strings(n, what)).flatMap((i) => {
    const list = String((i as { value: unknown }).value).split(',').map((x) => x.trim()).filter(Boolean);
    for (const id of list) if (!known.has(id)) fail(i, `${what}: unknown lint rule "${id}" (see promql check --list-rules)`);
    return list;
  });
  const globs = (n: unknown, what: string) => strings(n, what).map((i) => {
    try {
      return compileGlob(String((i as { value: unknown }).value));
    } catch (e) {
      if (e instanceof GlobSyntaxError) return fail(i, `${what}: ${e.message}`);
      throw e;
    }
  });
  const fields = (n: unknown, allowed: Set<string>, what: string) => {
    if (!isMap(n)) return fail(n as Node, `${what} must be a map`);
    for (const p of n.items) {
      const k = isScalar(p.key) ? String(p.key.value) : '';
      if (!allowed.has(k)) fail(p.key as Node, `unknown key "${k}" in ${what} (known: ${[...allowed].join(', ')})`);
    }
    return n;
  };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { file, dir: dirname(file), enable: [], disable: [], exclude: [], overrides: [] };
  const top = fields(root, TOP, 'the configuration');
  const overridesNode = top.get('overrides', true);
  const overrides: ConfigOverride[] = [];
  if (overridesNode !== undefined && !(isScalar(overridesNode) && overridesNode.value === null)) {
    if (!isSeq(overridesNode)) fail(overridesNode as Node, 'overrides must be a list');
    for (const o of (overridesNode as unknown as { items: unknown[] }).items) {
      const m = fields(o, OVERRIDE, 'an override');
      const paths = globs(m.get('paths', true), 'overrides[].paths');
      if (paths.length === 0) fail(m as unknown as Node, 'an override needs "paths"');
      overrides.push({ paths, enable: ids(m.get('enable', true), 'overrides[].enable'), disable: ids(m.get('disable', true), 'overrides[].disable') });
    }
  }
  return {
    file,
    dir: dirname(file),
    enable: ids(top.get('enable', true), 'enable'),
    disable: ids(top.get('disable', true), 'disable'),
    exclude: globs(top.get('exclude', true), 'exclude'),
    overrides,
  };
}

/** Reads a configuration file. */
export function loadConfig(file: string): CheckConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, 1, 1, (e as Error).message);
  }
  return parseConfig(file, text);
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
