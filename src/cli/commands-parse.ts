// `promql format`.
import type { Command } from 'commander';
import { check } from '../parser/parse.js';
import { format } from '../parser/format.js';
import { addFeatureFlags, parserOptions } from './parser-flags.js';
import { diag, EXIT, out, usageError } from './output.js';
import { splitQueries, type FileQuery } from '../check/query-file.js';
import type { Diagnostic } from '../errors.js';
import type { FormatOptions } from '../parser/format.js';
import { readErrorReason, readTextFile, type FileReadError } from '../util/read-file.js';
import { readUtf8File } from '../util/utf8.js';
import { writeFileAtomic } from '../util/write-atomic.js';

/** `file:line:col: parse error: …` for a problem in a query read from a file. */
function fileDiagnostic(file: string, q: FileQuery, p: Diagnostic): string {
  return `${file}:${q.line + p.line - 1}:${p.column}: parse error: ${p.message}`;
}

function readText(path: string): string | null {
  try {
    return readTextFile(path);
  } catch (e) {
    usageError((e as FileReadError).message);
    return null;
  }
}

/** `promql format rules.yml [--write]`: the rule file with every valid expression formatted. */
async function formatRules(path: string, opts: FormatOptions, write: boolean): Promise<void> {
  let text: string;
  try {
    // Prometheus compatibility: rule files must be UTF-8 (promtool: "yaml: invalid trailing UTF-8 octet").
    text = readUtf8File(path);
  } catch (e) {
    usageError((e as Error).message);
    return;
  }
  // Loaded only for rule files: the YAML library is a noticeable part of start-up.
  const { formatRuleFile } = await import('../check/format-rules.js');
  let r;
  try {
    r = formatRuleFile(text, opts);
  } catch (e) {
    usageError(`${path}: ${(e as Error).message}`);
    return;
  }
  for (const f of r.failed) diag(`${path}:${f.line}: not formatted: ${f.message}`);
  if (r.failed.length) process.exitCode = EXIT.problems;
  if (!write) {
    process.stdout.write(r.text);
    return;
  }
  try {
    if (r.changed > 0) writeFileAtomic(path, r.text);
  } catch (e) {
    usageError(`${path}: not written (the file is unchanged): ${readErrorReason(e)}`);
    return;
  }
  diag(`${path}: ${r.changed} expression(s) formatted`);
}

/** Registers `format`. */
export function registerFormat(program: Command): void {
  addFeatureFlags(program.command('format')
    .description('print a query (or every query of a .promql file) in canonical form')
    .argument('<query-or-file>', 'a PromQL query, or a path to a .promql file')
    .option('--pretty', 'wrap long queries over several lines, as promtool promql format does')
    .option('-w, --write', 'rule files (.yml/.yaml): rewrite the file in place, changing only the expressions'))
    .action(async (arg: string, flags) => {
      const opts = { ...parserOptions(flags), pretty: !!flags.pretty };
      if (/\.ya?ml$/i.test(arg)) {
        await formatRules(arg, opts, !!flags.write);
        return;
      }
      if (flags.write) {
        usageError('format: --write works on rule files (.yml, .yaml)');
        return;
      }
      const fromFile = /\.promql$/.test(arg);
      const text = fromFile ? readText(arg) : arg;
      if (text === null) return;
      const queries = fromFile ? splitQueries(text) : [{ text, line: 1 }];
      const results: string[] = [];
      for (const q of queries) {
        const problems = check(q.text, opts);
        if (problems.length) {
          const p = problems[0];
          diag(fromFile ? fileDiagnostic(arg, q, p) : p.text);
          process.exitCode = EXIT.problems;
          continue;
        }
        results.push(format(q.text, opts));
      }
      if (results.length) out(results.join(fromFile ? '\n\n' : '\n'));
    });
}
