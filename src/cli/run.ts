// Running the `promql` command line in-process: builds the program with only the command being
// run loaded (the others are listed by name), parses the arguments and returns the exit code.
import { existsSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { COMMANDS, examplesHelp, type CommandEntry } from './commands.js';
import { diag, EXIT } from './output.js';
import { packageVersion } from './version.js';

/**
 * True for an argument that is meant as a query or value, not an option: it starts with one `-`
 * and then holds something no option name has (`-up`, `-rate(x[5m])`, `-1`, `-{a="b"}`).
 */
export function looksLikeDashValue(arg: string): boolean {
  if (!arg.startsWith('-') || arg.startsWith('--') || arg === '-') return false;
  return arg.length > 2 || !/^-[A-Za-z]$/.test(arg);
}

/**
 * The hint added to commander's message, or "" for none: only when one of the arguments is a
 * query or value starting with `-` (commander then reads it as an unknown option, or the query
 * goes missing because it was taken as one).
 */
export function dashHint(message: string, args: readonly string[]): string {
  const unknown = /unknown option '([^']*)'/.exec(message)?.[1];
  const culprit = unknown !== undefined ? (looksLikeDashValue(unknown) ? unknown : undefined)
    : /missing required argument|too many arguments/.test(message) ? args.find(looksLikeDashValue) : undefined;
  if (culprit === undefined) return '';
  return `(a query or value that starts with '-', such as '${culprit}', goes after '--', e.g. promql query --data f.om -- '${culprit}')\n`;
}

/**
 * The hint for a query swallowed by `--data`/`-d` (it takes every following argument as a file):
 * commander then reports the query missing. "" when that is not what happened.
 */
export function dataHint(message: string, args: readonly string[]): string {
  if (!/missing required argument 'query'/.test(message)) return '';
  const at = args.findIndex((a) => a === '--data' || a === '-d');
  if (at < 0) return '';
  const taken = [];
  for (let i = at + 1; i < args.length && !args[i].startsWith('-'); i++) taken.push(args[i]);
  const query = taken.at(-1);
  // A last "file" that exists is a file: then the query was left out, not swallowed.
  if (taken.length < 2 || query === undefined || existsSync(query)) return '';
  return `(--data takes every argument after it as a file, so '${query}' was read as one: put the query before --data, e.g. promql query '${query}' --data ${taken.slice(0, -1).join(' ')})\n`;
}

/** The command entry an argument list runs (`promql help NAME` counts as NAME), if any. */
function selected(args: readonly string[]): CommandEntry | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/** Builds the program; `only` loads one command fully, `'all'` loads every command. */
export async function buildProgram(only: CommandEntry | undefined | 'all', args: readonly string[] = []): Promise<Command> {
  const program = new Command();
  program
    .name('promql')
    .description('PromQL for the command line: check, format, query and test, as Prometheus 3.x does')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(s + (dashHint(s, args) || dataHint(s, args))),
    });
  for (const entry of COMMANDS) {
    if (only === 'all' || only === entry) {
      (await entry.load())(program);
      program.commands.at(-1)!.addHelpText('after', examplesHelp(entry));
    } else {
      program.command(entry.name).description(entry.summary);
    }
  }
  return program;
}

/**
 * Runs `promql` with the given arguments (without `node` and the script) and resolves to the exit
 * code: 0 success, 1 problems found, 2 usage errors or unreadable input. It also sets
 * `process.exitCode`, as the commands do while they run.
 */
export async function runCli(args: readonly string[]): Promise<number> {
  process.exitCode = undefined;
  const program = await buildProgram(selected(args), args);
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode !== 0 && !process.exitCode) process.exitCode = EXIT.usage;
    } else {
      diag(`promql: ${(e as Error).message}`);
      process.exitCode = EXIT.usage;
    }
  }
  return Number(process.exitCode ?? 0);
}
