/**
 * Testing helpers for queries and rules in any test runner: fixtures, evaluation to plain objects,
 * matchers, rule files and promtool-format rule unit tests. Needs Node.
 *
 * @module promql-ts/testing
 */
// Testing helpers for queries and rules in your own test runner: fixtures, evaluation to plain
// objects, matchers (registered with vitest by `promql-ts/testing/vitest`), rule unit tests. Node.
export { series, seriesEvery } from './fixtures.js';
export { seriesFromFiles } from './files.js';
export { loadDataFiles, loadExpositionFile } from '../storage/load-files.js';
export type { LoadFilesOptions } from '../storage/load-files.js';
export { loadRuleFiles, RuleLoadError } from '../rules/groups.js';
export type { RuleDef, GroupDef, LoadRuleOptions } from '../rules/groups.js';
export { runRuleTestFile } from '../rules/unit-test.js';
export type { RuleTestFile, RuleTestCase, RuleTestOptions } from '../rules/unit-test.js';
export { evaluate } from './evaluate.js';
export type { EvaluateOptions } from './evaluate.js';
export { toPlain } from '../eval/result.js';
export type { PlainResult, PlainSample, PlainSeries } from '../eval/result.js';
export { toEqualVector, toEqualMatrix, toEqualScalar, toHaveAnnotations, promqlMatchers } from './matchers.js';
export type { MatchOptions, ExpectedSample, ExpectedSeries, ExpectedAnnotations, MatcherResult } from './matchers.js';
export { runTestScript } from '../promqltest/runner.js';
export type { RunTestOptions, TestReport, TestFailure } from '../promqltest/runner.js';
export { loadSkipList, skipFor } from '../promqltest/skip-list.js';
export type { SkipEntry } from '../promqltest/skip-list.js';
