// Shell completion scripts for bash, zsh and fish, generated from the commands' own definitions
// (names, options, whether an option takes a value), so they cannot drift from the CLI.
import type { Command } from 'commander';

/** What completion needs to know about one option. */
export interface OptionSpec {
  readonly flags: readonly string[];
  readonly takesValue: boolean;
  readonly description: string;
}

/** What completion needs to know about one command. */
export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
}

/** The shells `promql completion` writes scripts for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
/** One of {@link SHELLS}. */
export type Shell = (typeof SHELLS)[number];

/** The completion specs of a program's commands (with `--help` added to each, as commander does). */
export function specsOf(program: Command): CommandSpec[] {
  return program.commands.map((c) => ({
    name: c.name(),
    description: c.description(),
    options: [
      ...c.options.map((o) => ({
        flags: [o.short, o.long].filter((f): f is string => !!f),
        takesValue: o.required || o.optional,
        description: o.description,
      })),
      { flags: ['-h', '--help'], takesValue: false, description: 'display help for command' },
    ],
  }));
}

const squote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** The first sentence of a description, short enough for a completion menu. */
const short = (s: string) => s.split(/[.;(]/)[0].trim().slice(0, 80);

function bash(specs: readonly CommandSpec[]): string {
  const cases = specs.map((c) => {
    const all = c.options.flatMap((o) => o.flags).join(' ');
    const valued = c.options.filter((o) => o.takesValue).flatMap((o) => o.flags).join('|');
    return `    ${c.name})\n` +
      (valued ? `      case "$prev" in ${valued}) COMPREPLY=($(compgen -f -- "$cur")); return ;; esac\n` : '') +
      `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${squote(all)} -- "$cur")); ` +
      `else COMPREPLY=($(compgen -f -- "$cur")); fi ;;`;
  }).join('\n');
  return `# bash completion for promql (promql completion bash)
_promql() {
  local cur prev cmd
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W ${squote([...specs.map((c) => c.name), 'help', '--help', '--version'].join(' '))} -- "$cur"))
    return
  fi
  case "$cmd" in
${cases}
    help) COMPREPLY=($(compgen -W ${squote(specs.map((c) => c.name).join(' '))} -- "$cur")) ;;
  esac
}
complete -o filenames -F _promql promql
`;
}

function zshOption(o: OptionSpec): string {
  const desc = short(o.description).replace(/[[\]]/g, '\\$&');
  const value = o.takesValue ? ':value:_files' : '';
  const exclusive = o.flags.length > 1 ? `(${o.flags.join(' ')})` : '';
  const names = o.flags.length > 1 ? `{${o.flags.join(',')}}` : o.flags[0];
  return `'${exclusive}'${names}'[${desc.replace(/'/g, `'\\''`)}]${value}'`;
}

function zsh(specs: readonly CommandSpec[]): string {
  const commands = specs.map((c) => squote(`${c.name}:${short(c.description).replace(/:/g, '\\:')}`)).join(' ');
  const cases = specs.map((c) =>
    `    ${c.name})\n      _arguments -s ${c.options.map(zshOption).join(' ')} '*:file:_files' ;;`).join('\n');
  return `#compdef promql
# zsh completion for promql (promql completion zsh)
_promql() {
  local -a commands
  commands=(${commands})
  if (( CURRENT == 2 )); then
    _describe 'promql command' commands
    return
  fi
  local cmd=\${words[2]}
  words=(\${words[2,-1]})
  (( CURRENT-- ))
  case $cmd in
${cases}
    help) _describe 'promql command' commands ;;
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _promql "$@"; else compdef _promql promql; fi
`;
}

function fish(specs: readonly CommandSpec[]): string {
  const names = specs.map((c) => c.name).join(' ');
  const lines = ['# fish completion for promql (promql completion fish)', 'complete -c promql -f'];
  for (const c of specs) {
    lines.push(`complete -c promql -n ${squote(`not __fish_seen_subcommand_from ${names} help`)} -a ${c.name} -d ${squote(short(c.description))}`);
    for (const o of c.options) {
      const long = o.flags.find((f) => f.startsWith('--'));
      const shortFlag = o.flags.find((f) => !f.startsWith('--'));
      lines.push(`complete -c promql -n ${squote(`__fish_seen_subcommand_from ${c.name}`)}` +
        (shortFlag ? ` -s ${shortFlag.slice(1)}` : '') + (long ? ` -l ${long.slice(2)}` : '') +
        (o.takesValue ? ' -r -F' : '') + ` -d ${squote(short(o.description))}`);
    }
    lines.push(`complete -c promql -n ${squote(`__fish_seen_subcommand_from ${c.name}`)} -F`);
  }
  return lines.join('\n') + '\n';
}

/** The completion script for a shell. */
export function completionScript(shell: Shell, specs: readonly CommandSpec[]): string {
  switch (shell) {
    case 'bash': return bash(specs);
    case 'zsh': return zsh(specs);
    case 'fish': return fish(specs);
  }
}
