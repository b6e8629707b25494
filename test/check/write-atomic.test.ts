// Atomic replacement: the new content arrives whole, the permission bits stay, and a write that
// fails part-way (a full disk) leaves the original file untouched and no temporary file behind.
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeFileAtomic, type AtomicWriteFs } from '../../src/util/write-atomic.js';

const realFs: AtomicWriteFs = { ...fs, writeSync: (fd, d, o, l) => fs.writeSync(fd, d, o, l) };

describe('writeFileAtomic', () => {
  test('replaces the content and keeps the mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promql-atomic-'));
    const file = join(dir, 'r.yml');
    writeFileSync(file, 'old\n', { mode: 0o640 });
    writeFileAtomic(file, 'new ✓\n');
    expect(readFileSync(file, 'utf8')).toBe('new ✓\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['r.yml']);
  });

  test('a disk that fills part-way leaves the original whole and no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promql-atomic-'));
    const file = join(dir, 'r.yml');
    writeFileSync(file, 'original content\n');
    let calls = 0;
    const full: AtomicWriteFs = {
      ...realFs,
      // The first write gets 4 bytes through, the second finds the disk full.
      writeSync: (fd, data, offset, length) => {
        if (calls++ === 0) return fs.writeSync(fd, data, offset, Math.min(4, length));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    };
    expect(() => writeFileAtomic(file, 'a much longer replacement\n', full)).toThrow('ENOSPC');
    expect(readFileSync(file, 'utf8')).toBe('original content\n');
    expect(readdirSync(dir)).toEqual(['r.yml']);
  });

  test('short writes are continued until everything is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promql-atomic-'));
    const file = join(dir, 'r.yml');
    const slow: AtomicWriteFs = { ...realFs, writeSync: (fd, data, offset, length) => fs.writeSync(fd, data, offset, Math.min(3, length)) };
    writeFileAtomic(file, 'x'.repeat(100), slow);
    expect(readFileSync(file, 'utf8')).toBe('x'.repeat(100));
  });
});
