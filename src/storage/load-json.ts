// Loader for JSON fixtures: `[{ "labels": {…}, "samples": [[ms, value], …] }]`. Values are numbers,
// strings ("NaN", "+Inf", "-Inf", "stale") or native histograms ("{{…}}" or an object).
// Errors carry file:line:col from a positioned JSON parse.
import { DataError } from '../errors.js';
import { labelsFrom, type Labels } from './labels.js';
import { loadOptions, type AppendableStorage, type LoadOptions } from './appendable.js';
import { SampleBuffer } from './sample-buffer.js';
import { scanJSONFixture } from './json-fixture-scan.js';
import { detach } from './detach.js';
import { STALE_NAN } from './stale.js';
import { parseGoFloat } from '../util/go-numbers.js';
import { field, JsonSyntaxError, parseJsonWithPositions, type JsonNode } from '../util/json-positions.js';
import { Lines } from '../util/source-map.js';
import { FloatHistogram } from '../histogram/float-histogram.js';
import { HistogramLiteralError, parseHistogram } from '../histogram/literal.js';
import type { CounterResetHint, Span } from '../histogram/types.js';

const HINTS: readonly CounterResetHint[] = ['unknown', 'reset', 'not_reset', 'gauge'];
const NUMBER_FIELDS = ['schema', 'count', 'sum', 'zeroCount', 'zeroThreshold'] as const;
const ARRAY_FIELDS = ['positiveBuckets', 'negativeBuckets', 'customValues'] as const;
const SPAN_FIELDS = ['positiveSpans', 'negativeSpans'] as const;
const HISTOGRAM_FIELDS = new Set<string>([...NUMBER_FIELDS, ...ARRAY_FIELDS, ...SPAN_FIELDS, 'counterResetHint']);

/**
 * A histogram written as an object of FloatHistogram's fields (all optional): `schema`, `count`,
 * `sum`, `zeroCount`, `zeroThreshold`, `positiveSpans`/`negativeSpans` (`[{"offset","length"}]`),
 * `positiveBuckets`/`negativeBuckets` (absolute counts), `customValues`, `counterResetHint`.
 * Numbers may be strings as in sample values ("+Inf", "NaN").
 */
function histogramObject(n: Extract<JsonNode, { kind: 'object' }>, fail: (offset: number, msg: string) => never): FloatHistogram {
  const num = (v: JsonNode, what: string): number => {
    if (v.kind === 'scalar' && typeof v.value === 'number') return v.value;
    if (v.kind === 'string') {
      try {
        return parseGoFloat(v.value);
      } catch {
        // reported below
      }
    }
    return fail(v.start, `${what} must be a number`);
  };
  const init: Record<string, unknown> = {};
  for (const [k, v] of n.entries) {
    if (!HISTOGRAM_FIELDS.has(k)) fail(v.start, `unknown histogram field ${JSON.stringify(k)} (fields: ${[...HISTOGRAM_FIELDS].join(', ')})`);
    if (k === 'counterResetHint') {
      if (v.kind !== 'string' || !HINTS.includes(v.value as CounterResetHint)) fail(v.start, `counterResetHint must be one of ${HINTS.join(', ')}`);
      init[k] = (v as { value: string }).value;
    } else if ((NUMBER_FIELDS as readonly string[]).includes(k)) {
      init[k] = num(v, k);
    } else if (v.kind !== 'array') {
      fail(v.start, `${k} must be an array`);
    } else if ((ARRAY_FIELDS as readonly string[]).includes(k)) {
      init[k] = v.items.map((x) => num(x, `${k} entries`));
    } else {
      init[k] = v.items.map((x): Span => {
        const offset = field(x, 'offset');
        const length = field(x, 'length');
        if (x.kind !== 'object' || !offset || !length) return fail(x.start, `${k} entries must be {"offset": n, "length": n}`);
        const o = num(offset, 'offset');
        const l = num(length, 'length');
        if (!Number.isInteger(o) || !Number.isInteger(l) || l < 0) fail(x.start, `${k}: offset must be an integer and length a non-negative integer`);
        return { offset: o, length: l };
      });
    }
  }
  if (init.schema !== undefined && !Number.isInteger(init.schema)) fail(n.start, 'schema must be an integer');
  return new FloatHistogram(init);
}

/** Options of {@link loadJSONSeries}: the common ones (`file`). */
export type JSONSeriesOptions = LoadOptions;

/**
 * Parses JSON series and appends them to the storage. A sample is `[timestamp_ms, value]`, the
 * value a number, a string (`"NaN"`, `"+Inf"`, `"-Inf"`, `"stale"`, any Go float), or a native
 * histogram: its `{{…}}` literal as a string (`"{{schema:0 count:3 sum:2 buckets:[1 2]}}"`) or an
 * object of FloatHistogram's fields (`{"schema": 0, "count": 3, "sum": 2, "positiveSpans":
 * [{"offset": 0, "length": 2}], "positiveBuckets": [1, 2]}`, absolute counts). Histograms a TSDB
 * would refuse are errors. Throws DataError with file:line:col; nothing is stored then.
 */
export function loadJSONSeries(storage: AppendableStorage, text: string, options?: JSONSeriesOptions): number {
  const file = loadOptions('loadJSONSeries', options).file ?? '<input>';
  // The common shape in one scan; anything else (histograms, escapes, every error) below.
  const fast = scanJSONFixture(text);
  if (fast) {
    fast.samples.appendTo(storage, fast.labels);
    return fast.samples.length;
  }
  return loadJSONPositioned(storage, text, file);
}

/**
 * The full JSON fixture loader over a positioned parse: every shape {@link loadJSONSeries}
 * documents, every error with its place. Exported for tests (the fast path must agree with it).
 * @internal
 */
export function loadJSONPositioned(storage: AppendableStorage, text: string, file: string): number {
  const lines = new Lines(text);
  const fail = (offset: number, msg: string): never => {
    const { line, column } = lines.at(offset);
    throw new DataError(msg, file, line, column);
  };
  let root: JsonNode;
  try {
    root = parseJsonWithPositions(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return fail(e.offset, `invalid JSON: ${e.message}`);
  }
  if (root.kind !== 'array') return fail(root.start, 'expected an array of series');
  const series: Labels[] = [];
  const samples = new SampleBuffer();
  for (const item of root.items) {
    if (item.kind !== 'object') fail(item.start, 'expected an object with "labels" and "samples"');
    const labelsNode = field(item, 'labels');
    const samplesNode = field(item, 'samples');
    if (labelsNode?.kind !== 'object') return fail((labelsNode ?? item).start, '"labels" must be an object of strings');
    if (samplesNode?.kind !== 'array') return fail((samplesNode ?? item).start, '"samples" must be an array of [timestamp_ms, value]');
    const pairs: [string, string][] = [];
    for (const [k, v] of labelsNode.entries) {
      if (v.kind !== 'string') fail(v.start, 'label values must be strings');
      pairs.push([detach(k), detach((v as { value: string }).value)]);
    }
    let labels: Labels;
    try {
      labels = labelsFrom(pairs);
    } catch (e) {
      return fail(labelsNode.start, (e as Error).message);
    }
    series.push(labels);
    for (const s of samplesNode.items) {
      if (s.kind !== 'array' || s.items.length !== 2) return fail(s.start, 'a sample must be [timestamp_ms, value]');
      const [tn, vn] = s.items;
      if (tn.kind !== 'scalar' || typeof tn.value !== 'number' || !Number.isInteger(tn.value)) return fail(tn.start, 'timestamp must be an integer number of milliseconds');
      if (!Number.isSafeInteger(tn.value)) return fail(tn.start, `timestamp out of range: ${tn.value} is beyond ±${Number.MAX_SAFE_INTEGER} ms`);
      let v: number;
      let stale = false;
      let h: FloatHistogram | null = null;
      if (vn.kind === 'object') h = histogramObject(vn, fail);
      else if (vn.kind === 'string' && vn.value.trimStart().startsWith('{{')) {
        try {
          h = parseHistogram(vn.value);
        } catch (e) {
          if (!(e instanceof HistogramLiteralError)) throw e;
          return fail(vn.start, `invalid native histogram ${JSON.stringify(vn.value)}: ${e.message}`);
        }
      }
      if (h) {
        const invalid = h.validate();
        if (invalid) return fail(vn.start, `invalid native histogram: ${invalid.message}`);
        samples.pushHistogram(series.length - 1, tn.value, h);
        continue;
      }
      if (vn.kind === 'scalar' && typeof vn.value === 'number') v = vn.value;
      else if (vn.kind === 'string' && vn.value === 'stale') {
        v = STALE_NAN;
        stale = true;
      } else if (vn.kind === 'string') {
        try {
          v = parseGoFloat(vn.value);
        } catch {
          return fail(vn.start, `invalid sample value ${JSON.stringify(vn.value)}`);
        }
      } else return fail(vn.start, 'sample value must be a number or a string');
      if (stale) samples.pushStale(series.length - 1, tn.value, v);
      else samples.push(series.length - 1, tn.value, v);
    }
  }
  samples.appendTo(storage, series);
  return samples.length;
}
