// `promql check`: rule files, Grafana dashboards and query files; syntax, structure and lint
// problems with the file's own line and column; optional evaluation over fixture data.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkText, defaultLintRules, type CheckFormat, type CheckedQuery } from '../check/check.js';
import { LINT_RULES } from '../check/lint.js';
import { githubLine, jsonReport, textLine, type CheckSummary } from '../check/report.js';
import type { Problem } from '../check/types.js';
import { Engine } from '../eval/engine.js';
import { PromQLError } from '../errors.js';
import { addFeatureFlags, parserOptions } from './parser-flags.js';
import { diag, EXIT, out, usageError } from './output.js';
import { expandInputs } from './inputs.js';
import { loadDataFiles, newestTimestamp } from '../storage/load-files.js';
import { readTextFile, type FileReadError } from '../util/read-file.js';
import { addServerFlags, liveProblems, serverStorage } from './server-flags.js';

const FORMATS = new Set(['rules', 'dashboard', 'promql']);

const collect = (v: string, all: string[]) => [...all, v];
const collectList = (v: string, all: string[]) => [...all, ...v.split(',').map((x) => x.trim()).filter(Boolean)];
const OUTPUTS = new Set(['text', 'json', 'github']);

function readStdin(): string {
  return readFileSync(0, 'utf8');
}

/** Evaluates each parsed query once over the data; failures are runtime problems. */
async function evaluateAll(engine: Engine, time: number, file: string, queries: CheckedQuery[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const q of queries) {
    try {
      await engine.instantQuery(q.text, time);
    } catch (e) {
      const at = q.found.at(q.toOriginal((e as PromQLError).pos?.start ?? 0));
      const message = `runtime error (evaluated over --data): ${(e as Error).message}`;
      problems.push({ file, ...at, severity: 'error', rule: 'runtime', message: q.found.context ? `${q.found.context}: ${message}` : message });
    }
  }
  return problems;
}

function lintSet(flags: { enable?: string[]; disable?: string[] }): Set<string> | null {
  const set = defaultLintRules();
  const known = new Set(LINT_RULES.map((r) => r.id));
  for (const id of [...(flags.enable ?? []), ...(flags.disable ?? [])]) {
    if (!known.has(id)) {
      usageError(`check: unknown lint rule "${id}" (see --list-rules)`);
      return null;
    }
  }
  for (const id of flags.enable ?? []) set.add(id);
  for (const id of flags.disable ?? []) set.delete(id);
  return set;
}

/** Registers `check`. */
export function registerCheck(program: Command): void {
  addFeatureFlags(addServerFlags(program.command('check')
    .description('check rule files, Grafana dashboards and query files; exit 1 if a problem is found')
    .argument('[paths...]', 'files, directories (searched for .yml/.yaml/.json/.promql), glob patterns, or - for stdin')
    .option('-e, --expr <query>', 'a query to check (repeatable)', collect, [] as string[])
    .option('-f, --format <format>', 'read inputs as rules, dashboard or promql (default: by extension)')
    .option('-o, --output <format>', 'text, json or github', 'text')
    .option('--enable <ids>', 'turn lint rules on (comma-separated, repeatable)', collectList, [] as string[])
    .option('--disable <ids>', 'turn lint rules off (comma-separated, repeatable)', collectList, [] as string[])
    .option('--strict', 'warnings fail the check too')
    .option('--data <file>', 'also evaluate each query once over fixture data (at its newest sample) and report runtime errors (repeatable)', collect, [] as string[])
    .option('--list-rules', 'list the lint rules and exit')))
    .action(async (paths: string[], flags) => {
      if (flags.listRules) {
        for (const r of LINT_RULES) out(`${r.id.padEnd(32)} ${r.enabledByDefault ? 'on ' : 'off'}  ${r.description}`);
        return;
      }
      const exprs: string[] = flags.expr ?? [];
      if (paths.length === 0 && exprs.length === 0) return usageError('check: give PATH…, - (stdin) or --expr QUERY');
      if (flags.format && !FORMATS.has(flags.format)) return usageError(`check: unknown --format "${flags.format}" (rules, dashboard, promql)`);
      if (!OUTPUTS.has(flags.output)) return usageError(`check: unknown --output "${flags.output}" (text, json, github)`);
      const lintRules = lintSet(flags);
      if (!lintRules) return;
      let live;
      try {
        live = serverStorage(flags);
      } catch (e) {
        return usageError(`check: ${(e as Error).message}`);
      }
      const options = { parser: parserOptions(flags), lint: lintRules, format: flags.format as CheckFormat | undefined, keepQueries: flags.data.length > 0 || !!live };
      let engine: Engine | null = null;
      let time = 0;
      if (flags.data.length > 0) {
        try {
          const storage = loadDataFiles(flags.data);
          engine = new Engine({ storage, parser: options.parser });
          time = newestTimestamp(storage);
        } catch (e) {
          return usageError((e as Error).message);
        }
      }
      const problems: Problem[] = [];
      const summary: CheckSummary = { files: 0, queries: 0, errors: 0, warnings: 0 };
      let unreadable = false;
      const checkOne = async (file: string, text: string, format?: CheckFormat) => {
        const r = checkText(file, text, { ...options, format: format ?? options.format });
        summary.files++;
        summary.queries += r.found;
        problems.push(...r.problems);
        if (r.problems.some((p) => p.rule === 'input')) unreadable = true;
        if (engine) problems.push(...await evaluateAll(engine, time, file, r.queries));
        if (live) problems.push(...await liveProblems(live, file, r.queries));
      };
      for (const e of exprs) await checkOne('<expr>', e, 'promql');
      const inputs = expandInputs(paths);
      const progress = inputs.length > 200 && process.stdout.isTTY && flags.output === 'text';
      for (const [n, input] of inputs.entries()) {
        if (progress && n % 100 === 0) diag(`checked ${n}/${inputs.length} files…`);
        if (input.kind === 'missing') {
          unreadable = true;
          problems.push({ file: input.path, line: 1, column: 1, severity: 'error', rule: 'input', message: input.why });
          continue;
        }
        if (input.kind === 'stdin') {
          await checkOne('<stdin>', readStdin(), options.format ?? 'promql');
          continue;
        }
        let text: string;
        try {
          text = readTextFile(input.path);
        } catch (e) {
          unreadable = true;
          problems.push({ file: input.path, line: 1, column: 1, severity: 'error', rule: 'input', message: (e as FileReadError).reason });
          continue;
        }
        await checkOne(input.path, text);
      }
      for (const p of problems) p.severity === 'error' ? summary.errors++ : summary.warnings++;
      if (flags.output === 'json') out(jsonReport(problems, summary));
      else {
        // Unreadable inputs are diagnostics (stderr); the problems found in files are the data (stdout).
        for (const p of problems) {
          if (p.rule === 'input') diag(`promql: ${p.file}: ${p.message}`);
          else out(flags.output === 'github' ? githubLine(p) : textLine(p));
        }
      }
      if (flags.output !== 'json') {
        diag(`${summary.files} file(s), ${summary.queries} quer${summary.queries === 1 ? 'y' : 'ies'}: ${summary.errors} error(s), ${summary.warnings} warning(s)`);
      }
      if (unreadable) process.exitCode = EXIT.usage;
      else if (summary.errors > 0 || (flags.strict && summary.warnings > 0)) process.exitCode = EXIT.problems;
    });
}
