// Reading files with the CLI's wording for failures.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FileReadError, readTextFile } from '../../src/util/read-file.js';

const dir = mkdtempSync(join(tmpdir(), 'promql-read-'));
const file = join(dir, 'a.txt');
writeFileSync(file, 'héllo\n');

function failure(path: string): { message: string; reason: string } {
  try {
    readTextFile(path);
  } catch (e) {
    expect(e).toBeInstanceOf(FileReadError);
    return { message: (e as FileReadError).message, reason: (e as FileReadError).reason };
  }
  throw new Error(`${path} was readable`);
}

describe('readTextFile', () => {
  test('reads UTF-8 text', () => {
    expect(readTextFile(file)).toBe('héllo\n');
  });

  test.each([
    ['missing', join(dir, 'missing.txt'), 'no such file'],
    ['a directory', dir, 'is a directory'],
    ['under a file', join(file, 'x'), 'not a directory'],
  ])('%s: "<file>: %s"', (_, path, reason) => {
    expect(failure(path)).toEqual({ message: `${path}: ${reason}`, reason });
  });

  test.skipIf(process.getuid?.() === 0)('unreadable: "<file>: permission denied"', () => {
    const locked = join(dir, 'locked.txt');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0o000);
    expect(failure(locked).reason).toBe('permission denied');
  });
});
