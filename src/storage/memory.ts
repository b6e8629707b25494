// MemoryStorage: the embedded storage. Columnar Float64Array samples per series and an inverted
// index (label pair → series ids), so equality matchers never scan every series.
import { markChecked } from './contract.js';
import type { Matcher, SelectRequest, Series, Storage } from './types.js';
import { compareLabels, labelsFrom, labelsKey, getLabel, type Labels } from './labels.js';
import { compileAnchoredRegex, matcherMatches } from '../parser/labels.js';
import { isStaleNaN } from './stale.js';
import { searchFirst } from '../util/search.js';

/** A sample to append: timestamp in ms, value, and whether it is a staleness marker. */
export interface SampleInput {
  readonly t: number;
  readonly v: number;
  readonly stale?: boolean;
  /** The sample's start timestamp (ms; counter start or delta window start), 0 or absent if unknown. */
  readonly startTimestamp?: number;
}

class MemSeries {
  ts = new Float64Array(8);
  vs = new Float64Array(8);
  st = new Uint8Array(8);
  n = 0;
  sorted = true;
  histT: number[] = [];
  histV: unknown[] = [];
  /** Start timestamps (ms, 0 = unknown); allocated when the first one is appended. */
  starts: Float64Array | null = null;
  constructor(readonly labels: Labels) {}

  append(t: number, v: number, stale: boolean, start: number): void {
    if (this.n === this.ts.length) {
      this.ts = grown(this.ts, new Float64Array(this.n * 2));
      this.vs = grown(this.vs, new Float64Array(this.n * 2));
      this.st = grown(this.st, new Uint8Array(this.n * 2));
      if (this.starts) this.starts = grown(this.starts, new Float64Array(this.n * 2));
    }
    if (start !== 0 && !this.starts) this.starts = new Float64Array(this.ts.length);
    if (this.n > 0 && t <= this.ts[this.n - 1]) this.sorted = false;
    this.ts[this.n] = t;
    this.vs[this.n] = v;
    this.st[this.n] = stale || isStaleNaN(v) ? 1 : 0;
    if (this.starts) this.starts[this.n] = start;
    this.n++;
  }

  /**
   * Sorts by time. For equal timestamps the first appended sample is kept, as in a Prometheus
   * TSDB, which rejects a later sample at a timestamp it already holds (and `promtool tsdb
   * create-blocks-from` drops it).
   */
  normalise(): void {
    if (this.sorted) return;
    const idx = Array.from({ length: this.n }, (_, i) => i).sort((a, b) => this.ts[a] - this.ts[b] || a - b);
    const ts = new Float64Array(this.ts.length);
    const vs = new Float64Array(this.ts.length);
    const st = new Uint8Array(this.ts.length);
    const starts = this.starts ? new Float64Array(this.ts.length) : null;
    let m = 0;
    for (const i of idx) {
      if (m > 0 && ts[m - 1] === this.ts[i]) continue;
      ts[m] = this.ts[i];
      vs[m] = this.vs[i];
      st[m] = this.st[i];
      if (starts) starts[m] = this.starts![i];
      m++;
    }
    this.ts = ts;
    this.vs = vs;
    this.st = st;
    this.starts = starts;
    this.n = m;
    this.sorted = true;
  }

  view(start: number, end: number): Series {
    this.normalise();
    const ts = this.ts;
    const lo = searchFirst(this.n, (i) => ts[i] >= start);
    const hi = searchFirst(this.n, (i) => ts[i] > end);
    const s: Series = {
      labels: this.labels,
      timestamps: this.ts.subarray(lo, hi),
      values: this.vs.subarray(lo, hi),
      stale: this.st.subarray(lo, hi),
      ...(this.starts ? { startTimestamps: this.starts.subarray(lo, hi) } : {}),
    };
    // Samples were validated when appended and are sorted and deduplicated by normalise().
    if (this.histT.length === 0) return markChecked(s);
    return markChecked({ ...s, histograms: { timestamps: this.histT, values: this.histV } });
  }

  hasSamplesIn(start: number, end: number): boolean {
    this.normalise();
    const ts = this.ts;
    const lo = searchFirst(this.n, (i) => ts[i] >= start);
    if (lo < this.n && this.ts[lo] <= end) return true;
    return this.histT.some((t) => t >= start && t <= end);
  }
}

function grown<A extends Float64Array | Uint8Array>(from: A, to: A): A {
  to.set(from);
  return to;
}

function checkTimestamp(t: number): void {
  if (!Number.isInteger(t)) throw new RangeError(`timestamp must be an integer number of ms, got ${t}`);
  if (!Number.isSafeInteger(t)) throw new RangeError(`timestamp out of range: ${t} is beyond ±${Number.MAX_SAFE_INTEGER} ms`);
}

/** Accepts a label set or a plain object of labels. */
function toLabels(labels: Labels | Readonly<Record<string, string>>): Labels {
  return Array.isArray(labels) ? (labels as Labels) : labelsFrom(labels as Record<string, string>);
}

/**
 * In-memory series storage. Append samples with {@link MemoryStorage.add} / {@link MemoryStorage.append}
 * or the loaders (`loadTestSeries`, `loadExposition`, `loadJSONSeries`). `select` answers synchronously.
 */
export class MemoryStorage implements Storage {
  private series: MemSeries[] = [];
  private byKey = new Map<string, number>();
  /** label name → label value → ascending series ids. */
  private postings = new Map<string, Map<string, number[]>>();
  private rank: Int32Array | null = null;

  /** Number of series stored. */
  get size(): number {
    return this.series.length;
  }

  private getOrCreate(labels: Labels): MemSeries {
    const key = labelsKey(labels);
    const id = this.byKey.get(key);
    if (id !== undefined) return this.series[id];
    const s = new MemSeries(labels);
    const newId = this.series.length;
    this.series.push(s);
    this.byKey.set(key, newId);
    for (const l of labels) {
      let values = this.postings.get(l.name);
      if (!values) this.postings.set(l.name, (values = new Map()));
      let ids = values.get(l.value);
      if (!ids) values.set(l.value, (ids = []));
      ids.push(newId);
    }
    this.rank = null;
    return s;
  }

  /**
   * Appends one float sample (use `stale: true` or StaleNaN for a staleness marker). Throws
   * RangeError unless `t` is an integer within ±(2^53 − 1) ms (exact in a float64).
   */
  append(labels: Labels | Readonly<Record<string, string>>, t: number, v: number, stale = false, startTimestamp = 0): void {
    checkTimestamp(t);
    this.getOrCreate(toLabels(labels)).append(t, v, stale, startTimestamp);
  }

  /** Appends many float samples to one series. */
  add(labels: Labels | Readonly<Record<string, string>>, samples: Iterable<SampleInput>): void {
    const s = this.getOrCreate(toLabels(labels));
    for (const x of samples) {
      checkTimestamp(x.t);
      s.append(x.t, x.v, x.stale ?? false, x.startTimestamp ?? 0);
    }
  }

  /** Appends a native-histogram sample (stored, but not evaluated by this version). */
  appendHistogram(labels: Labels, t: number, h: unknown): void {
    checkTimestamp(t);
    const s = this.getOrCreate(labels);
    s.histT.push(t);
    s.histV.push(h);
  }

  /** Removes every series. */
  clear(): void {
    this.series = [];
    this.byKey.clear();
    this.postings.clear();
    this.rank = null;
  }

  private ranks(): Int32Array {
    if (!this.rank) {
      const order = this.series.map((_, i) => i).sort((a, b) => compareLabels(this.series[a].labels, this.series[b].labels));
      this.rank = new Int32Array(this.series.length);
      order.forEach((id, r) => (this.rank![id] = r));
    }
    return this.rank;
  }

  /** Series ids that may match: intersected postings of the matchers that need a label value. */
  private candidates(matchers: readonly Matcher[]): number[] | null {
    let cand: number[] | null = null;
    for (const m of matchers) {
      let ids: number[] | null = null;
      const re = m.op === '=~' ? compileAnchoredRegex(m.value) : null;
      if (m.op === '=' && m.value !== '') {
        ids = this.postings.get(m.name)?.get(m.value) ?? [];
      } else if (re && !re.matches('')) {
        const set: number[] = [];
        for (const [value, list] of this.postings.get(m.name) ?? []) {
          if (re.matches(value)) for (const id of list) set.push(id);
        }
        ids = set.sort((x, y) => x - y);
      }
      if (ids === null) continue;
      cand = cand === null ? ids : intersect(cand, ids);
      if (cand.length === 0) return cand;
    }
    return cand;
  }

  /** Series matching all matchers with samples in `[start, end]`, sorted by labels. */
  select(req: SelectRequest): Series[] {
    const cand = this.candidates(req.matchers);
    const ids = cand ?? this.series.map((_, i) => i);
    const out: number[] = [];
    for (const id of ids) {
      const s = this.series[id];
      if (!req.matchers.every((m) => matcherMatches(m.op, m.value, getLabel(s.labels, m.name)))) continue;
      if (s.hasSamplesIn(req.start, req.end)) out.push(id);
    }
    const rank = this.ranks();
    out.sort((a, b) => rank[a] - rank[b]);
    return out.map((id) => this.series[id].view(req.start, req.end));
  }
}

function intersect(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out;
}
