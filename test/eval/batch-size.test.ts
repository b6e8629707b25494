import { describe, expect, test } from 'vitest';
import { BATCH_MS, nextBatchSize } from '../../src/eval/evaluator.js';

describe('nextBatchSize', () => {
  test('a quick first batch grows straight to about BATCH_MS of work, capped at 16×', () => {
    // 64 steps in a twentieth of the target: 16× more would take 0.8 of it.
    expect(nextBatchSize(64, BATCH_MS / 20, 1440)).toBe(1024);
    // Quicker than the clock can tell: 16× as well.
    expect(nextBatchSize(64, 0, 1440)).toBe(1024);
    // 64 steps in a quarter of the target: four times as many reach it.
    expect(nextBatchSize(64, BATCH_MS / 4, 1440)).toBe(256);
  });

  test('a slow batch shrinks in proportion, never below one step', () => {
    expect(nextBatchSize(1024, BATCH_MS * 4, 1440)).toBe(256);
    expect(nextBatchSize(1, BATCH_MS * 100, 1440)).toBe(1);
    expect(nextBatchSize(64, BATCH_MS, 1440)).toBe(64);
  });

  test('never more steps than the cap', () => {
    expect(nextBatchSize(64, 0, 100)).toBe(100);
    expect(nextBatchSize(64, BATCH_MS / 20, 500)).toBe(500);
  });
});
