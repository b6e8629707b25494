// Runs the `promql` command line in this process (no node start-up per case): what it wrote to
// stdout and stderr, and its exit code. Standard input is not provided.
import { runCli } from '../../src/cli/run.js';

/** What one run of the CLI produced. */
export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

let queue: Promise<void> = Promise.resolve();

/** Runs `promql ARGS…` in-process, capturing both output streams. Runs are serialised. */
export async function cli(...args: string[]): Promise<CliRun> {
  const prev = queue;
  let release!: () => void;
  queue = new Promise((r) => (release = r));
  await prev;
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const saved = process.exitCode;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    out.push(String(chunk));
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const status = await runCli(args);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = saved;
    release();
  }
}
