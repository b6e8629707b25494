// The native-histogram differential check's own parts, without a Prometheus: the generator's data
// (deterministic, compacted as Prometheus 3.5 needs it, self-consistent), the remote-write
// encoding and the comparator's verdicts.
import { describe, expect, test } from 'vitest';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import SnappyJS from 'snappyjs';
// @ts-expect-error: plain ES modules of the tool, no type declarations.
import { generateData, compareLabelSets } from '../../tools/differential/native-histograms/generate.mjs';
// @ts-expect-error: as above.
import { encodeWriteRequest } from '../../tools/differential/native-histograms/remote-write.mjs';
// @ts-expect-error: as above.
import { compareAnswers, closeFloats } from '../../tools/differential/native-histograms/compare.mjs';
// @ts-expect-error: as above.
import { HistogramQueryGenerator } from '../../tools/differential/native-histograms/queries.mjs';

interface Span { offset: number; length: number }
interface Wire {
  isInt: boolean; hint: string; schema: number; count: number; sum: number; zeroThreshold: number; zeroCount: number;
  positiveSpans: Span[]; positiveBuckets: number[]; negativeSpans: Span[]; negativeBuckets: number[]; customValues?: number[];
}
interface Point { t: number; type: 'h' | 'f' | 'stale'; h?: Wire; v?: number }
interface Data { series: { labels: Record<string, string>; points: Point[] }[]; samples: number }

const histograms = (d: Data): Wire[] => d.series.flatMap((s) => s.points.filter((p) => p.type === 'h').map((p) => p.h!));

describe('native-histogram differential: generated data', () => {
  const data: Data = generateData(5);

  test('is deterministic per seed', () => {
    expect(JSON.stringify(generateData(5))).toBe(JSON.stringify(data));
    expect(JSON.stringify(generateData(6))).not.toBe(JSON.stringify(data));
  });

  test('is compacted: no empty bucket anywhere, no zero-offset span after the first (Prometheus #16893)', () => {
    for (const h of histograms(data)) {
      for (const [spans, buckets] of [[h.positiveSpans, h.positiveBuckets], [h.negativeSpans, h.negativeBuckets]] as const) {
        expect(spans.reduce((n, s) => n + s.length, 0)).toBe(buckets.length);
        expect(buckets.every((c) => c > 0)).toBe(true);
        expect(spans.slice(1).every((s) => s.offset > 0 && s.length > 0)).toBe(true);
      }
    }
  });

  test('every histogram counts each observation once: count = zero count + bucket counts', () => {
    for (const h of histograms(data)) {
      const total = h.zeroCount + [...h.positiveBuckets, ...h.negativeBuckets].reduce((a, b) => a + b, 0);
      expect(Math.abs(total - h.count)).toBeLessThanOrEqual(1e-9 * h.count);
      if (h.isInt) expect(Number.isInteger(h.count)).toBe(true);
    }
  });

  test('covers what the check is about: schemas −4 and 8, schema changes, NHCB layouts, gauges, stale markers, mixed series', () => {
    const hs = histograms(data);
    const schemas = new Set(hs.map((h) => h.schema));
    expect(schemas.has(-4) && schemas.has(8) && schemas.has(-53)).toBe(true);
    expect(new Set(hs.filter((h) => h.schema === -53).map((h) => String(h.customValues))).size).toBeGreaterThan(1);
    expect(hs.some((h) => h.hint === 'gauge') && hs.some((h) => !h.isInt)).toBe(true);
    expect(data.series.some((s) => s.points.some((p) => p.type === 'stale'))).toBe(true);
    expect(data.series.some((s) => s.points.some((p) => p.type === 'f') && s.points.some((p) => p.type === 'h'))).toBe(true);
    const changes = data.series.filter((s) => new Set(s.points.filter((p) => p.h).map((p) => p.h!.schema)).size > 1);
    expect(changes.length).toBeGreaterThan(0);
  });

  test('series come in Prometheus label order (the order a head creates and returns them)', () => {
    for (let i = 1; i < data.series.length; i++) expect(compareLabelSets(data.series[i - 1].labels, data.series[i].labels)).toBeLessThan(0);
  });

  test('queries are deterministic and parse', async () => {
    const { parse } = await import('../../src/parser/parse.js');
    const a = new HistogramQueryGenerator(4);
    const b = new HistogramQueryGenerator(4);
    const qs: string[] = Array.from({ length: 200 }, () => a.next());
    expect(Array.from({ length: 200 }, () => b.next())).toEqual(qs);
    for (const q of qs) expect(() => parse(q, { experimentalFunctions: true }), q).not.toThrow();
  });
});

/** Reads the fields of one protobuf message into `{ field: [values] }`; nested messages as bytes. */
function fields(bytes: Uint8Array): Map<number, unknown[]> {
  const r = new BinaryReader(bytes);
  const out = new Map<number, unknown[]>();
  while (r.pos < r.len) {
    const [no, wt] = r.tag();
    const v = wt === WireType.LengthDelimited ? r.bytes() : wt === WireType.Bit64 ? r.double() : r.uint64();
    out.set(no, [...(out.get(no) ?? []), v]);
  }
  return out;
}

function packedSint64(bytes: Uint8Array): number[] {
  const r = new BinaryReader(bytes);
  const out: number[] = [];
  while (r.pos < r.len) out.push(Number(r.sint64()));
  return out;
}

describe('native-histogram differential: remote-write encoding', () => {
  const h: Wire = {
    isInt: true, hint: 'unknown', schema: -2, count: 9, sum: 12.5, zeroThreshold: 0.001, zeroCount: 1,
    positiveSpans: [{ offset: -1, length: 2 }, { offset: 3, length: 1 }], positiveBuckets: [3, 1, 2],
    negativeSpans: [{ offset: 0, length: 1 }], negativeBuckets: [2],
  };
  const req = encodeWriteRequest([{ labels: { job: 'x', __name__: 'm' }, samples: [{ t: 5, v: 1.5 }], histograms: [{ t: 7, h }] }]);

  test('a WriteRequest with one TimeSeries: labels sorted by name, a sample, a histogram', () => {
    const ts = fields(req).get(1)!;
    expect(ts).toHaveLength(1);
    const series = fields(ts[0] as Uint8Array);
    const labels = series.get(1)!.map((l) => fields(l as Uint8Array)).map((f) => [f.get(1)![0], f.get(2)![0]].map((b) => new TextDecoder().decode(b as Uint8Array)));
    expect(labels).toEqual([['__name__', 'm'], ['job', 'x']]);
    const sample = fields(series.get(2)![0] as Uint8Array);
    expect([sample.get(1)![0], sample.get(2)![0]]).toEqual([1.5, 5n]);
  });

  test('integer histograms: count_int, sint32 schema, delta-encoded buckets, zigzag span offsets', () => {
    const series = fields(fields(req).get(1)![0] as Uint8Array);
    const hist = fields(series.get(4)![0] as Uint8Array);
    expect(hist.get(1)).toEqual([9n]);
    expect(hist.get(3)).toEqual([12.5]);
    expect(hist.get(4)).toEqual([3n]); // zigzag(−2) = 3
    expect(hist.get(6)).toEqual([1n]);
    expect(packedSint64(hist.get(12)![0] as Uint8Array)).toEqual([3, -2, 1]);
    expect(packedSint64(hist.get(9)![0] as Uint8Array)).toEqual([2]);
    const spans = hist.get(11)!.map((s) => fields(s as Uint8Array));
    expect(spans.map((s) => [s.get(1)?.[0] ?? 0n, s.get(2)![0]])).toEqual([[1n, 2n], [6n, 1n]]); // zigzag(−1) = 1, zigzag(3) = 6
    expect(hist.get(15)).toEqual([7n]);
    expect(hist.has(14)).toBe(false);
  });

  test('float and NHCB histograms: count_float, absolute counts, custom_values, gauge hint', () => {
    const f: Wire = { ...h, isInt: false, hint: 'gauge', schema: -53, zeroThreshold: 0, zeroCount: 0, count: 2.5, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [0.5, 2], negativeSpans: [], negativeBuckets: [], customValues: [1, 5] };
    const hist = fields(fields(fields(encodeWriteRequest([{ labels: { a: 'b' }, histograms: [{ t: 1, h: f }] }])).get(1)![0] as Uint8Array).get(4)![0] as Uint8Array);
    expect(hist.get(2)).toEqual([2.5]);
    expect(hist.get(14)).toEqual([3n]);
    const doubles = (b: Uint8Array) => Array.from(new Float64Array(b.slice().buffer));
    expect(doubles(hist.get(13)![0] as Uint8Array)).toEqual([0.5, 2]);
    expect(doubles(hist.get(16)![0] as Uint8Array)).toEqual([1, 5]);
  });

  test('snappy round trip of the body', () => {
    expect(Array.from(SnappyJS.uncompress(SnappyJS.compress(req)))).toEqual(Array.from(req));
  });
});

describe('native-histogram differential: comparator', () => {
  const ok = (data: unknown, warnings: string[] = [], infos: string[] = []) => ({ ok: true, data, warnings, infos });
  const hvec = (h: unknown) => ({ resultType: 'vector', result: [{ metric: { job: 'a' }, histogram: [100, h] }] });
  const h1 = { count: '3', sum: '1.5', buckets: [[3, '-0.001', '0.001', '1'], [0, '1', '2', '2']] };

  test('floats within 1e-9 relative agree; NaN equals NaN; infinities exactly', () => {
    expect(closeFloats('1', '1.0000000000001')).toBe(true);
    expect(closeFloats('1', '1.00001')).toBe(false);
    expect(closeFloats('NaN', 'NaN')).toBe(true);
    expect(closeFloats('+Inf', '1e308')).toBe(false);
  });

  test('histograms are compared bucket by bucket', () => {
    expect(compareAnswers(ok(hvec(h1)), ok(hvec(structuredClone(h1)))).agree).toBe(true);
    const moved = { ...h1, buckets: [[3, '-0.001', '0.001', '2'], [0, '1', '2', '1']] };
    const v = compareAnswers(ok(hvec(h1)), ok(hvec(moved)));
    expect([v.agree, v.category]).toEqual([false, 'result']);
    const rule = { ...h1, buckets: [[0, '-0.001', '0.001', '1'], [0, '1', '2', '2']] };
    expect(compareAnswers(ok(hvec(h1)), ok(hvec(rule))).agree).toBe(false);
  });

  test('under sum or avg, a bucket only one side keeps at rounding level is allowed; any other difference is not', () => {
    const tiny = { ...h1, buckets: [[1, '-128', '-64', '5.551115123125783e-17'], ...h1.buckets] };
    expect(compareAnswers(ok(hvec(h1)), ok(hvec(tiny)), 'avg(x)').allowed).toMatch(/^sum\/avg of histograms: a bucket that cancels/);
    expect(compareAnswers(ok(hvec(tiny)), ok(hvec(h1)), 'avg_over_time(x[5m])').allowed).toBeTruthy();
    expect(compareAnswers(ok(hvec(h1)), ok(hvec(tiny)), 'sum(x)').allowed).toBeTruthy();
    expect(compareAnswers(ok(hvec(h1)), ok(hvec(tiny)), 'sum_over_time(x[5m])').allowed).toBeTruthy();
    expect(compareAnswers(ok(hvec(tiny)), ok(hvec(h1)), 'avg by (job) (delta(x[5m]))').allowed).toBeTruthy();
    expect(compareAnswers(ok(hvec(h1)), ok(hvec(tiny)), 'sum without (instance, job) (x)').allowed).toBeTruthy();
    // Both sides at a rounding level, of different signs (plain and compensated sums).
    const other = { ...h1, buckets: [[1, '-128', '-64', '-2.220446049250313e-16'], ...h1.buckets] };
    expect(compareAnswers(ok(hvec(other)), ok(hvec(tiny)), 'sum(x)').allowed).toBeTruthy();
    // Not under another operator, nor a bucket of some size, nor with another difference beside it.
    expect(compareAnswers(ok(hvec(h1)), ok(hvec(tiny)), 'max(x)').category).toBe('result');
    expect(compareAnswers(ok(hvec(h1)), ok(hvec(tiny)), 'summary_metric + x').category).toBe('result');
    expect(compareAnswers(ok(hvec(h1)), ok(hvec(tiny)), 'x').category).toBe('result');
    const small = { ...h1, buckets: [[1, '-128', '-64', '1e-6'], ...h1.buckets] };
    expect(compareAnswers(ok(hvec(h1)), ok(hvec(small)), 'avg(x)').category).toBe('result');
    const moved = { ...tiny, buckets: [tiny.buckets[0], [3, '-0.001', '0.001', '2'], [0, '1', '2', '1']] };
    expect(compareAnswers(ok(hvec(h1)), ok(hvec(moved)), 'avg(x)').category).toBe('result');
    expect(compareAnswers(ok(hvec(h1)), ok(hvec({ ...tiny, count: '4' })), 'avg(x)').category).toBe('result');
  });

  test('statistics decoding under an outermost histogram_count/sum/avg: 3.5\'s bucket warning against what main meets later', () => {
    const empty = { resultType: 'vector', result: [] };
    const warn = ['PromQL warning: vector contains histograms with incompatible custom buckets for metric name "m" (1:14)'];
    const topk = ['PromQL info: ignored histogram in topk aggregation (1:15)'];
    const cmp = ['PromQL info: incompatible sample types encountered for binary operator ">": histogram > float (1:17)'];
    expect(compareAnswers(ok(empty, warn, topk), ok(empty, [], topk), 'histogram_avg(topk(2, rate(m[30m])))').allowed).toMatch(/^statistics decoding/);
    expect(compareAnswers(ok(empty, warn), ok(empty, [], cmp), 'histogram_count(increase(m[30m]) > 0)').allowed).toMatch(/^statistics decoding/);
    // Not when the answers differ, when ours has another info, or when Prometheus's info is missing from ours.
    expect(compareAnswers(ok(empty, warn), ok(hvec(h1), [], cmp), 'histogram_count(increase(m[30m]) > 0)').allowed).toBeUndefined();
    expect(compareAnswers(ok(empty, warn), ok(empty, [], ['PromQL info: other (1:1)']), 'histogram_count(m)').allowed).toBeUndefined();
    expect(compareAnswers(ok(empty, warn, topk), ok(empty, []), 'histogram_avg(topk(2, m))').allowed).toBeUndefined();
    // Nor without an outermost histogram_count/sum/avg.
    expect(compareAnswers(ok(empty, warn), ok(empty, [], cmp), 'increase(m[30m]) > 0').allowed).toBeUndefined();
  });

  test('a histogram where a float was expected is a result difference', () => {
    const fvec = { resultType: 'vector', result: [{ metric: { job: 'a' }, value: [100, '3'] }] };
    expect(compareAnswers(ok(fvec), ok(hvec(h1))).category).toBe('result');
  });

  test('3.5-vs-main categories: NHCB reconciliation, le wording, collision warning', () => {
    const empty = { resultType: 'vector', result: [] };
    const nhcb = compareAnswers(
      ok(empty, ['PromQL warning: vector contains histograms with incompatible custom buckets for metric name "x" (1:1)']),
      ok(hvec(h1), [], ['PromQL info: mismatched custom buckets were reconciled during aggregation (1:1)']),
    );
    expect(nhcb.allowed).toMatch(/NHCB/);
    const le = compareAnswers(
      ok(empty, ['PromQL warning: bucket label "le" is missing or has a malformed value of "" for metric name "x" (1:1)']),
      ok(empty, ['PromQL warning: bucket label "le" is missing or has a malformed value of "" (1:1)']),
    );
    expect(le.allowed).toMatch(/le/);
    const collision = compareAnswers(ok(empty), ok(empty, ['PromQL warning: conflicting counter resets during histogram aggregation (1:1)']));
    expect(collision.allowed).toMatch(/collision/);
    const other = compareAnswers(ok(empty), ok(empty, ['PromQL warning: something else (1:1)']));
    expect([other.allowed, other.category]).toEqual([undefined, 'annotations']);
  });

  test('3.5-vs-main: full histograms under a subquery reconcile NHCB bounds (infos only)', () => {
    const fvec = { resultType: 'vector', result: [{ metric: {}, value: [100, '3'] }] };
    const info = 'PromQL info: mismatched custom buckets were reconciled during subtraction (1:36)';
    const q = 'max_over_time(histogram_count(rate(nhcb[5m]))[10m:1m])';
    expect(compareAnswers(ok(fvec), ok(fvec, [], [info]), q).allowed).toMatch(/subquery/);
    // Not without a subquery, not with other values, not with another extra info.
    expect(compareAnswers(ok(fvec), ok(fvec, [], [info]), 'histogram_count(rate(nhcb[5m]))').allowed).toBeUndefined();
    const other = { resultType: 'vector', result: [{ metric: {}, value: [100, '4'] }] };
    expect(compareAnswers(ok(fvec), ok(other, [], [info]), q).allowed).toBeUndefined();
    expect(compareAnswers(ok(fvec), ok(fvec, [], ['PromQL info: something else (1:1)']), q).allowed).toBeUndefined();
  });
});
