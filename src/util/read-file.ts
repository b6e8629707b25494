// Reading a text file with the error the CLI prints: `FILE: no such file`, `FILE: is a directory`,
// `FILE: permission denied`, instead of Node's `ENOENT: no such file or directory, open 'FILE'`.
import { readFileSync } from 'node:fs';

/** A file that could not be read. `message` is `${file}: ${reason}`. */
export class FileReadError extends Error {
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'FileReadError';
  }
}

/** The short reason for a failed read, as the CLI words it (`no such file`, `is a directory`, …). */
export function readErrorReason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** Runs `f`, an access to `file`: what it throws becomes a FileReadError with the CLI's wording. */
export function withFileErrors<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new FileReadError(file, readErrorReason(e));
  }
}

/** Reads a UTF-8 text file. Throws FileReadError with the CLI's wording when it cannot be read. */
export function readTextFile(file: string): string {
  return withFileErrors(file, () => readFileSync(file, 'utf8'));
}
