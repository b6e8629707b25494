// Writing to stdout/stderr without truncation: we never call process.exit() after writing,
// we set process.exitCode and let the streams drain. Output that cannot be written (a full disk,
// a closed descriptor) ends the process with a one-line message and exit code 2.
import { once } from 'node:events';

/** Writes data to stdout. */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** Writes a diagnostic line to stderr. */
export function diag(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

/** Documented exit codes. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** Reports a usage or input error and sets exit code 2. */
export function usageError(message: string): void {
  diag(`promql: ${message}`);
  process.exitCode = EXIT.usage;
}

/** How much text {@link writeChunks} gathers before one write. */
const WRITE_BATCH = 1 << 16;

/**
 * Writes text pieces to stdout as they are produced, in batches of ~64 KiB, waiting for the
 * stream to drain when it asks to: a result larger than the biggest JavaScript string can be
 * printed, and memory holds one batch, not the whole text. Ends with a newline.
 */
export async function writeChunks(chunks: Iterable<string>, stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  let buf = '';
  const flush = async () => {
    const ok = stream.write(buf);
    buf = '';
    if (!ok) await Promise.race([once(stream, 'drain'), once(stream, 'close')]);
  };
  for (const c of chunks) {
    buf += c;
    if (buf.length >= WRITE_BATCH) await flush();
  }
  buf += '\n';
  await flush();
}

/** Node's words for the errors an output stream reports most. */
const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EBADF: 'bad file descriptor',
  EIO: 'input/output error',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
};

/**
 * The binary's handlers for errors on stdout and stderr: a reader that goes away early
 * (`promql … | head`, EPIPE) ends the process quietly with the exit code so far; any other write
 * error (`> /dev/full`) is reported in one line and ends the process with exit code 2.
 */
export function watchOutputErrors(): void {
  for (const [stream, name] of [[process.stdout, 'standard output'], [process.stderr, 'standard error']] as const) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0));
      if (stream === process.stdout) {
        try {
          process.stderr.write(`promql: cannot write to ${name}: ${WRITE_ERRORS[e.code ?? ''] ?? e.message}${e.code ? ` (${e.code})` : ''}\n`);
        } catch {
          // stderr is gone as well: the exit code is all that is left.
        }
      }
      process.exit(EXIT.usage);
    });
  }
}
