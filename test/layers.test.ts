// The layering of src/: every folder sits in a layer and imports at runtime only from its own
// layer or earlier ones, and no two folders import each other at runtime, directly or round a cycle.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const SRC = resolve(dirname(new URL(import.meta.url).pathname), '../src');

/**
 * Layer of each top-level folder (and top-level file) of src/, in import order. `errors.ts` is at
 * the bottom: every layer throws its errors (it imports only the `Pos` type from the parser).
 * `index.ts` is the public entry point and sits with the CLI on top. `histogram` (the native
 * histogram value type and its mathematics) needs only util, and storage onwards use it.
 */
const LAYERS: Readonly<Record<string, number>> = {
  'util': 0, 'errors.ts': 0,
  'lexer': 1, 'histogram': 1,
  'parser': 2,
  'storage': 3,
  'eval': 4, 'functions': 4,
  'check': 5, 'rules': 5, 'promqltest': 5, 'testing': 5, 'server': 5,
  'cli': 6, 'index.ts': 6,
};

/**
 * Runtime imports allowed to close a cycle between folders, as `from-folder -> to-folder`, each
 * with its reason. Empty: eval imports functions (the registry and functions/support), functions
 * never import eval at runtime (only its types).
 */
const CYCLE_EXCEPTIONS: ReadonlyMap<string, string> = new Map();

interface Edge {
  /** Importing file, relative to src/ (`eval/engine.ts`). */
  from: string;
  /** Imported file, relative to src/. */
  to: string;
  /** The specifier as written. */
  spec: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Whether an import or export declaration is erased at compile time (`import type`, all-`type` names). */
function typeOnly(st: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isImportDeclaration(st)) {
    const clause = st.importClause;
    if (!clause) return false; // `import './x.js'` runs the module
    if (clause.isTypeOnly) return true;
    const named = clause.namedBindings;
    return !clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
  }
  if (st.isTypeOnly) return true;
  const named = st.exportClause;
  return !!named && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

/** The runtime imports of one file that point into src/ (`import … from`, `export … from`). */
function runtimeImports(file: string): Edge[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const edges: Edge[] = [];
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) && !ts.isExportDeclaration(st)) continue;
    if (!st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier) || typeOnly(st)) continue;
    const spec = st.moduleSpecifier.text;
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    edges.push({ from: relative(SRC, file), to: relative(SRC, target), spec });
  }
  return edges;
}

/** The layer unit of a path relative to src/: its top folder, or the file name at the top. */
const unitOf = (path: string) => path.split(sep)[0];

const files = sourceFiles(SRC);
const edges = files.flatMap(runtimeImports);
const crossFolder = edges.filter((e) => unitOf(e.from) !== unitOf(e.to));

describe('layers of src/', () => {
  test('every top-level folder and file has a layer', () => {
    const unplaced = [...new Set(files.map((f) => unitOf(relative(SRC, f))))].filter((u) => !(u in LAYERS));
    expect(unplaced, 'add them to LAYERS in test/layers.test.ts').toEqual([]);
  });

  test('every relative import resolves to a file in src/', () => {
    const known = new Set(files.map((f) => relative(SRC, f)));
    expect(edges.filter((e) => !known.has(e.to)).map((e) => `${e.from}: ${e.spec}`)).toEqual([]);
  });

  test('no runtime import from a later layer', () => {
    const wrong = crossFolder
      .filter((e) => LAYERS[unitOf(e.to)] > LAYERS[unitOf(e.from)])
      .map((e) => `${e.from} (layer ${LAYERS[unitOf(e.from)]}) imports ${e.spec} (${unitOf(e.to)}, layer ${LAYERS[unitOf(e.to)]})`);
    expect(wrong).toEqual([]);
  });

  test('no runtime import cycle between folders', () => {
    const graph = new Map<string, Map<string, Edge>>();
    for (const e of crossFolder) {
      if (CYCLE_EXCEPTIONS.has(`${unitOf(e.from)} -> ${unitOf(e.to)}`)) continue;
      const out = graph.get(unitOf(e.from)) ?? new Map<string, Edge>();
      if (!out.has(unitOf(e.to))) out.set(unitOf(e.to), e);
      graph.set(unitOf(e.from), out);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (u: string): void => {
      state.set(u, 'open');
      path.push(u);
      for (const [v, e] of graph.get(u) ?? []) {
        if (state.get(v) === 'open') {
          const loop = [...path.slice(path.indexOf(v)), v];
          const via = loop.slice(0, -1).map((x, i) => graph.get(x)!.get(loop[i + 1])!);
          cycles.push(`${loop.join(' -> ')}: ${via.map((d) => `${d.from} imports ${d.spec}`).join('; ')}`);
        } else if (!state.has(v)) {
          visit(v);
        }
      }
      path.pop();
      state.set(u, 'done');
    };
    for (const u of [...graph.keys()].sort()) if (!state.has(u)) visit(u);
    expect(cycles).toEqual([]);
  });

  test('function implementations do not import the evaluator at runtime', () => {
    // Stated on its own so the message is plain; the cycle test would also catch it, since the
    // evaluator imports the function registry.
    expect(crossFolder.filter((e) => unitOf(e.from) === 'functions' && unitOf(e.to) === 'eval').map((e) => `${e.from} imports ${e.spec}`)).toEqual([]);
  });

  test('the import parser sees runtime and type-only imports apart', () => {
    const probe = (text: string) => {
      const sf = ts.createSourceFile('probe.ts', text, ts.ScriptTarget.ES2022, false);
      return sf.statements.filter((s): s is ts.ImportDeclaration | ts.ExportDeclaration => ts.isImportDeclaration(s) || ts.isExportDeclaration(s)).map(typeOnly);
    };
    expect(probe([
      "import type { A } from './a.js';",
      "import { type A, type B } from './a.js';",
      "import { type A, b } from './a.js';",
      "import {\n  a,\n  b,\n} from './a.js';",
      "import './side-effect.js';",
      "import * as T from './tokens.js';",
      "export type { A } from './a.js';",
      "export { a } from './a.js';",
      "export * from './a.js';",
    ].join('\n'))).toEqual([true, true, false, false, false, false, true, false, false]);
  });
});
