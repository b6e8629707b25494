// The docs site: typedoc builds every guide of docs/ with the API of every package entry point
// (`npm run docs`, which fails on any warning; too slow to run here), and the guides' examples
// are the files that tests run.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import * as api from '../../src/index.js';

const root = new URL('../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(root + path, 'utf8');
const typedoc = JSON.parse(read('typedoc.json')) as { entryPoints: string[]; projectDocuments: string[]; excludeInternal: boolean; treatWarningsAsErrors: boolean };
const pkg = JSON.parse(read('package.json')) as { exports: Record<string, { import: string }>; scripts: Record<string, string> };
const guides = readdirSync(root + 'docs').filter((f) => f.endsWith('.md')).sort();

describe('typedoc configuration', () => {
  test('every package entry point is documented, and nothing else', () => {
    const sources = Object.values(pkg.exports).map((e) => e.import.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'));
    expect([...typedoc.entryPoints].sort()).toEqual(sources.sort());
    expect(pkg.scripts.docs).toBe('typedoc');
  });

  test('every guide is a project document, with a title', () => {
    expect([...typedoc.projectDocuments].sort()).toEqual(guides.map((g) => `docs/${g}`));
    for (const g of guides) expect(read(`docs/${g}`)).toMatch(/^---\ntitle: .+\n---\n# /);
  });

  test('internals stay out and warnings fail the build', () => {
    expect(typedoc.excludeInternal).toBe(true);
    expect(typedoc.treatWarningsAsErrors).toBe(true);
    expect('assertNever' in api).toBe(false);
    expect(read('src/parser/ast.ts')).toMatch(/@internal\s*\n\s*\*\/\s*\nexport function assertNever/);
  });
});

describe('guides', () => {
  test('links between guides and from README point at files that exist', () => {
    const links: string[] = [];
    for (const g of guides) for (const m of read(`docs/${g}`).matchAll(/\]\((\.\/[^)#]+)(#[^)]*)?\)/g)) links.push(`docs/${m[1].slice(2)}`);
    for (const m of read('README.md').matchAll(/\]\(((?:docs\/|CHANGELOG)[^)#]*)(#[^)]*)?\)/g)) links.push(m[1].replace(/\/$/, ''));
    expect(links.length).toBeGreaterThan(10);
    for (const l of links) expect(existsSync(root + l), l).toBe(true);
  });

  test('README links every guide', () => {
    for (const g of guides) expect(read('README.md')).toContain(`](docs/${g})`);
  });

  test('the examples the guides show are the files tests run', () => {
    const fence = (lang: string, path: string) => '```' + lang + '\n' + read(path) + '```';
    expect(read('docs/evaluating-queries.md')).toContain(fence('js', 'examples/limits.mjs'));
    expect(read('docs/writing-a-storage.md')).toContain(fence('js', 'examples/array-storage.mjs'));
    const vitestExample = read('test/testing/readme-example.test.ts').split('\n').slice(1).join('\n');
    expect(read('docs/testing.md')).toContain('```ts\n' + vitestExample + '```');
    const histogramBlock = (text: string) => text.slice(text.indexOf('```sh\nnpx promql query \'histogram_quantile'), text.indexOf('```\n', text.indexOf('```sh\nnpx promql query \'histogram_quantile') + 6));
    expect(histogramBlock(read('docs/evaluating-queries.md'))).toBe(histogramBlock(read('README.md')));
  });

  test('the Storage example runs and prints what the guide says', () => {
    const r = spawnSync('node', [root + 'examples/array-storage.mjs'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('{job="api"} 2\n{job="web"} 0.5\n');
    expect(read('docs/writing-a-storage.md')).toContain('prints `{job="api"} 2` and `{job="web"} 0.5`');
  });
});
