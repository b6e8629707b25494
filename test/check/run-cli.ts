// Running `promql check` and `promql format` in-process (no child process per test): a fresh
// commander program per run, stdout/stderr captured, stdin given as text, the exit code read back.
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import { registerCheck } from '../../src/cli/commands-check.js';
import { registerFormat } from '../../src/cli/commands-parse.js';

/** What a run printed and its exit code. */
export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `promql ARGS…` with the check and format commands; `cwd` is entered for the run. */
export async function runCli(args: string[], o: { stdin?: string | Uint8Array; cwd?: string } = {}): Promise<CliRun> {
  const program = new Command().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  const stdin = typeof o.stdin === 'string' ? new TextEncoder().encode(o.stdin) : o.stdin ?? new Uint8Array();
  registerCheck(program, { readStdin: () => stdin });
  registerFormat(program);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  const before = process.cwd();
  process.exitCode = undefined;
  let status = 0;
  try {
    if (o.cwd) process.chdir(o.cwd);
    await program.parseAsync(['node', 'promql', ...args]);
    status = Number(process.exitCode ?? 0);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    status = e.exitCode === 0 ? 0 : 2;
  } finally {
    process.chdir(before);
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
  return { status, stdout, stderr };
}
