// The JSON fixture loader's one-scan fast path must load exactly what the positioned parser loads,
// and give up on everything else (which the positioned parser then loads or reports).
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { MemoryStorage } from '../../src/storage/memory.js';
import { loadJSONPositioned, loadJSONSeries } from '../../src/storage/load-json.js';
import { scanJSONFixture } from '../../src/storage/json-fixture-scan.js';
import { formatLabels } from '../../src/storage/labels.js';
import { isStaleNaN } from '../../src/storage/stale.js';

/** Everything a storage holds, as text, or the error a load threw. */
function outcome(load: (s: MemoryStorage) => number): string {
  const s = new MemoryStorage();
  let n: number;
  try {
    n = load(s);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
  const series = s.select({ matchers: [], start: -Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER }).map((x) => {
    const floats = Array.from(x.timestamps, (t, i) => `${Object.is(t, -0) ? '-0' : t}=${isStaleNaN(x.values[i]) ? 'stale' : Object.is(x.values[i], -0) ? '-0' : x.values[i]}`);
    const hs = x.histograms ? Array.from(x.histograms.timestamps, (t, i) => `${t}=h${x.histograms!.values[i].count}`) : [];
    return `${formatLabels(x.labels)} ${floats.join(' ')} ${hs.join(' ')}`;
  });
  return `${n} samples, ${s.size} series\n${series.join('\n')}`;
}

const str = fc.oneof(fc.constantFrom('a', 'job', '__name__', 'x y', 'ü', ''), fc.string({ maxLength: 4 }));
const tsTok = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }).map(String), fc.constantFrom('1.5', '1e3', '-0', '1e300', '01', '2.0'));
const valTok = fc.oneof(
  fc.double().map((x) => (Number.isFinite(x) ? String(x) : '"NaN"')),
  fc.constantFrom('"NaN"', '"+Inf"', '"-Inf"', '"stale"', '"{{count:1}}"', '"bad"', '1e400', '-0', '"0x1p3"', 'true', '{"count": 2}', '" {{count:3}}"'),
);
const sample = fc.tuple(tsTok, valTok).map(([t, v]) => `[${t}, ${v}]`);
const item = fc.tuple(fc.array(fc.tuple(str, str), { maxLength: 3 }), fc.array(sample, { maxLength: 5 }), fc.boolean())
  .map(([ls, ss, flip]) => {
    const labels = `"labels": {${ls.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
    const samples = `"samples": [${ss.join(',\n ')}]`;
    return `{${flip ? `${samples}, ${labels}` : `${labels}, ${samples}`}}`;
  });
const fixture = fc.array(item, { maxLength: 4 }).map((items) => `[${items.join(',\n')}]\n`);
// Now and then one character deleted or inserted somewhere.
const mutated = fc.tuple(fixture, fc.nat(), fc.constantFrom('', '[', ']', '{', '}', ',', ':', '"', '0', '-', '.', 'e', ' ', '\\', 'x'))
  .map(([text, at, ch]) => {
    const k = at % (text.length + 1);
    return ch === '' ? text.slice(0, k) + text.slice(k + 1) : text.slice(0, k) + ch + text.slice(k);
  });

describe('JSON fixtures: the fast path', () => {
  test('loads what the positioned parser loads, or gives up', () => {
    fc.assert(fc.property(fc.oneof(fixture, mutated), (text) => {
      const full = outcome((s) => loadJSONPositioned(s, text, 'f.json'));
      expect(outcome((s) => loadJSONSeries(s, text, { file: 'f.json' }))).toBe(full);
      if (scanJSONFixture(text) !== null) expect(full.startsWith('error')).toBe(false);
    }), { numRuns: 2000 });
  });

  test('reads the common shape itself', () => {
    expect(scanJSONFixture('[{"labels": {"__name__": "m", "a": "1"}, "samples": [[0, 1], [15000, "NaN"], [30000, "stale"]]}]')).not.toBeNull();
  });

  test.each([
    ['escapes', '[{"labels": {"a": "\\u0061"}, "samples": [[0, 1]]}]'],
    ['a histogram', '[{"labels": {"a": "b"}, "samples": [[0, "{{count:1}}"]]}]'],
    ['a fractional timestamp', '[{"labels": {"a": "b"}, "samples": [[0.5, 1]]}]'],
    ['an extra key', '[{"labels": {"a": "b"}, "samples": [], "x": 1}]'],
    ['a repeated key', '[{"labels": {"a": "b"}, "labels": {"a": "c"}, "samples": []}]'],
    ['a number JSON does not allow', '[{"labels": {"a": "b"}, "samples": [[0, +1]]}]'],
  ])('gives up on %s', (_, text) => {
    expect(scanJSONFixture(text)).toBeNull();
  });
});
