// The incremental *_over_time kernels against the plain per-window code they replaced (kept here
// as the reference): results must be the same bits, -0 and NaN included, for any window sequence.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { quantile } from '../../src/util/quantile.js';
import { SortedWindow } from '../../src/functions/support/sorted-window.js';
import { extremeSeries, type ExtremeRule } from '../../src/functions/support/extreme-window.js';
import { windowBounds } from '../../src/functions/support/window-bounds.js';
import type { MatrixValue } from '../../src/eval/values.js';

const RUNS = Number(process.env.PROMQL_PROPERTY_RUNS ?? 300);

/** Values that tell orderings apart: NaN, ±Inf, ±0, many duplicates, and any double. */
const value = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1, -1, 2.5),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
);

/** A series of up to 60 values and a sequence of windows over it, as index bounds. */
const windowed = fc.record({
  v: fc.array(value, { minLength: 1, maxLength: 60 }),
  range: fc.integer({ min: 0, max: 40 }),
  // Gaps between window ends: 0 or small (overlapping windows), large (disjoint), negative (a restart);
  // often 1, so that windows slide one point at a time for several steps in a row.
  gaps: fc.array(fc.oneof(
    { arbitrary: fc.constant(1), weight: 6 }, { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 2 },
    { arbitrary: fc.integer({ min: 4, max: 50 }), weight: 1 }, { arbitrary: fc.integer({ min: -60, max: -1 }), weight: 1 },
  ), { minLength: 1, maxLength: 40 }),
}).map(({ v, range, gaps }) => {
  let end = -1;
  const ends = gaps.map((g) => (end += g));
  const from = new Int32Array(ends.length);
  const to = new Int32Array(ends.length);
  ends.forEach((e, i) => {
    // Point k is at time k; the window is (e − range, e].
    from[i] = Math.min(v.length, Math.max(0, e - range + 1));
    to[i] = Math.min(v.length, Math.max(from[i], e + 1));
  });
  return { v: Float64Array.from(v), from, to, ends, range };
});

// The replaced per-window code, as it was.
function pick(v: Float64Array, from: number, to: number, better: (cur: number, best: number) => boolean): number {
  let best = from;
  for (let k = from; k < to; k++) if (better(v[k], v[best]) || v[best] !== v[best]) best = k;
  return best;
}

function madReference(v: Float64Array, from: number, to: number): number {
  const values: number[] = [];
  for (let k = from; k < to; k++) {
    if (v[k] !== v[k]) return NaN;
    values.push(v[k]);
  }
  const median = quantile(0.5, values);
  for (let i = 0; i < values.length; i++) values[i] = Math.abs(values[i] - median);
  return quantile(0.5, values);
}

/** Bits of a float, so -0 ≠ +0; all NaNs read as one (their payload is not kept either way). */
const bits = (x: number) => (Number.isNaN(x) ? 'NaN' : Object.is(x, -0) ? '-0' : String(x));

describe('SortedWindow', () => {
  test('quantile_over_time equals the sort of each window, for any φ', () => {
    fc.assert(fc.property(windowed, fc.oneof(fc.double({ min: 0, max: 1 }), fc.constantFrom(0, 0.5, 1, -0.1, 1.1, NaN)), ({ v, from, to }, q) => {
      const w = new SortedWindow();
      w.reset(v);
      for (let i = 0; i < from.length; i++) {
        if (to[i] <= from[i]) continue;
        w.moveTo(from[i], to[i]);
        expect(bits(w.quantile(q))).toBe(bits(quantile(q, Array.from(v.subarray(from[i], to[i])))));
      }
    }), { numRuns: RUNS });
  });

  test('mad_over_time equals the median of deviations from each sorted window', () => {
    fc.assert(fc.property(windowed, ({ v, from, to }) => {
      const w = new SortedWindow();
      w.reset(v);
      for (let i = 0; i < from.length; i++) {
        if (to[i] <= from[i]) continue;
        w.moveTo(from[i], to[i]);
        expect(bits(w.mad())).toBe(bits(madReference(v, from[i], to[i])));
      }
    }), { numRuns: RUNS });
  });

  test.each([
    // The last of q = 1 is the zero that came last: a stable sort keeps -0 and +0 in input order.
    { v: [0, -0], q: 1, want: '-0' },
    { v: [-0, 0], q: 1, want: '0' },
    { v: [0, -0, -0], q: 0.5, want: '-0' },
    { v: [-0, 0, -0], q: 0.5, want: '0' },
    { v: [NaN, -0, 0, NaN], q: 1, want: '0' },
    { v: [NaN, 1, NaN], q: 0.5, want: 'NaN' },
    // Inf at the upper neighbour with weight 0: Inf·0 = NaN, as in Prometheus.
    { v: [1, 2, Infinity], q: 0.5, want: 'NaN' },
  ])('quantile($q) of $v is $want, sliding in or sorted at once', ({ v, q, want }) => {
    expect(bits(quantile(q, [...v]))).toBe(want);
    const a = Float64Array.from(v);
    const sorted = new SortedWindow();
    sorted.reset(a);
    sorted.moveTo(0, a.length);
    expect(bits(sorted.quantile(q))).toBe(want);
    const slid = new SortedWindow();
    slid.reset(a);
    for (let k = 1; k <= a.length; k++) slid.moveTo(0, k);
    expect(bits(slid.quantile(q))).toBe(want);
  });

  test('a long window of repeating values slid point by point has the reference mad', () => {
    const v = Float64Array.from({ length: 1500 }, (_, k) => [-0, 0, (k * 7919) % 13, 0.1 * (k % 11), -(k % 5)][k % 5]);
    const w = new SortedWindow();
    w.reset(v);
    for (let e = 1; e <= v.length; e++) {
      const f = Math.max(0, e - 241);
      w.moveTo(f, e);
      expect(bits(w.mad())).toBe(bits(madReference(v, f, e)));
    }
  });

  test('mad of windows with infinities (an infinite or NaN median) matches the reference', () => {
    for (const v of [[Infinity, Infinity, 1], [-Infinity, Infinity], [1, 2, Infinity], [-Infinity, -Infinity, -Infinity, 3]]) {
      const a = Float64Array.from(v);
      const w = new SortedWindow();
      w.reset(a);
      w.moveTo(0, a.length);
      expect(bits(w.mad())).toBe(bits(madReference(a, 0, a.length)));
    }
  });

  test('a long window slid point by point stays sorted like a fresh sort', () => {
    const v = Float64Array.from({ length: 2000 }, (_, k) => [-0, 0, NaN, k % 7, -(k % 5)][k % 5]);
    const w = new SortedWindow();
    w.reset(v);
    for (let e = 1; e <= v.length; e++) {
      const f = Math.max(0, e - 300);
      w.moveTo(f, e);
      expect(bits(w.quantile(0.9))).toBe(bits(quantile(0.9, Array.from(v.subarray(f, e)))));
    }
  });
});

describe('min/max over windows', () => {
  const rules: [string, ExtremeRule, (a: number, b: number) => boolean][] = [
    ['max (first of equals)', { sign: 1, latest: false }, (a, b) => a > b],
    ['min (first of equals)', { sign: -1, latest: false }, (a, b) => a < b],
    ['ts_of_max (latest of equals)', { sign: 1, latest: true }, (a, b) => a >= b],
    ['ts_of_min (latest of equals)', { sign: -1, latest: true }, (a, b) => a <= b],
  ];

  /** Points at uneven times (gaps of 1–3 s) and the windows' ends in seconds. */
  const timed = fc.record({ w: windowed, gaps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 60, maxLength: 60 }) }).map(({ w, gaps }) => {
    let at = 0;
    const t = Float64Array.from(w.v, (_x, k) => (at += gaps[k]) * 1000);
    return { t, v: w.v, windowEnd: Float64Array.from(w.ends, (e) => e * 1000), range: w.range * 1000 };
  });

  test.each(rules)('%s: the sliding deque picks the reference point of every window, value and time', (_name, rule, better) => {
    fc.assert(fc.property(timed, ({ t, v, windowEnd, range }) => {
      for (const timestamp of [false, true]) {
        const out = new Float64Array(windowEnd.length);
        const present = new Uint8Array(windowEnd.length);
        const tally = { points: 0 };
        const any = extremeSeries(rule, timestamp, t, v, windowEnd, range, out, present, tally);
        let points = 0;
        let steps = 0;
        windowEnd.forEach((e, i) => {
          const inside = Array.from(t.keys()).filter((k) => t[k] > e - range && t[k] <= e);
          points += inside.length;
          expect(present[i]).toBe(inside.length > 0 ? 1 : 0);
          if (inside.length === 0) return;
          steps++;
          const k = pick(v, inside[0], inside[inside.length - 1] + 1, better);
          expect(bits(out[i])).toBe(bits(timestamp ? t[k] / 1000 : v[k]));
        });
        expect(any).toBe(steps);
        expect(tally.points).toBe(points);
      }
    }), { numRuns: RUNS });
  });

  test('a window repeating the previous one repeats its result; one going back starts afresh', () => {
    const t = Float64Array.from([1, 2, 3, 4, 5], (x) => x * 1000);
    const v = Float64Array.from([5, NaN, 1, 7, NaN]);
    // Windows of 2 s ending at 3, 3, 3.5 (same points), 5, then back to 2 and 3, then on 5 only.
    const windowEnd = Float64Array.from([3, 3, 3.5, 5, 2, 3, 6], (x) => x * 1000);
    const out = new Float64Array(windowEnd.length);
    const present = new Uint8Array(windowEnd.length);
    extremeSeries({ sign: 1, latest: false }, false, t, v, windowEnd, 2000, out, present, { points: 0 });
    expect(Array.from(out, bits)).toEqual(['1', '1', '1', '7', '5', '1', 'NaN']);
    expect(Array.from(present)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});

describe('windowBounds', () => {
  const extension = fc.constantFrom(undefined, { kind: 'anchored' as const, lookback: 2 }, { kind: 'smoothed' as const, lookback: 1 });
  test('finds each window (end − range, end] by its timestamps, ends going back and anchored/smoothed lookback included', () => {
    // Points 1 or 3 s apart: with 3, consecutive window ends often keep the same points; with 1,
    // windows often slide by one point. Jittered, a window may also lose two points and gain one.
    fc.assert(fc.property(windowed, fc.constantFrom(1, 3), fc.boolean(), extension, ({ v, ends, range }, spacing, jitter, extended) => {
      const t = Float64Array.from(v, (_x, k) => k * 1000 * spacing + (jitter ? ((k * 7919) % 9) * 100 : 0));
      const m = {
        type: 'matrix', series: [], range: range * 1000, windowEnd: Float64Array.from(ends, (e) => e * 1000),
        ...(extended ? { extended: { kind: extended.kind, lookback: extended.lookback * 1000 } } : {}),
      } as MatrixValue;
      const before = extended ? extended.lookback : 0;
      const after = extended?.kind === 'smoothed' ? extended.lookback : 0;
      const inside = (e: number) => Array.from(t.keys()).filter((k) => t[k] > (e - range - before) * 1000 && t[k] <= (e + after) * 1000);
      const from = new Int32Array(ends.length);
      const to = new Int32Array(ends.length);
      expect(windowBounds(m, t, from, to)).toBe(ends.reduce((n, e) => n + inside(e).length, 0));
      ends.forEach((e, i) => {
        const points = inside(e);
        expect(to[i] - from[i]).toBe(points.length);
        if (points.length > 0) expect(from[i]).toBe(points[0]);
      });
    }), { numRuns: RUNS });
  });

  /** windowBounds against the windows' definition, for times and window ends in ms. */
  function expectBounds(t: number[], ends: number[], range: number, extended?: MatrixValue['extended']): void {
    const m = { type: 'matrix', series: [], range, windowEnd: Float64Array.from(ends), ...(extended ? { extended } : {}) } as MatrixValue;
    const before = extended ? extended.lookback : 0;
    const after = extended?.kind === 'smoothed' ? extended.lookback : 0;
    const from = new Int32Array(ends.length);
    const to = new Int32Array(ends.length);
    windowBounds(m, Float64Array.from(t), from, to);
    // An empty window's bounds only have to be equal.
    const want = ends.map((e, i) => {
      const inside = t.flatMap((x, k) => (x > e - range - before && x <= e + after ? [k] : []));
      return inside.length ? [inside[0], inside[0] + inside.length] : [from[i], from[i]];
    });
    expect(ends.map((_e, i) => [from[i], to[i]])).toEqual(want);
  }

  test('a window that loses two points while gaining one ends a run of windows sliding by one', () => {
    // (0, 2 s] and (1 s, 3 s] slide by one point; (2 s, 4 s] drops both 1.5 s and 2 s.
    expectBounds([0, 1000, 1500, 2000, 3000, 4000, 5000], [2000, 3000, 4000], 2000);
  });

  test('anchored windows, widened by the lookback, are not taken for sliding plain ones', () => {
    expectBounds([1000, 4000, 6000, 8000, 9000, 12000, 13000], [2000, 3000, 5000, 7000, 9000], 3000, { kind: 'anchored', lookback: 1000 });
  });
});
