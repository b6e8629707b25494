// Reading a `.promql-ts.yml` configuration file (see config.ts for what it holds). Apart from
// config.ts so that a check without a configuration file does not load the YAML parser.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isMap, isSeq, isScalar, parseDocument, type Node } from 'yaml';
import { compileGlob, GlobSyntaxError } from '../util/glob.js';
import { Lines } from '../util/source-map.js';
import { LINT_RULES } from './lint.js';
import { ConfigError, type CheckConfig, type ConfigOverride } from './config.js';

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
