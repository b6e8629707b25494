/**
 * Registers the promql matchers with vitest's `expect` and declares their types: import it in a
 * test file, or list it in `setupFiles` and in `compilerOptions.types`.
 *
 * @module promql-ts/testing/vitest
 */
// Registers the promql matchers with vitest. Add this module to `setupFiles` in vitest.config:
//   test: { setupFiles: ['promql-ts/testing/vitest'] }
import { expect } from 'vitest';
import { promqlMatchers, type ExpectedAnnotations, type ExpectedSample, type ExpectedSeries, type MatchOptions } from './matchers.js';

expect.extend(promqlMatchers);

declare module 'vitest' {
  interface Assertion<T> {
    /** The result is an instant vector with these samples (by label set; values within tolerance). */
    toEqualVector(expected: readonly ExpectedSample[] | string, opts?: MatchOptions): T;
    /** The result is a range result with these series and points (a list, or text in the series notation). */
    toEqualMatrix(expected: readonly ExpectedSeries[] | string, opts?: MatchOptions): T;
    /** The result is a scalar with this value (within tolerance; NaN equals NaN). */
    toEqualScalar(expected: number | string, opts?: MatchOptions): T;
    /** The result carries annotations matching these (substrings or regexes; `[]` for none). */
    toHaveAnnotations(expected: ExpectedAnnotations): T;
  }
}
