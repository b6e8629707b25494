// Testing helpers for queries and rules in your own test runner: fixtures, evaluation to plain
// objects, and matchers (registered with vitest by `promql-ts/testing/vitest`).
export { series, seriesFromFiles } from './fixtures.js';
export { evaluate, testTime } from './evaluate.js';
export type { Evaluated, EvaluatedSample, EvaluatedSeries, EvaluateOptions, TestTime } from './evaluate.js';
export { toEqualVector, toEqualMatrix, toHaveAnnotations, promqlMatchers } from './matchers.js';
export type { MatchOptions, ExpectedSample, ExpectedSeries, ExpectedAnnotations, MatcherResult } from './matchers.js';
