// Reporting of `promql test` for both kinds of test file: one model of suites and cases, written
// as text, JSON (`--output json`) or JUnit XML (`--junit FILE`).

/** One test case: a promqltest eval, or a rule test group. */
export interface CaseResult {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly messages: string[];
  /** Rule tests: a `-`/`+` diff per message ("" when the message is not a comparison). */
  readonly diffs?: string[];
}

/** One test file. */
export interface SuiteResult {
  readonly file: string;
  readonly kind: 'promqltest' | 'rules';
  /** A problem that stopped the file before its tests ran. */
  readonly error: string | null;
  /** The file itself could not be read (exit code 2). */
  readonly unreadable?: boolean;
  readonly cases: CaseResult[];
  /** Passing cases not listed one by one (promqltest evals). */
  readonly passedUnlisted: number;
  readonly warnings: string[];
}

/** Counts of a run. */
export function totals(suites: readonly SuiteResult[]): { passed: number; failed: number; skipped: number } {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const s of suites) {
    passed += s.passedUnlisted;
    if (s.error) failed++;
    for (const c of s.cases) {
      if (c.status === 'passed') passed++;
      else if (c.status === 'failed') failed++;
      else skipped++;
    }
  }
  return { passed, failed, skipped };
}

/** The JSON report: `{ version: 1, suites: [SuiteResult…], summary: { passed, failed, skipped } }`. */
export function jsonTestReport(suites: readonly SuiteResult[]): string {
  return JSON.stringify({ version: 1, suites, summary: totals(suites) }, null, 2);
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    // XML 1.0 cannot hold most control characters.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** JUnit XML, one testsuite per file (as promtool's `--junit`). */
export function junitReport(suites: readonly SuiteResult[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>'];
  for (const s of suites) {
    const t = totals([s]);
    lines.push(`  <testsuite name="${xml(s.file)}" tests="${t.passed + t.failed + t.skipped}" failures="${t.failed}" skipped="${t.skipped}">`);
    if (s.error) lines.push(`    <testcase name="${xml(s.file)}"><failure message="${xml(s.error.split('\n')[0])}">${xml(s.error)}</failure></testcase>`);
    for (const c of s.cases) {
      const open = `    <testcase name="${xml(c.name)}" classname="${xml(s.file)}"`;
      if (c.status === 'passed') lines.push(`${open}/>`);
      else if (c.status === 'skipped') lines.push(`${open}><skipped message="${xml(c.messages[0] ?? '')}"/></testcase>`);
      else lines.push(`${open}><failure message="${xml(c.messages[0]?.split('\n')[0] ?? 'failed')}">${xml(c.messages.join('\n\n'))}</failure></testcase>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
