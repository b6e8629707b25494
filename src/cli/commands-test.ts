// `promql test`: run promqltest scripts (Prometheus's load/eval format) and report each failure.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { runTestScript } from '../promqltest/runner.js';
import { loadSkipList, skipFor } from '../promqltest/skip-list.js';
import { EXIT, out, usageError } from './output.js';

/** Registers `test`. */
export function registerTest(program: Command): void {
  program.command('test')
    .description('run promqltest scripts (load/eval format); prints failures and "N passed, N failed"')
    .argument('<files...>', '.test script files')
    .option('--skip-list <file>', 'JSON list of {file, line?, reason} entries to skip')
    .option('-q, --quiet', 'print only the summary line')
    .action(async (files: string[], flags) => {
      let skip;
      try {
        skip = flags.skipList ? loadSkipList(readFileSync(flags.skipList, 'utf8'), flags.skipList) : [];
      } catch (e) {
        return usageError(`test: ${(e as Error).message}`);
      }
      let passed = 0, failed = 0, skipped = 0;
      for (const file of files) {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          usageError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
          continue;
        }
        const r = await runTestScript(text, { file, skip: skipFor(skip, basename(file)) });
        passed += r.passed;
        failed += r.failed;
        skipped += r.skipped;
        if (!flags.quiet) {
          for (const f of r.failures) out(`${f.file}:${f.line}: ${f.query}\n    ${f.message.replace(/\n/g, '\n    ')}`);
          if (files.length > 1) out(`${file}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
        }
      }
      out(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
      if (failed > 0 && process.exitCode !== EXIT.usage) process.exitCode = EXIT.problems;
    });
}
