// Check results as XML for CI tools: Checkstyle (one <file> per checked file, one <error> per
// problem) and JUnit (one <testsuite> per file, one failing <testcase> per problem).
import type { Diagnostic } from './types.js';

/** Escapes text for an XML attribute or element (also drops characters XML 1.0 cannot hold). */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** Problems grouped by file, in the order files were checked (files without problems included). */
function byFile(files: readonly string[], problems: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>(files.map((f) => [f, []]));
  for (const p of problems) {
    const list = out.get(p.file);
    if (list) list.push(p);
    else out.set(p.file, [p]);
  }
  return out;
}

/** The Checkstyle XML report (format 4.3, as read by Jenkins, GitLab and reviewdog). */
export function checkstyleReport(files: readonly string[], problems: readonly Diagnostic[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const [file, list] of byFile(files, problems)) {
    if (list.length === 0) {
      out.push(`  <file name="${xmlEscape(file)}"/>`);
      continue;
    }
    out.push(`  <file name="${xmlEscape(file)}">`);
    for (const p of list) {
      out.push(`    <error line="${p.line}" column="${p.column}" severity="${p.severity}" message="${xmlEscape(p.message)}" source="promql.${xmlEscape(p.rule)}"/>`);
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n');
}

/**
 * The JUnit XML report: a suite per file; a file without problems is one passing test case, a
 * file with problems one failing case per problem (`type` is the severity). Warnings count as
 * failures only when `strict` (as they fail the check only then); otherwise they are `skipped`.
 */
export function junitReport(files: readonly string[], problems: readonly Diagnostic[], strict: boolean): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [file, list] of byFile(files, problems)) {
    const name = xmlEscape(file);
    if (list.length === 0) {
      tests++;
      suites.push(`  <testsuite name="${name}" tests="1" failures="0" skipped="0">\n    <testcase name="${name}" classname="promql.check"/>\n  </testsuite>`);
      continue;
    }
    const cases: string[] = [];
    let suiteFailures = 0;
    let skipped = 0;
    for (const p of list) {
      const title = xmlEscape(`${file}:${p.line}:${p.column} ${p.rule}`);
      const body = xmlEscape(`${file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
      if (p.severity === 'error' || strict) {
        suiteFailures++;
        cases.push(`    <testcase name="${title}" classname="promql.check.${xmlEscape(p.rule)}">\n      <failure type="${p.severity}" message="${xmlEscape(p.message)}">${body}</failure>\n    </testcase>`);
      } else {
        skipped++;
        cases.push(`    <testcase name="${title}" classname="promql.check.${xmlEscape(p.rule)}">\n      <skipped message="${xmlEscape(p.message)}"/>\n    </testcase>`);
      }
    }
    tests += list.length;
    failures += suiteFailures;
    suites.push(`  <testsuite name="${name}" tests="${list.length}" failures="${suiteFailures}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const head = `<testsuites name="promql check" tests="${tests}" failures="${failures}" errors="0">`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>'].join('\n');
}
