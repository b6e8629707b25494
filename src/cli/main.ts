#!/usr/bin/env node
// The `promql` command line. Exit codes: 0 success, 1 problems found (invalid queries, failed
// tests, query errors), 2 usage errors or unreadable input.
import { Command, CommanderError } from 'commander';
import { registerFormat } from './commands-parse.js';
import { registerCheck } from './commands-check.js';
import { registerQuery } from './commands-query.js';
import { registerTest } from './commands-test.js';
import { registerServe } from './commands-serve.js';
import { diag, EXIT } from './output.js';

// A reader that goes away early (`promql … | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const program = new Command();
program
  .name('promql')
  .description('PromQL for the command line: check, format, query and test, as Prometheus 3.x does')
  .exitOverride()
  .configureOutput({
    writeErr: (s) => process.stderr.write(s),
    // `promql query '-up'` reads the query as an option: say how to pass it.
    outputError: (s, write) => write(/unknown option '-|missing required argument '(query|query-or-file)'/.test(s)
      ? `${s.trimEnd()}\n(a query or value that starts with '-' goes after '--', e.g. promql query --data f.om -- '-up')\n`
      : s),
  });
registerFormat(program);
registerCheck(program);
registerQuery(program);
registerTest(program);
registerServe(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    if (e.exitCode !== 0 && process.exitCode === undefined) process.exitCode = EXIT.usage;
  } else {
    diag(`promql: ${(e as Error).message}`);
    process.exitCode = EXIT.usage;
  }
}
