// Loader for JSON fixtures: `[{ "labels": {…}, "samples": [[ms, value], …] }]`. Values are numbers
// or strings ("NaN", "+Inf", "-Inf", "stale"). Positions of errors come from the yaml parser.
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { DataError } from '../errors.js';
import { labelsFrom, type Labels } from './labels.js';
import type { MemoryStorage } from './memory.js';
import { STALE_NAN } from './stale.js';
import { parseGoFloat } from '../lexer/numbers.js';

/** Parses JSON series and appends them to the storage. Throws DataError with file:line:col. */
export function loadJSONSeries(storage: MemoryStorage, text: string, file = '<input>'): number {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, strict: true, uniqueKeys: true });
  const at = (offset: number) => lc.linePos(offset);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const { line, col } = at(e.pos[0]);
    throw new DataError(e.message.split('\n')[0], file, line, col);
  }
  const fail = (node: Node | null | undefined, msg: string): never => {
    const { line, col } = at(node?.range?.[0] ?? 0);
    throw new DataError(msg, file, line, col);
  };
  const root = doc.contents;
  if (!isSeq(root)) fail(root, 'expected an array of series');
  const out: { labels: Labels; t: number; v: number; stale: boolean }[] = [];
  for (const item of (root as { items: Node[] }).items) {
    if (!isMap(item)) fail(item, 'expected an object with "labels" and "samples"');
    const m = item as unknown as { get(k: string, keep: true): Node | undefined };
    const labelsNode = m.get('labels', true);
    const samplesNode = m.get('samples', true);
    if (!isMap(labelsNode)) fail(labelsNode ?? item, '"labels" must be an object of strings');
    if (!isSeq(samplesNode)) fail(samplesNode ?? item, '"samples" must be an array of [timestamp_ms, value]');
    const pairs: [string, string][] = [];
    for (const p of (labelsNode as unknown as { items: { key: Node; value: Node }[] }).items) {
      if (!isScalar(p.key) || !isScalar(p.value) || typeof p.value.value !== 'string') fail(p.value ?? p.key, 'label values must be strings');
      pairs.push([String((p.key as { value: unknown }).value), (p.value as { value: string }).value]);
    }
    let labels: Labels;
    try {
      labels = labelsFrom(pairs);
    } catch (e) {
      return fail(labelsNode, (e as Error).message);
    }
    for (const s of (samplesNode as unknown as { items: Node[] }).items) {
      const pair = isSeq(s) ? (s as unknown as { items: Node[] }).items : null;
      if (!pair || pair.length !== 2 || !isScalar(pair[0]) || !isScalar(pair[1])) fail(s, 'a sample must be [timestamp_ms, value]');
      const t = (pair![0] as { value: unknown }).value;
      if (typeof t !== 'number' || !Number.isInteger(t)) fail(pair![0], 'timestamp must be an integer number of milliseconds');
      const raw = (pair![1] as { value: unknown }).value;
      let v: number;
      let stale = false;
      if (typeof raw === 'number') v = raw;
      else if (raw === 'stale') {
        v = STALE_NAN;
        stale = true;
      } else if (typeof raw === 'string') {
        try {
          v = parseGoFloat(raw);
        } catch {
          return fail(pair![1], `invalid sample value ${JSON.stringify(raw)}`);
        }
      } else return fail(pair![1], 'sample value must be a number or a string');
      out.push({ labels, t: t as number, v, stale });
    }
  }
  for (const s of out) storage.append(s.labels, s.t, s.v, s.stale);
  return out.length;
}
