// Prometheus durations: model.Duration.String, Go's time.Duration.String and model.ParseDuration's
// errors, as the printer, rule files and rule tests use them.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { durationError, formatDuration, formatGoDuration, parseDurationMs } from '../../src/util/durations.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('formatDuration (model.Duration.String)', () => {
  test.each([
    [0, '0s'],
    [1, '1ms'],
    [1.9, '1ms'],
    [999, '999ms'],
    [1500, '1s500ms'],
    [90 * S, '1m30s'],
    [60 * S, '1m'],
    [90 * M, '1h30m'],
    [12 * H + 34 * M + 56 * S, '12h34m56s'],
    [3 * D + 12 * H, '3d12h'],
    // Weeks and years only when exact, as Prometheus prints them.
    [7 * D, '1w'],
    [8 * D, '8d'],
    [14 * D, '2w'],
    [7 * D + H, '7d1h'],
    [90 * D, '90d'],
    [365 * D, '1y'],
    [366 * D, '366d'],
    [371 * D, '53w'],
    [730 * D, '2y'],
    [-90 * S, '-1m30s'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test('parses back to the same duration', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9_223_372_036_854 }) /* int64 nanoseconds */, (ms) => {
      expect(parseDurationMs(formatDuration(ms))).toBe(ms);
    }));
  });
});

describe("formatGoDuration (Go's time.Duration.String)", () => {
  test.each([
    [0, '0s'],
    [500, '500ms'],
    [1500, '1.5s'],
    [60 * S, '1m0s'],
    [90 * M, '1h30m0s'],
    [-1500, '-1.5s'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});

describe('durationError (model.ParseDuration)', () => {
  test.each([
    ['0', null],
    ['1h30m', null],
    ['5m', null],
    ['', 'empty duration string'],
    ['5m1h', 'not a valid duration string: "5m1h"'],
    ['1h1h', 'not a valid duration string: "1h1h"'],
    ['5x', 'unknown unit "x" in duration "5x"'],
    ['1.5h', 'unknown unit "." in duration "1.5h"'],
    ['h', 'not a valid duration string: "h"'],
    ['5', 'not a valid duration string: "5"'],
    ['300y', 'duration out of range'],
    // strconv.ParseUint fails before the unit is looked at.
    ['18446744073709551616x', 'not a valid duration string: "18446744073709551616x"'],
    ['18446744073709551615ms', 'duration out of range'],
  ])('%j → %j', (text, error) => {
    expect(durationError(text)).toBe(error);
  });
});
