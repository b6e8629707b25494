// Engine option and query time validation: every rule, with the message and the parameter named.
import { describe, expect, test } from 'vitest';
import {
  MAX_QUERY_STEPS, MAX_QUERY_TIME_MS, MAX_TIMER_DELAY_MS, resolveQueryLookback, startDeadline, validateEngineOptions,
  validateQueryTimes, type EngineOptions, type QueryTimesInput,
} from '../../src/eval/options.js';
import { OptionsError } from '../../src/errors.js';
import { MemoryStorage } from '../../src/storage/memory.js';

const storage = new MemoryStorage();

function optionsError(f: () => unknown): OptionsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OptionsError);
    expect((e as OptionsError).kind).toBe('options');
    return e as OptionsError;
  }
  throw new Error('expected an OptionsError');
}

describe('validateEngineOptions', () => {
  test('defaults', () => {
    expect(validateEngineOptions({ storage })).toEqual({
      storage, lookbackDeltaMs: 300_000, maxSamples: 50_000_000, timeoutMs: 120_000, defaultSubqueryStepMs: 60_000,
      delayedNameRemoval: false, useStartTimestamps: false, parser: { durationExpressions: true },
    });
  });

  test('given values are kept; lookbackDelta 0 means the default (Prometheus EngineOpts)', () => {
    const o = validateEngineOptions({
      storage, lookbackDeltaMs: 0, maxSamples: Infinity, timeoutMs: 2 ** 40, defaultSubqueryStepMs: 15_000,
      delayedNameRemoval: true, useStartTimestamps: true, parser: { experimentalFunctions: true, durationExpressions: false },
    });
    expect(o).toMatchObject({
      lookbackDeltaMs: 300_000, maxSamples: Infinity, timeoutMs: 2 ** 40, defaultSubqueryStepMs: 15_000, delayedNameRemoval: true,
      useStartTimestamps: true, parser: { experimentalFunctions: true, durationExpressions: false },
    });
    expect(validateEngineOptions({ storage, lookbackDeltaMs: 1, timeoutMs: Infinity, maxSamples: 1 })).toMatchObject({
      lookbackDeltaMs: 1, timeoutMs: Infinity, maxSamples: 1,
    });
    expect(validateEngineOptions({ storage, timeoutMs: 0.5 }).timeoutMs).toBe(0.5);
  });

  test('unknown keys are ignored', () => {
    expect(() => validateEngineOptions({ storage, features: {} } as EngineOptions)).not.toThrow();
  });

  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    ['no storage', { storage: undefined }, 'storage', /^invalid engine option storage: must be an object with a select\(request\) method, got undefined$/],
    ['storage without select', { storage: { query: () => [] } }, 'storage', /got an object/],
    ['storage select not a function', { storage: { select: 1 } }, 'storage', /select\(request\) method/],
    ['negative lookback', { lookbackDeltaMs: -1 }, 'lookbackDeltaMs', /^invalid engine option lookbackDeltaMs: must be a positive integer number of milliseconds \(0 for the default 5m\), got -1$/],
    ['NaN lookback', { lookbackDeltaMs: NaN }, 'lookbackDeltaMs', /got NaN/],
    ['Infinite lookback', { lookbackDeltaMs: Infinity }, 'lookbackDeltaMs', /got Infinity/],
    ['fractional lookback', { lookbackDeltaMs: 1.5 }, 'lookbackDeltaMs', /got 1.5/],
    ['string lookback', { lookbackDeltaMs: '5m' }, 'lookbackDeltaMs', /got "5m"/],
    ['NaN maxSamples', { maxSamples: NaN }, 'maxSamples', /^invalid engine option maxSamples: must be a positive integer or Infinity, got NaN$/],
    ['zero maxSamples', { maxSamples: 0 }, 'maxSamples', /got 0/],
    ['negative maxSamples', { maxSamples: -5 }, 'maxSamples', /got -5/],
    ['fractional maxSamples', { maxSamples: 2.5 }, 'maxSamples', /got 2.5/],
    ['zero timeout', { timeoutMs: 0 }, 'timeoutMs', /^invalid engine option timeoutMs: must be a positive number of milliseconds or Infinity, got 0$/],
    ['NaN timeout', { timeoutMs: NaN }, 'timeoutMs', /got NaN/],
    ['negative timeout', { timeoutMs: -1 }, 'timeoutMs', /got -1/],
    ['zero subquery step', { defaultSubqueryStepMs: 0 }, 'defaultSubqueryStepMs', /must be a positive integer, got 0$/],
    ['Infinite subquery step', { defaultSubqueryStepMs: Infinity }, 'defaultSubqueryStepMs', /got Infinity/],
    ['fractional subquery step', { defaultSubqueryStepMs: 0.5 }, 'defaultSubqueryStepMs', /got 0.5/],
    ['string boolean', { delayedNameRemoval: 'true' }, 'delayedNameRemoval', /^invalid engine option delayedNameRemoval: must be a boolean, got "true"$/],
    ['number boolean', { useStartTimestamps: 1 }, 'useStartTimestamps', /got 1/],
    ['parser not an object', { parser: true }, 'parser', /must be an object of parser flags, got true/],
    ['parser flag not boolean', { parser: { experimentalFunctions: 'yes' } }, 'parser.experimentalFunctions', /must be a boolean, got "yes"/],
  ];
  test.each(bad)('%s', (_, extra, option, message) => {
    const e = optionsError(() => validateEngineOptions({ storage, ...extra } as unknown as EngineOptions));
    expect(e.option).toBe(option);
    expect(e.message).toMatch(message);
  });

  test('options that are not an object', () => {
    expect(optionsError(() => validateEngineOptions(undefined as unknown as EngineOptions)).message).toBe('engine options must be an object, got undefined');
  });
});

describe('resolveQueryLookback', () => {
  test.each([[undefined, 300_000], [0, 300_000], [1000, 1000]])('%s → %s', (override, want) => {
    expect(resolveQueryLookback(override, 300_000)).toBe(want);
  });
  test.each([-1, NaN, 1.5, Infinity])('%s is rejected', (v) => {
    const e = optionsError(() => resolveQueryLookback(v, 300_000));
    expect(e.option).toBe('lookbackDeltaMs');
    expect(e.message).toContain(`got ${v}`);
  });
});

describe('validateQueryTimes', () => {
  test('instant and range queries', () => {
    expect(validateQueryTimes({ time: 1000 })).toEqual({ start: 1000, end: 1000, step: 0, points: 1 });
    expect(validateQueryTimes({ start: 0, end: 60_000, step: 15_000 })).toEqual({ start: 0, end: 60_000, step: 15_000, points: 5 });
    expect(validateQueryTimes({ start: 0, end: 59_999, step: 15_000 }).points).toBe(4);
    expect(validateQueryTimes({ start: 5, end: 5, step: 1 }).points).toBe(1);
    expect(validateQueryTimes({ start: -MAX_QUERY_TIME_MS, end: MAX_QUERY_TIME_MS, step: MAX_QUERY_TIME_MS }).points).toBe(3);
    expect(validateQueryTimes({ time: -MAX_QUERY_TIME_MS }).start).toBe(-MAX_QUERY_TIME_MS);
  });

  const bad: [string, QueryTimesInput, string, string][] = [
    ['time 1e300', { time: 1e300 }, 'time', 'time is out of range: 1e+300 is not within ±8640000000000000 ms (years -271821 to 275760)'],
    ['time -1e300', { time: -1e300 }, 'time', 'time is out of range: -1e+300 is not within ±8640000000000000 ms (years -271821 to 275760)'],
    ['time just beyond the range', { time: MAX_QUERY_TIME_MS + 1 }, 'time', 'time is out of range: 8640000000000001 is not within ±8640000000000000 ms (years -271821 to 275760)'],
    ['time NaN', { time: NaN }, 'time', 'time must be an integer number of milliseconds, got NaN'],
    ['time Infinity', { time: Infinity }, 'time', 'time must be an integer number of milliseconds, got Infinity'],
    ['time fractional', { time: 1.5 }, 'time', 'time must be an integer number of milliseconds, got 1.5'],
    ['time a string', { time: '1' as unknown as number }, 'time', 'time must be a number of milliseconds or a Date, got "1"'],
    ['start NaN', { start: NaN, end: 0, step: 1 }, 'start', 'start must be an integer number of milliseconds, got NaN'],
    ['end 2^60', { start: 0, end: 2 ** 60, step: 1 }, 'end', 'end is out of range: 1152921504606847000 is not within ±8640000000000000 ms (years -271821 to 275760)'],
    ['end before start', { start: 10, end: 9, step: 1 }, 'end', 'end timestamp must not be before start time'],
    ['end before start wins over a bad step (API order)', { start: 10, end: 9, step: 0 }, 'end', 'end timestamp must not be before start time'],
    ['zero step', { start: 0, end: 10, step: 0 }, 'step', 'zero or negative query resolution step widths are not accepted. Try a positive integer'],
    ['negative step', { start: 0, end: 10, step: -1 }, 'step', 'zero or negative query resolution step widths are not accepted. Try a positive integer'],
    ['-Infinity step', { start: 0, end: 10, step: -Infinity }, 'step', 'zero or negative query resolution step widths are not accepted. Try a positive integer'],
    ['NaN step', { start: 0, end: 10, step: NaN }, 'step', 'step must be an integer number of milliseconds, got NaN'],
    ['Infinity step', { start: 0, end: 10, step: Infinity }, 'step', 'step must be an integer number of milliseconds, got Infinity'],
    ['fractional step', { start: 0, end: 10, step: 0.5 }, 'step', 'step must be an integer number of milliseconds, got 0.5'],
    ['10^15 steps', { start: 0, end: 1e15, step: 1 }, 'step',
      'exceeded maximum resolution of 67,108,864 points per timeseries. Try decreasing the query resolution (?step=XX)'],
  ];
  test.each(bad)('%s', (_, q, option, message) => {
    const e = optionsError(() => validateQueryTimes(q));
    expect(e.option).toBe(option);
    expect(e.message).toBe(message);
  });

  test('the step cap counts intervals, as Prometheus (11,000 lets 11,001 points through)', () => {
    expect(validateQueryTimes({ start: 0, end: MAX_QUERY_STEPS, step: 1 }).points).toBe(2 ** 26 + 1);
    expect(validateQueryTimes({ start: 0, end: 2 * MAX_QUERY_STEPS + 1, step: 2 }).points).toBe(2 ** 26 + 1);
    expect(() => validateQueryTimes({ start: 0, end: MAX_QUERY_STEPS + 1, step: 1 })).toThrow(OptionsError);
    expect(validateQueryTimes({ start: 0, end: 11_000, step: 1 }, { maxSteps: 11_000 }).points).toBe(11_001);
    expect(optionsError(() => validateQueryTimes({ start: 0, end: 11_001, step: 1 }, { maxSteps: 11_000 })).message).toBe(
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    );
    expect(optionsError(() => validateQueryTimes({ start: 0, end: 1, step: 1 }, { maxSteps: -1 })).option).toBe('maxSteps');
  });
});

describe('startDeadline', () => {
  test('fires with a TimeoutError like AbortSignal.timeout', async () => {
    const d = startDeadline(5);
    expect(d.signal.aborted).toBe(false);
    await new Promise((r) => setTimeout(r, 30));
    expect(d.signal.aborted).toBe(true);
    expect((d.signal.reason as Error).name).toBe('TimeoutError');
    expect(d.expired()).toBe(true);
    d.dispose();
  });

  test('delays beyond the timer range and Infinity do not fire early', async () => {
    for (const ms of [MAX_TIMER_DELAY_MS + 1, 2 ** 40, Infinity]) {
      const d = startDeadline(ms);
      await new Promise((r) => setTimeout(r, 10));
      expect(d.signal.aborted).toBe(false);
      expect(d.expired()).toBe(false);
      expect(d.at).toBeGreaterThan(Date.now() + MAX_TIMER_DELAY_MS - 1000);
      d.dispose();
    }
  });

  test('follows the parent signal, also when it is already aborted', () => {
    const parent = new AbortController();
    const d = startDeadline(Infinity, parent.signal);
    parent.abort('stop');
    expect(d.signal.aborted).toBe(true);
    expect(d.signal.reason).toBe('stop');
    const d2 = startDeadline(1000, parent.signal);
    expect(d2.signal.reason).toBe('stop');
    d.dispose();
    d2.dispose();
  });

  test('expired() compares against the deadline clock', () => {
    const d = startDeadline(1000, undefined, 5_000);
    expect(d.at).toBe(6_000);
    expect(d.expired(5_999)).toBe(false);
    expect(d.expired(6_000)).toBe(true);
    d.dispose();
  });
});
