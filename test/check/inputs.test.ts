// Expanding check inputs: an unreadable directory is one entry and the walk goes on; excludes
// apply to walked and globbed paths; malformed and unmatched globs are reported, not thrown.
import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { expandInputs, type InputFs } from '../../src/cli/inputs.js';
import { compileGlob } from '../../src/util/glob.js';
import { pathMatches } from '../../src/check/config.js';

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'promql-inputs-'));
  for (const d of ['a', 'b', 'c', 'vendor']) mkdirSync(join(dir, d));
  for (const f of ['a/1.yml', 'b/2.yml', 'c/3.json', 'vendor/4.yml', 'top.promql', 'a/notes.txt']) writeFileSync(join(dir, f), '');
  return dir;
}

describe('expandInputs', () => {
  test('an unreadable subdirectory is reported and its siblings are still walked', () => {
    const dir = tree();
    // As root, chmod cannot make a directory unreadable: the file system answers EACCES here instead.
    const denied: InputFs = {
      statSync: fs.statSync,
      readdirSync: (d, o) => {
        if (d === join(dir, 'b')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${d}'`), { code: 'EACCES' });
        return fs.readdirSync(d, o);
      },
    };
    expect(expandInputs([dir], { fs: denied })).toEqual([
      { kind: 'file', path: join(dir, 'a/1.yml') },
      { kind: 'missing', path: join(dir, 'b'), why: 'permission denied' },
      { kind: 'file', path: join(dir, 'c/3.json') },
      { kind: 'file', path: join(dir, 'top.promql') },
      { kind: 'file', path: join(dir, 'vendor/4.yml') },
    ]);
  });

  test('excluded directories and files are skipped in walks and globs', () => {
    const dir = tree();
    const exclude = (p: string) => pathMatches(p, [compileGlob('vendor'), compileGlob('*.json')]);
    expect(expandInputs([dir], { exclude }).map((i) => (i.kind === 'file' ? i.path.slice(dir.length + 1) : i.kind))).toEqual(['a/1.yml', 'b/2.yml', 'top.promql']);
    expect(expandInputs([`${dir}/**/*.yml`], { exclude }).map((i) => (i.kind === 'file' ? i.path.slice(dir.length + 1) : i.kind))).toEqual(['a/1.yml', 'b/2.yml']);
  });

  test('globs: {*} works, a malformed glob and an unmatched glob are reported', () => {
    const dir = tree();
    expect(expandInputs([`${dir}/{*}/1.yml`])).toEqual([{ kind: 'file', path: join(dir, 'a/1.yml') }]);
    expect(expandInputs([`${dir}/[a/*.yml`])[0]).toMatchObject({ kind: 'missing', why: expect.stringContaining('unclosed "["') });
    expect(expandInputs([`${dir}/*.nothing`])).toEqual([{ kind: 'missing', path: `${dir}/*.nothing`, why: 'no file matches' }]);
  });
});

describe('pathMatches', () => {
  test.each([
    ['vendor/x.yml', ['vendor'], true],
    ['vendor/x.yml', ['vendor/**'], true],
    ['a/vendor/x.yml', ['vendor'], true],
    ['./rules/x.test.yml', ['*.test.yml'], true],
    ['rules/x.yml', ['*.test.yml'], false],
    ['rules/x.yml', ['rules/*.yml'], true],
  ])('%s by %j: %s', (path, globs, want) => {
    expect(pathMatches(path, globs.map((g) => compileGlob(g)))).toBe(want);
  });
});
