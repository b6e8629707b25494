// The command line's own manners: --version, completion scripts, help with examples, and hints
// that name the actual problem. Run in-process.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { cli } from './in-process.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { dashHint, dataHint, looksLikeDashValue } from '../../src/cli/run.js';

const PKG = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

test('--version and -V print the package version', async () => {
  for (const flag of ['--version', '-V']) {
    const r = await cli(flag);
    expect(r).toEqual({ status: 0, stdout: `${PKG.version}\n`, stderr: '' });
  }
});

describe('help', () => {
  test('the top-level help lists every command of the table without loading them', async () => {
    const r = await cli('--help');
    expect(r.status).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c.name} `, 'm'));
  });

  test.each(COMMANDS.map((c) => c.name))('promql %s --help ends with its examples', async (name) => {
    const r = await cli(name, '--help');
    expect(r.status).toBe(0);
    const entry = COMMANDS.find((c) => c.name === name)!;
    expect(entry.examples.length).toBeGreaterThan(0);
    const tail = r.stdout.slice(r.stdout.indexOf('\nExamples:\n'));
    for (const [cmd, what] of entry.examples) expect(tail).toContain(`  ${cmd}\n      ${what}\n`);
  });

  test('promql help query is the same as promql query --help', async () => {
    expect((await cli('help', 'query')).stdout).toBe((await cli('query', '--help')).stdout);
  });
});

describe('hints', () => {
  test('an unknown option gets commander\'s message (with a suggestion), not the "-" hint', async () => {
    const r = await cli('format', '--prety', 'up');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: unknown option '--prety'\n(Did you mean --pretty?)\n");
  });

  test('a query starting with "-" gets the hint naming it', async () => {
    const r = await cli('query', '-up', '--data', 'x.om');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: unknown option '-up'\n(a query or value that starts with '-', such as '-up', goes after '--', e.g. promql query --data f.om -- '-up')\n");
  });

  test('an unknown command suggests the near one', async () => {
    const r = await cli('fromat', 'up');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'fromat'");
    expect(r.stderr).toContain('(Did you mean format?)');
  });

  test.each([
    ['-up', true], ['-rate(x[5m])', true], ['-1', true], ['-{a="b"}', true],
    ['-o', false], ['--pretty', false], ['-', false], ['up', false],
  ] as const)('looksLikeDashValue(%j) = %s', (arg, want) => {
    expect(looksLikeDashValue(arg)).toBe(want);
  });

  test('a missing query gets the hint only when a dash value is among the arguments', () => {
    expect(dashHint("error: missing required argument 'query'", ['query', '--data', 'f.om'])).toBe('');
    expect(dashHint("error: missing required argument 'query'", ['query', '--data', 'f.om', '-1'])).toContain("such as '-1'");
    expect(dashHint("error: unknown option '--bogus'", ['query', '--bogus'])).toBe('');
  });

  test('a query swallowed by --data gets a hint to put it first; a missing one does not', () => {
    const missing = "error: missing required argument 'query'";
    const example = new URL('../../examples/node.om', import.meta.url).pathname;
    expect(dataHint(missing, ['query', '--data', example, 'sum(up)'])).toBe(
      `(--data takes every argument after it as a file, so 'sum(up)' was read as one: put the query before --data, e.g. promql query 'sum(up)' --data ${example})\n`,
    );
    expect(dataHint(missing, ['query', '-d', 'a.om', 'b.om', 'up'])).toContain("promql query 'up' --data a.om b.om");
    // Only files: the query was forgotten, not swallowed.
    expect(dataHint(missing, ['query', '--data', example, example])).toBe('');
    expect(dataHint(missing, ['query', '--data', 'a.om'])).toBe('');
    expect(dataHint("error: unknown option '--x'", ['query', '--data', 'a.om', 'up'])).toBe('');
  });
});

describe('completion', () => {
  test.each(['bash', 'zsh', 'fish'])('%s: names every command and every option of each', async (shell) => {
    const r = await cli('completion', shell);
    expect(r.status).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(c.name);
    for (const opt of ['--pretty', '--data', '--lookback-delta', '--junit', '--list-rules']) {
      expect(r.stdout).toContain(shell === 'fish' ? `-l ${opt.slice(2)}` : opt);
    }
  });

  test('an unknown shell is a usage error', async () => {
    const r = await cli('completion', 'tcsh');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('promql: completion: unknown shell "tcsh" (bash, zsh, fish)\n');
  });

  test('the bash script completes commands and options when bash runs it', async () => {
    const script = (await cli('completion', 'bash')).stdout;
    const probe = (words: string) => spawnSync('bash', ['-c', `${script}
COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _promql; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    const bash = probe('promql fo');
    if (bash.error) return; // no bash here
    expect(bash.stdout).toBe('format\n');
    expect(probe('promql format --pr').stdout).toBe('--pretty\n');
    expect(probe('promql query --look').stdout).toBe('--lookback-delta\n');
  });
});
