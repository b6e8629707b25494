// `promql completion bash|zsh|fish`: prints a completion script built from every command's
// definition (all commands are loaded for it, which only this command pays for).
import type { Command } from 'commander';
import { completionScript, SHELLS, specsOf, type Shell } from './completion.js';
import { out, usageError } from './output.js';

/** Registers `completion`. */
export function registerCompletion(program: Command): void {
  program.command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', SHELLS.join(', '))
    .action(async (shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell)) return usageError(`completion: unknown shell "${shell}" (${SHELLS.join(', ')})`);
      // Imported here, not at the top: run.ts imports the command table, which imports this module.
      const { buildProgram } = await import('./run.js');
      const full = await buildProgram('all');
      out(completionScript(shell as Shell, specsOf(full)));
    });
}
