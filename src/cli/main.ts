#!/usr/bin/env node
// The `promql` binary. Exit codes: 0 success, 1 problems found (invalid queries, failed tests,
// query errors), 2 usage errors, unreadable input or output that cannot be written.
import { runCli } from './run.js';
import { watchOutputErrors } from './output.js';

watchOutputErrors();
await runCli(process.argv.slice(2));
