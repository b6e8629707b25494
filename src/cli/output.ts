// Writing to stdout/stderr without truncation: we never call process.exit() after writing,
// we set process.exitCode and let the streams drain.

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
