// `promql test`: promqltest scripts (Prometheus's load/eval format, `.test`) and Prometheus rule
// unit tests (the files `promtool test rules` runs, `.yml`/`.yaml`), with one reporting model.
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { runTestScript } from '../promqltest/runner.js';
import { loadSkipList, skipFor, type SkipEntry } from '../promqltest/skip-list.js';
import { runRuleTestFile } from '../rules/unit-test.js';
import { diag, EXIT, out, usageError } from './output.js';
import { jsonTestReport, junitReport, totals, type SuiteResult } from './test-report.js';
import { readTextFile, type FileReadError } from '../util/read-file.js';

async function promqltestSuite(file: string, skip: SkipEntry[]): Promise<SuiteResult> {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (e) {
    return { file, kind: 'promqltest', unreadable: true, error: (e as FileReadError).reason, cases: [], passedUnlisted: 0, warnings: [] };
  }
  const r = await runTestScript(text, { file, skip: skipFor(skip, basename(file)) });
  return {
    file, kind: 'promqltest', error: null, passedUnlisted: r.passed, warnings: [],
    cases: [
      ...r.failures.map((f) => ({ name: `${f.file}:${f.line}: ${f.query}`, status: 'failed' as const, messages: [f.message] })),
      ...Array.from({ length: r.skipped }, (_, i) => ({ name: `skipped #${i + 1}`, status: 'skipped' as const, messages: [] })),
    ],
  };
}

async function ruleSuite(file: string, run: string[] | undefined, flags: { debug?: boolean; ignoreUnknownFields?: boolean }): Promise<SuiteResult> {
  const r = await runRuleTestFile(file, { run, debug: flags.debug ? diag : undefined, ignoreUnknownFields: !!flags.ignoreUnknownFields });
  return {
    file, kind: 'rules', error: r.error, unreadable: r.unreadable, passedUnlisted: 0, warnings: r.warnings,
    cases: r.cases.map((c) => ({ name: c.name, status: c.failures.length ? 'failed' as const : 'passed' as const, messages: c.failures, diffs: c.diffs })),
  };
}

/** promtool's text for a rule test file; with `diff`, each comparison is followed by a -/+ diff. */
function printRuleSuite(s: SuiteResult, diff: boolean): void {
  out(`Unit Testing:  ${s.file}`);
  for (const w of s.warnings) out(`  WARNING: ${w}`);
  const withDiff = (c: SuiteResult['cases'][number]) => c.messages.map((m, i) => {
    const d = c.diffs?.[i];
    return diff && d ? `${m}\n        diff (- expected, + got):\n          ${d.replace(/\n/g, '\n          ')}` : m;
  });
  const failures = s.error ? [s.error] : s.cases.flatMap(withDiff);
  if (failures.length === 0) out('  SUCCESS\n');
  else out(`  FAILED:\n${failures.map((f) => `${f}\n`).join('\n')}`);
}

/** Registers `test`. */
export function registerTest(program: Command): void {
  program.command('test')
    .description('run promqltest scripts (.test) and Prometheus rule unit tests (.yml/.yaml, as promtool test rules)')
    .argument('<files...>', '.test scripts or rule test files')
    .option('--skip-list <file>', 'promqltest: JSON list of {file, line?, reason} entries to skip')
    .option('--run <regex>', 'rule tests: only the test groups whose name matches (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('-o, --output <format>', 'text or json', 'text')
    .option('--junit <file>', 'also write a JUnit XML report to this file')
    .option('--diff', 'rule tests: follow each mismatch with a line-by-line diff of expected and actual')
    .option('-q, --quiet', 'print only the summary line')
    .option('--debug', 'rule tests: on stderr, when each test group starts and ends, and a dump of all its data (input series and rule results), as promtool')
    .option('--ignore-unknown-fields', 'rule tests: unknown fields in the rule files are not errors (custom metadata); Prometheus itself still refuses them')
    .action(async (files: string[], flags) => {
      if (flags.output !== 'text' && flags.output !== 'json') return usageError(`test: unknown --output "${flags.output}" (text, json)`);
      let skip: SkipEntry[];
      try {
        skip = flags.skipList ? loadSkipList(readTextFile(flags.skipList), flags.skipList) : [];
      } catch (e) {
        return usageError(`test: ${(e as Error).message}`);
      }
      const suites: SuiteResult[] = [];
      let unreadable = false;
      for (const file of files) {
        const s = /\.ya?ml$/i.test(file) ? await ruleSuite(file, flags.run, flags) : await promqltestSuite(file, skip);
        if (s.unreadable) {
          unreadable = true;
          diag(`promql: ${file}: ${s.error}`);
          continue;
        }
        suites.push(s);
        if (flags.output !== 'text' || flags.quiet) continue;
        if (s.kind === 'rules') printRuleSuite(s, !!flags.diff);
        else {
          for (const c of s.cases.filter((x) => x.status === 'failed')) out(`${c.name}\n    ${c.messages.join('\n').replace(/\n/g, '\n    ')}`);
          if (files.length > 1) {
            const t = totals([s]);
            out(`${file}: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}`);
          }
        }
      }
      const t = totals(suites);
      if (flags.output === 'json') out(jsonTestReport(suites));
      else out(`${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}`);
      if (flags.junit) {
        try {
          writeFileSync(flags.junit, junitReport(suites));
        } catch (e) {
          return usageError(`test: cannot write ${flags.junit}: ${(e as Error).message}`);
        }
      }
      if (unreadable) process.exitCode = EXIT.usage;
      else if (t.failed > 0) process.exitCode = EXIT.problems;
    });
}
