// Loader for JSON fixtures: `[{ "labels": {…}, "samples": [[ms, value], …] }]`. Values are numbers
// or strings ("NaN", "+Inf", "-Inf", "stale"). Errors carry file:line:col from a positioned JSON parse.
import { DataError } from '../errors.js';
import { labelsFrom, type Labels } from './labels.js';
import type { MemoryStorage } from './memory.js';
import { STALE_NAN } from './stale.js';
import { parseGoFloat } from '../util/go-numbers.js';
import { field, JsonSyntaxError, parseJsonWithPositions, type JsonNode } from '../util/json-positions.js';
import { Lines } from '../util/source-map.js';

/** Parses JSON series and appends them to the storage. Throws DataError with file:line:col. */
export function loadJSONSeries(storage: MemoryStorage, text: string, file = '<input>'): number {
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
  const which: number[] = [];
  const times: number[] = [];
  const values: number[] = [];
  const stales: boolean[] = [];
  for (const item of root.items) {
    if (item.kind !== 'object') fail(item.start, 'expected an object with "labels" and "samples"');
    const labelsNode = field(item, 'labels');
    const samplesNode = field(item, 'samples');
    if (labelsNode?.kind !== 'object') return fail((labelsNode ?? item).start, '"labels" must be an object of strings');
    if (samplesNode?.kind !== 'array') return fail((samplesNode ?? item).start, '"samples" must be an array of [timestamp_ms, value]');
    const pairs: [string, string][] = [];
    for (const [k, v] of labelsNode.entries) {
      if (v.kind !== 'string') fail(v.start, 'label values must be strings');
      pairs.push([k, (v as { value: string }).value]);
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
      which.push(series.length - 1);
      times.push(tn.value);
      values.push(v);
      stales.push(stale);
    }
  }
  for (let k = 0; k < which.length; k++) storage.append(series[which[k]], times[k], values[k], stales[k]);
  return which.length;
}
