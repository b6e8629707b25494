// `promql check`: rule files, Grafana dashboards and query files; syntax, structure and lint
// problems with the file's own line and column; optional evaluation over fixture data.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkTextWith, defaultLintRules, formatOf, type CheckFormat, type CheckedQuery, type RuleFileExtractor } from '../check/check-core.js';
import { LINT_RULES } from '../check/lint.js';
import { githubLine, jsonReport, textLine, type CheckSummary } from '../check/report.js';
import { checkstyleReport, junitReport } from '../check/report-xml.js';
import type { Diagnostic } from '../check/types.js';
import { configExcludes, ConfigError, findConfig, pathMatches, rulesForPath, type CheckConfig } from '../check/config.js';
import { addBuiltinTypes, MetricTypes } from '../check/metric-types.js';
import { decodeInput, readCheckInput } from '../check/read-input.js';
import { sniffFormat } from '../check/sniff.js';
import { probeRuleFiles } from '../check/rule-files-probe.js';
import type { Engine } from '../eval/engine.js';
import { PromQLError } from '../errors.js';
import { addFeatureFlags, parserOptions } from './parser-flags.js';
import { diag, EXIT, out, usageError } from './output.js';
import { expandInputs } from './inputs.js';
import { compileGlob, type GlobMatcher } from '../util/glob.js';
import { addServerFlags, serverFlagsGiven } from './server-flag-options.js';

const FORMATS = new Set(['rules', 'dashboard', 'promql']);

const collect = (v: string, all: string[]) => [...all, v];
const collectList = (v: string, all: string[]) => [...all, ...v.split(',').map((x) => x.trim()).filter(Boolean)];
const OUTPUTS = new Set(['text', 'json', 'github', 'checkstyle', 'junit']);

function readStdin(): Uint8Array {
  return readFileSync(0);
}

/** The configuration to use: `--config FILE`, none with `--no-config`, else the nearest `.promql-ts.yml`. */
async function configFrom(flags: { config?: string | false }): Promise<CheckConfig | null> {
  if (flags.config === false) return null;
  const file = typeof flags.config === 'string' ? flags.config : findConfig(process.cwd());
  // The YAML reader is loaded only when there is a configuration file (start-up time).
  return file ? (await import('../check/config-file.js')).loadConfig(file) : null;
}

/** Metric types for rate-on-gauge: `# TYPE` lines of the --data files first, then the built-in tables. */
function metricTypesFrom(data: readonly string[]): MetricTypes {
  const types = new MetricTypes();
  for (const file of data) {
    try {
      types.addExposition(readFileSync(file, 'utf8'), `--data ${file}`);
    } catch {
      // Unreadable data files are reported when loading them.
    }
  }
  return addBuiltinTypes(types);
}

/** Evaluates each parsed query once over the data; failures are runtime problems. */
async function evaluateAll(engine: Engine, time: number, file: string, queries: CheckedQuery[]): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
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

function checkRuleIds(flags: { enable?: string[]; disable?: string[] }): boolean {
  const known = new Set(LINT_RULES.map((r) => r.id));
  for (const id of [...(flags.enable ?? []), ...(flags.disable ?? [])]) {
    if (!known.has(id)) {
      usageError(`check: unknown lint rule "${id}" (see --list-rules)`);
      return false;
    }
  }
  return true;
}

/** What `check` reads besides files (a seam for in-process tests). */
export interface CheckIo {
  readonly readStdin: () => Uint8Array;
}

/** Registers `check`. */
export function registerCheck(program: Command, io: CheckIo = { readStdin }): void {
  addFeatureFlags(addServerFlags(program.command('check')
    .description('check rule files, Grafana dashboards and query files; exit 1 if a problem is found')
    .argument('[paths...]', 'files, directories (searched for .yml/.yaml/.json/.promql), glob patterns, or - for stdin')
    .option('-e, --expr <query>', 'a query to check (repeatable)', collect, [] as string[])
    .option('-f, --format <format>', 'read inputs as rules, dashboard or promql (default: by extension)')
    .option('-o, --output <format>', 'text, json, github, checkstyle or junit', 'text')
    .option('--exclude <glob>', 'skip files and directories matching the glob (repeatable; also a file or directory name, e.g. vendor)', collect, [] as string[])
    .option('--config <file>', 'read this configuration instead of the nearest .promql-ts.yml')
    .option('--no-config', 'ignore .promql-ts.yml files')
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
      if (!OUTPUTS.has(flags.output)) return usageError(`check: unknown --output "${flags.output}" (text, json, github, checkstyle, junit)`);
      if (!checkRuleIds(flags)) return;
      let config: CheckConfig | null;
      let exclude: GlobMatcher[];
      try {
        config = await configFrom(flags);
        exclude = (flags.exclude as string[]).map((g) => compileGlob(g));
      } catch (e) {
        return usageError(e instanceof ConfigError ? `check: configuration ${e.message}` : `check: --exclude: ${(e as Error).message}`);
      }
      const cli = { enable: flags.enable as string[], disable: flags.disable as string[] };
      const defaults = defaultLintRules();
      let live;
      try {
        // The remote storages, the data loaders and the engine are imported only when asked for.
        live = serverFlagsGiven(flags) ? (await import('./server-flags.js')).serverStorage(flags) : undefined;
      } catch (e) {
        return usageError(`check: ${(e as Error).message}`);
      }
      const options = { parser: parserOptions(flags), format: flags.format as CheckFormat | undefined, keepQueries: flags.data.length > 0 || !!live, metricTypes: metricTypesFrom(flags.data), ruleFiles: probeRuleFiles };
      let engine: Engine | null = null;
      let time = 0;
      if (flags.data.length > 0) {
        try {
          const [{ loadDataFiles, newestTimestamp }, { Engine }] = await Promise.all([import('../storage/load-files.js'), import('../eval/engine.js')]);
          const storage = loadDataFiles(flags.data);
          engine = new Engine({ storage, parser: options.parser });
          time = newestTimestamp(storage);
        } catch (e) {
          return usageError((e as Error).message);
        }
      }
      const problems: Diagnostic[] = [];
      const summary: CheckSummary = { files: 0, queries: 0, errors: 0, warnings: 0 };
      let unreadable = false;
      const checked: string[] = [];
      // The rule-file reader (and with it the YAML parser) is loaded at the first rule file.
      let ruleExtractor: RuleFileExtractor | undefined;
      const checkOne = async (file: string, text: string, format?: CheckFormat, path: string | null = file) => {
        const lint = rulesForPath(defaults, config, cli, path);
        const fmt = format ?? options.format ?? formatOf(file);
        if (fmt === 'rules') ruleExtractor ??= (await import('../check/rule-file.js')).extractRuleFile;
        const r = checkTextWith(ruleExtractor, file, text, { ...options, lint, format: fmt });
        summary.files++;
        checked.push(file);
        summary.queries += r.found;
        problems.push(...r.problems);
        if (r.problems.some((p) => p.rule === 'input')) unreadable = true;
        if (engine) problems.push(...await evaluateAll(engine, time, file, r.queries));
        if (live) problems.push(...await (await import('./server-flags.js')).liveProblems(live, file, r.queries));
      };
      for (const e of exprs) await checkOne('<expr>', e, 'promql', null);
      const isExcluded = (p: string) => pathMatches(p, exclude) || (config !== null && configExcludes(config, p));
      const inputs = expandInputs(paths, { exclude: isExcluded });
      const fail = (problem: Diagnostic) => {
        if (problem.rule === 'input') unreadable = true;
        summary.files++;
        checked.push(problem.file);
        problems.push(problem);
      };
      const progress = inputs.length > 200 && process.stdout.isTTY && flags.output === 'text';
      for (const [n, input] of inputs.entries()) {
        if (progress && n % 100 === 0) diag(`checked ${n}/${inputs.length} files…`);
        if (input.kind === 'missing') {
          unreadable = true;
          problems.push({ file: input.path, line: 1, column: 1, severity: 'error', rule: 'input', message: input.why });
          continue;
        }
        const read = input.kind === 'stdin' ? decodeInput('<stdin>', io.readStdin()) : readCheckInput(input.path);
        if ('problem' in read) fail(read.problem);
        else if (input.kind === 'stdin') await checkOne('<stdin>', read.text, options.format ?? sniffFormat(read.text), null);
        else await checkOne(input.path, read.text);
      }
      for (const p of problems) p.severity === 'error' ? summary.errors++ : summary.warnings++;
      if (flags.output === 'json') out(jsonReport(problems, summary));
      else if (flags.output === 'checkstyle') out(checkstyleReport(checked, problems));
      else if (flags.output === 'junit') out(junitReport(checked, problems, !!flags.strict));
      else {
        // Unreadable inputs are diagnostics (stderr); the problems found in files are the data (stdout).
        for (const p of problems) {
          if (p.rule === 'input') diag(`promql: ${p.file}: ${p.message}`);
          else out(flags.output === 'github' ? githubLine(p) : textLine(p));
        }
      }
      if (flags.output === 'text' || flags.output === 'github') {
        diag(`${summary.files} file(s), ${summary.queries} quer${summary.queries === 1 ? 'y' : 'ies'}: ${summary.errors} error(s), ${summary.warnings} warning(s)`);
      }
      if (unreadable) process.exitCode = EXIT.usage;
      else if (summary.errors > 0 || (flags.strict && summary.warnings > 0)) process.exitCode = EXIT.problems;
    });
}
