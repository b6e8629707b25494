// Replacing a file atomically: the new content goes to a temporary file in the same directory,
// is flushed to disk, and is renamed over the original, so a failed write leaves the old file whole.
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The file-system calls an atomic write makes (a seam for tests: a full disk). */
export interface AtomicWriteFs {
  openSync: typeof openSync;
  writeSync: (fd: number, data: Uint8Array, offset: number, length: number) => number;
  fsyncSync: typeof fsyncSync;
  closeSync: typeof closeSync;
  renameSync: typeof renameSync;
  unlinkSync: typeof unlinkSync;
  statSync: typeof statSync;
}

const realFs: AtomicWriteFs = { openSync, writeSync: (fd, data, offset, length) => writeSync(fd, data, offset, length), fsyncSync, closeSync, renameSync, unlinkSync, statSync };

/**
 * Writes `text` to `path` through a temporary sibling and a rename, keeping the original's
 * permission bits. On any failure the temporary file is removed, the original is untouched, and
 * the error is rethrown.
 */
export function writeFileAtomic(path: string, text: string, fs: AtomicWriteFs = realFs): void {
  let mode = 0o644;
  try {
    mode = fs.statSync(path).mode & 0o7777;
  } catch {
    // A new file: default permissions.
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    try {
      const data = Buffer.from(text, 'utf8');
      let done = 0;
      // writeSync may write less than asked; loop over the rest.
      while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // Already gone.
    }
    throw e;
  }
}
