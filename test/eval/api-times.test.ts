// Times are ms or Dates in every Engine method; every duration option ends in `Ms`, and the names
// of 0.1 fail with an OptionsError that names the new option (an upgrade is told, not ignored).
import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/eval/engine.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { OptionsError } from '../../src/errors.js';
import { toTimeMs } from '../../src/eval/options.js';
import type { EngineOptions, QueryOptions } from '../../src/eval/engine.js';

const storage = new MemoryStorage();
for (let t = 0; t <= 600_000; t += 60_000) storage.append({ __name__: 'm' }, t, t / 60_000);

function optionsError(f: () => unknown): OptionsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OptionsError);
    return e as OptionsError;
  }
  throw new Error('expected an OptionsError');
}

async function rejection(p: Promise<unknown>): Promise<OptionsError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(OptionsError);
  return e as OptionsError;
}

describe('renamed duration options', () => {
  test.each([
    ['lookbackDelta', 'lookbackDeltaMs'],
    ['defaultSubqueryStep', 'defaultSubqueryStepMs'],
  ])('engine option %s names %s', (old, now) => {
    const e = optionsError(() => new Engine({ storage, [old]: 60_000 } as unknown as EngineOptions));
    expect(e.option).toBe(old);
    expect(e.message).toBe(`engine option ${old} was renamed ${now} (milliseconds): pass { ${now}: … } instead`);
  });

  test('the new names take effect', async () => {
    const short = new Engine({ storage, lookbackDeltaMs: 1000 });
    const r = await short.instantQuery('m', 630_000);
    expect(r.resultType === 'vector' && r.result.length).toBe(0);
    const sub = new Engine({ storage, defaultSubqueryStepMs: 120_000 });
    const s = await sub.instantQuery('count_over_time(m[10m:])', 600_000);
    expect(s.resultType === 'vector' && s.result[0].value).toBe(5);
  });

  test('query option lookbackDelta names lookbackDeltaMs (instant, range, explain)', async () => {
    const engine = new Engine({ storage });
    const old = { lookbackDelta: 1000 } as unknown as QueryOptions;
    expect((await rejection(engine.instantQuery('m', 0, old))).message).toBe('query option lookbackDelta was renamed lookbackDeltaMs (milliseconds): pass { lookbackDeltaMs: … } instead');
    expect((await rejection(engine.rangeQuery('m', 0, 60_000, 60_000, old))).option).toBe('lookbackDelta');
    expect(optionsError(() => engine.explain('m', 0, old)).option).toBe('lookbackDelta');
    const r = await engine.instantQuery('m', 630_000, { lookbackDeltaMs: 1000 });
    expect(r.resultType === 'vector' && r.result.length).toBe(0);
  });

  test('an option set to undefined under its old name is not an error', () => {
    expect(() => new Engine({ storage, lookbackDelta: undefined } as unknown as EngineOptions)).not.toThrow();
  });
});

describe('times as ms or Date', () => {
  const engine = new Engine({ storage });

  test('instantQuery takes a Date as it takes ms', async () => {
    expect(await engine.instantQuery('m', new Date(120_000))).toMatchObject({ resultType: 'vector', result: [{ t: 120_000, value: 2 }] });
  });

  test('rangeQuery takes Dates for start and end', async () => {
    const byDate = await engine.rangeQuery('m', new Date(0), new Date(180_000), 60_000);
    const byMs = await engine.rangeQuery('m', 0, 180_000, 60_000);
    expect(byDate.result).toEqual(byMs.result);
  });

  test('explain and analyze take Dates', async () => {
    expect(engine.explain('m', new Date(60_000))).toEqual(engine.explain('m', 60_000));
    expect(engine.explain('m', { start: new Date(0), end: new Date(60_000), step: 30_000 })).toEqual(engine.explain('m', { start: 0, end: 60_000, step: 30_000 }));
    expect((await engine.analyze('m', new Date(60_000))).result.result).toEqual((await engine.instantQuery('m', 60_000)).result);
  });

  test('an invalid Date is an OptionsError naming the parameter', async () => {
    const e = await rejection(engine.instantQuery('m', new Date(NaN)));
    expect([e.option, e.message]).toEqual(['time', 'time is an invalid Date']);
    expect((await rejection(engine.rangeQuery('m', 0, new Date('nope'), 1000))).option).toBe('end');
  });

  test('toTimeMs converts and validates', () => {
    expect(toTimeMs('time', new Date('2024-01-01T00:00:00Z'))).toBe(1_704_067_200_000);
    expect(toTimeMs('time', -5)).toBe(-5);
    expect(optionsError(() => toTimeMs('start', '5m')).message).toBe('start must be a number of milliseconds or a Date, got "5m"');
    expect(optionsError(() => toTimeMs('start', 1.5)).option).toBe('start');
    expect(optionsError(() => toTimeMs('time', new Date(8.64e15 + 1))).message).toBe('time is an invalid Date');
  });
});

describe('a bad time given to a query', () => {
  test('rejects the returned promise (never throws at the call)', async () => {
    const engine = new Engine({ storage: new MemoryStorage() });
    let range: Promise<unknown> | undefined;
    let instant: Promise<unknown> | undefined;
    expect(() => {
      range = engine.rangeQuery('1', 0, '5m' as unknown as number, 1000);
      instant = engine.instantQuery('1', Number.NaN);
    }).not.toThrow();
    await expect(range).rejects.toBeInstanceOf(OptionsError);
    await expect(range).rejects.toThrow('end must be');
    await expect(instant).rejects.toBeInstanceOf(OptionsError);
  });
});
