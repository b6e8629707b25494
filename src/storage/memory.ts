// MemoryStorage: the embedded storage. Columnar Float64Array samples per series and an inverted
// index (label pair → series ids), so equality matchers never scan every series.
import { StoredView } from './contract.js';
import { OptionsError } from '../errors.js';
import type { Matcher, SelectRequest, Series, Storage } from './types.js';
import { compareLabels, labelsFrom, labelsKey, getLabel, type Labels } from './labels.js';
import { compileLabelRegex, matcherMatches } from '../parser/labels.js';
import { isStaleNaN } from './stale.js';
import { lowerBound, upperBound } from '../util/search.js';
import { runToEnd } from '../util/deep.js';
import { sortingInPlace, sortingNumbersInPlace } from '../util/sort-paused.js';
import { FloatHistogram } from '../histogram/float-histogram.js';
import type { AppendableStorage, HistogramInput, LabelsInput } from './appendable.js';
import { shareLayout } from './share-layout.js';
import { ChunkEmulator, readBackHints, SERVER_CHUNK_RANGE_MS, type ChunkSample } from './histogram-chunks.js';
import type { CounterResetHint } from '../histogram/types.js';

/** A sample to append: timestamp in ms, value, and whether it is a staleness marker. */
export interface SampleInput {
  readonly t: number;
  readonly v: number;
  readonly stale?: boolean;
  /** The sample's start timestamp (ms; counter start or delta window start), 0 or absent if unknown. */
  readonly startTimestamp?: number;
}

/** `h` with another hint, sharing its (never changed) span, bucket and bound arrays. */
function withHint(h: FloatHistogram, hint: CounterResetHint): FloatHistogram {
  return new FloatHistogram({
    counterResetHint: hint, schema: h.schema, zeroThreshold: h.zeroThreshold, zeroCount: h.zeroCount, count: h.count, sum: h.sum,
    positiveSpans: h.positiveSpans, positiveBuckets: h.positiveBuckets, negativeSpans: h.negativeSpans,
    negativeBuckets: h.negativeBuckets, customValues: h.customValues,
  });
}

class MemSeries {
  ts = new Float64Array(8);
  vs = new Float64Array(8);
  /** Staleness flags, allocated when the first staleness marker is appended. */
  st: Uint8Array | null = null;
  n = 0;
  sorted = true;
  /** Histogram samples (any order until normalised), owned by the series. */
  histT: number[] = [];
  /**
   * The histograms, each carrying the hint it reads back with (from the chunk emulation) once
   * `hintsRead`; the hint each was appended with is in `histHint`.
   */
  hist: FloatHistogram[] = [];
  histHint: CounterResetHint[] = [];
  /** Whether `hist` carry their read-back hints (an append out of time order unsets it). */
  hintsRead = true;
  /** The latest timestamp appended, float or histogram. */
  private lastT = -Infinity;
  /** The chunk being written after the latest sample, while `hintsRead`: an append in time order gets its hint at once. */
  private chunks: ChunkEmulator;
  /** Start timestamps of the histogram samples (ms, 0 = unknown), once one is known. */
  histST: number[] | null = null;
  /** Start timestamps (ms, 0 = unknown); allocated when the first one is appended. */
  starts: Float64Array | null = null;
  /** Histogram samples appended with a StaleNaN sum (staleness markers), dropped ones included. */
  private histMarkers = 0;
  /** Bumped by every change of the samples: a cached view of the histograms is of one version. */
  private version = 0;
  /**
   * The histograms of the last window viewed (index range lo…hi of one version): handed out again
   * for the same window, as dashboards and rules ask for it query after query. Nothing changes a
   * histograms object once handed out (the Series contract), and a change here makes a new one.
   */
  private histView: { version: number; lo: number; hi: number; histograms: NonNullable<Series['histograms']> } | null = null;
  /**
   * The view of the float samples handed out last, for the same reuse: a query over 100,000
   * series made 22 MB of views, which the young generation's collections copied and promoted.
   */
  private lastView: { version: number; lo: number; hi: number; view: StoredView } | null = null;
  constructor(readonly labels: Labels, private readonly chunkRange: number) {
    this.chunks = new ChunkEmulator(chunkRange);
  }

  appendHistogram(t: number, h: FloatHistogram, start: number): void {
    this.version++;
    if (isStaleNaN(h.sum)) this.histMarkers++;
    if (start !== 0 && !this.histST) this.histST = new Array<number>(this.histT.length).fill(0);
    this.histST?.push(start);
    this.histT.push(t);
    shareLayout(h, this.hist[this.hist.length - 1]);
    this.hist.push(h);
    const hint = h.counterResetHint;
    this.histHint.push(hint);
    if (this.hintsRead && t > this.lastT) h.counterResetHint = this.chunks.histogram(t, h, hint);
    else this.hintsRead = false;
    if (t > this.lastT) this.lastT = t;
  }

  /** Carries the chunk emulation over a float at t, or gives it up when t comes out of order. */
  private noteFloat(t: number, stale: boolean): void {
    if (this.hintsRead && this.histT.length > 0) {
      if (t > this.lastT) this.chunks.float(stale);
      else this.hintsRead = false;
    }
    if (t > this.lastT) this.lastT = t;
  }

  append(t: number, v: number, stale: boolean, start: number): void {
    this.version++;
    this.noteFloat(t, stale || isStaleNaN(v));
    if (this.n === this.ts.length) this.resize(this.n * 2);
    if (start !== 0 && !this.starts) this.starts = new Float64Array(this.ts.length);
    if (this.n > 0 && t <= this.ts[this.n - 1]) this.sorted = false;
    this.ts[this.n] = t;
    this.vs[this.n] = v;
    if (stale || isStaleNaN(v)) (this.st ??= new Uint8Array(this.ts.length))[this.n] = 1;
    if (this.starts) this.starts[this.n] = start;
    this.n++;
  }

  /**
   * Appends float samples (no start timestamps) in one go: the arrays grow once, to the exact
   * size when the series is new. Timestamps must have been checked.
   */
  appendFloats(ts: ArrayLike<number>, vs: ArrayLike<number>): void {
    this.version++;
    const k = ts.length;
    if (k === 0) return;
    const n = this.n;
    if (n + k > this.ts.length) this.resize(n === 0 ? k : Math.max(n + k, n * 2));
    this.ts.set(ts, n);
    this.vs.set(vs, n);
    if (this.starts) this.starts.fill(0, n, n + k);
    let last = n > 0 ? this.ts[n - 1] : -Infinity;
    for (let j = 0; j < k; j++) {
      const t = ts[j];
      if (t <= last) this.sorted = false;
      last = t;
      const v = vs[j];
      const stale = v !== v && isStaleNaN(v);
      if (stale) (this.st ??= new Uint8Array(this.ts.length))[n + j] = 1;
      this.noteFloat(t, stale);
    }
    this.n = n + k;
  }

  /** Reallocates the sample arrays with room for `capacity` samples (at least the `n` held). */
  private resize(capacity: number): void {
    // The last view must not keep the old arrays alive.
    this.lastView = null;
    this.ts = grown(this.ts, new Float64Array(capacity), this.n);
    this.vs = grown(this.vs, new Float64Array(capacity), this.n);
    if (this.st) this.st = grown(this.st, new Uint8Array(capacity), this.n);
    if (this.starts) this.starts = grown(this.starts, new Float64Array(capacity), this.n);
  }

  /**
   * Gives back the room doubling left unused once the series is read (loading has ended, or
   * paused): at most about 1/16 spare, so later appends do not reallocate at once.
   */
  private trim(): void {
    const spare = this.ts.length - this.n;
    if (spare > (this.n >> 3) + 16) this.resize(this.n + (this.n >> 4));
  }

  /**
   * Sorts by time. For equal timestamps the first appended sample is kept, as in a Prometheus
   * TSDB, which rejects a later sample at a timestamp it already holds (and `promtool tsdb
   * create-blocks-from` drops it).
   */
  normalise(): void {
    this.normaliseFloats();
    this.trim();
    if (!this.hintsRead) this.normaliseHistograms();
  }

  private normaliseFloats(): void {
    if (this.sorted) return;
    const idx = Array.from({ length: this.n }, (_, i) => i).sort((a, b) => this.ts[a] - this.ts[b] || a - b);
    const ts = new Float64Array(this.ts.length);
    const vs = new Float64Array(this.ts.length);
    const st = this.st ? new Uint8Array(this.ts.length) : null;
    const starts = this.starts ? new Float64Array(this.ts.length) : null;
    let m = 0;
    for (const i of idx) {
      if (m > 0 && ts[m - 1] === this.ts[i]) continue;
      ts[m] = this.ts[i];
      vs[m] = this.vs[i];
      if (st) st[m] = this.st![i];
      if (starts) starts[m] = this.starts![i];
      m++;
    }
    this.lastView = null;
    this.ts = ts;
    this.vs = vs;
    this.st = st;
    this.starts = starts;
    this.n = m;
    this.sorted = true;
  }

  /**
   * Sorts the histograms by time, keeping the first appended at a timestamp and dropping those at
   * a float sample's timestamp (a TSDB refuses a second sample at a timestamp), then gives them
   * the hints a TSDB reads back (a hint read back again only changes when samples came in out of
   * order). Floats must be normalised first.
   */
  private normaliseHistograms(): void {
    this.version++;
    const ht = this.histT;
    let inOrder = true;
    for (let k = 1; k < ht.length && inOrder; k++) inOrder = ht[k] > ht[k - 1];
    const idx = ht.map((_, i) => i);
    if (!inOrder) idx.sort((a, b) => ht[a] - ht[b] || a - b);
    const ts: number[] = [];
    const hs: FloatHistogram[] = [];
    const hints: CounterResetHint[] = [];
    const sts: number[] | null = this.histST ? [] : null;
    let f = 0;
    for (const i of idx) {
      const t = this.histT[i];
      if (ts.length > 0 && ts[ts.length - 1] === t) continue;
      while (f < this.n && this.ts[f] < t) f++;
      if (f < this.n && this.ts[f] === t) continue;
      ts.push(t);
      hs.push(this.hist[i]);
      hints.push(this.histHint[i]);
      sts?.push(this.histST![i]);
    }
    this.histT = ts;
    this.hist = hs;
    this.histHint = hints;
    this.histST = sts;
    this.chunks = new ChunkEmulator(this.chunkRange);
    const read = readBackHints(this.merged(), this.chunks);
    // A histogram whose hint changes is replaced, not changed: results already handed out (and a
    // query still running) keep what they read.
    for (let k = 0; k < hs.length; k++) if (hs[k].counterResetHint !== read[k]) hs[k] = withHint(hs[k], read[k]);
    this.hintsRead = true;
  }

  /** Floats and histograms in time order (both sorted, timestamps disjoint). */
  private *merged(): Generator<ChunkSample> {
    let f = 0;
    for (let k = 0; k < this.histT.length; k++) {
      for (; f < this.n && this.ts[f] < this.histT[k]; f++) yield { t: this.ts[f], kind: 'float', stale: this.st?.[f] === 1 };
      yield { t: this.histT[k], kind: 'histogram', h: this.hist[k], hint: this.histHint[k] };
    }
    for (; f < this.n; f++) yield { t: this.ts[f], kind: 'float', stale: this.st?.[f] === 1 };
  }

  /**
   * The samples in `[start, end]` as a view sharing the series' arrays, or null when it has none
   * there. One search per bound and array: `select` calls it for every candidate series.
   */
  viewIn(start: number, end: number): StoredView | null {
    this.normalise();
    const ts = this.ts;
    const n = this.n;
    // Most series lie wholly inside a query's window, or wholly outside it.
    const lo = n === 0 || ts[0] >= start ? 0 : lowerBound(ts, n, start);
    const hi = n === 0 || ts[n - 1] <= end ? n : upperBound(ts, n, end);
    const ht = this.histT;
    const hlo = lowerBound(ht, ht.length, start);
    const hhi = upperBound(ht, ht.length, end);
    if (lo >= hi && hlo >= hhi) return null;
    const last = this.lastView;
    if (hlo >= hhi && last !== null && last.version === this.version && last.lo === lo && last.hi === hi) return last.view;
    // Samples were validated when appended and are sorted and deduplicated by normalise(); every
    // StaleNaN appended was flagged in `st` (append, appendFloats), which sorting keeps aligned.
    const timestamps = ts.subarray(lo, hi);
    const values = this.vs.subarray(lo, hi);
    const stale = this.st?.subarray(lo, hi);
    const startTimestamps = this.starts?.subarray(lo, hi);
    if (hlo >= hhi) {
      const view = new StoredView(this.labels, timestamps, values, stale, startTimestamps, undefined, true);
      this.lastView = { version: this.version, lo, hi, view };
      return view;
    }
    let c = this.histView;
    if (c === null || c.version !== this.version || c.lo !== hlo || c.hi !== hhi) {
      const starts = this.histST ? { startTimestamps: this.histST.slice(hlo, hhi) } : {};
      const histograms = { timestamps: Float64Array.from(ht.slice(hlo, hhi)), values: this.hist.slice(hlo, hhi), ...starts };
      c = this.histView = { version: this.version, lo: hlo, hi: hhi, histograms };
    }
    return new StoredView(this.labels, timestamps, values, stale, startTimestamps, c.histograms, this.histMarkers === 0);
  }
}

function grown<A extends Float64Array | Uint8Array>(from: A, to: A, n: number): A {
  to.set(from.subarray(0, n));
  return to;
}

/**
 * Throws RangeError unless t is an integer within ±(2^53 − 1). The check stays one call small
 * enough to inline into the loaders' per-sample loops (with the throws in it, it was a fifth of
 * loading an OpenMetrics file).
 */
function checkTimestamp(t: number): void {
  if (!Number.isSafeInteger(t)) badTimestamp(t);
}

function badTimestamp(t: number): never {
  if (!Number.isInteger(t)) throw new RangeError(`timestamp must be an integer number of ms, got ${t}`);
  throw new RangeError(`timestamp out of range: ${t} is beyond ±${Number.MAX_SAFE_INTEGER} ms`);
}

/** Accepts a label set or a plain object of labels. */
function toLabels(labels: LabelsInput): Labels {
  return Array.isArray(labels) ? (labels as Labels) : labelsFrom(labels as Record<string, string>);
}

/** Options of {@link MemoryStorage}. */
export interface MemoryStorageOptions {
  /**
   * The chunk range (ms) the counter-reset hints of native histograms are emulated with: 2h
   * ({@link SERVER_CHUNK_RANGE_MS}, a Prometheus server's head) by default; Prometheus's test
   * storage uses 24h ({@link TEST_STORAGE_CHUNK_RANGE_MS}).
   */
  readonly histogramChunkRangeMs?: number;
}

/**
 * In-memory series storage. Append samples with {@link MemoryStorage.add} / {@link MemoryStorage.append}
 * or the loaders (`loadTestSeries`, `loadExposition`, `loadJSONSeries`). `select` answers synchronously (an Engine runs the same work in its time slices, see `selecting`).
 */
export class MemoryStorage implements Storage, AppendableStorage {
  private readonly chunkRange: number;

  constructor(opts: MemoryStorageOptions = {}) {
    if ('histogramChunkRange' in opts) {
      throw new OptionsError('histogramChunkRange', 'MemoryStorage option histogramChunkRange was renamed histogramChunkRangeMs (milliseconds): pass { histogramChunkRangeMs: … } instead');
    }
    this.chunkRange = opts.histogramChunkRangeMs ?? SERVER_CHUNK_RANGE_MS;
    if (!(this.chunkRange > 0) || !Number.isSafeInteger(this.chunkRange)) {
      throw new OptionsError('histogramChunkRangeMs', `MemoryStorage option histogramChunkRangeMs must be a positive integer number of ms, got ${this.chunkRange}`);
    }
  }

  private series: MemSeries[] = [];
  private byKey = new Map<string, number>();
  /** label name → label value → ascending series ids. */
  private postings = new Map<string, Map<string, number[]>>();
  /** The series appended to last, by the identity of the label-set array given (loaders repeat it). */
  private lastLabels: LabelsInput | null = null;
  private lastSeries: MemSeries | null = null;

  /** Number of series stored. */
  get size(): number {
    return this.series.length;
  }

  private seriesFor(input: LabelsInput): MemSeries {
    if (input === this.lastLabels) return this.lastSeries!;
    const s = this.getOrCreate(toLabels(input));
    // Only label-set arrays: their key is already cached by identity (labelsKey); a plain object
    // may be changed between calls.
    if (Array.isArray(input)) {
      this.lastLabels = input;
      this.lastSeries = s;
    }
    return s;
  }

  private getOrCreate(labels: Labels): MemSeries {
    const key = labelsKey(labels);
    const id = this.byKey.get(key);
    if (id !== undefined) return this.series[id];
    const s = new MemSeries(labels, this.chunkRange);
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
    this.generation++;
    return s;
  }

  /**
   * Appends one float sample (use `stale: true` or StaleNaN for a staleness marker). Throws
   * RangeError unless `t` is an integer within ±(2^53 − 1) ms (exact in a float64).
   */
  append(labels: LabelsInput, t: number, v: number, stale = false, startTimestamp = 0): void {
    checkTimestamp(t);
    this.seriesFor(labels).append(t, v, stale, startTimestamp);
  }

  /**
   * Appends float samples to one series from two parallel arrays (timestamps in ms, values; a
   * StaleNaN value is a staleness marker): what `append` does for each, without a call per
   * sample. Throws RangeError for a bad timestamp before appending any.
   */
  appendFloats(labels: LabelsInput, timestamps: ArrayLike<number>, values: ArrayLike<number>): void {
    if (timestamps.length !== values.length) throw new RangeError(`appendFloats: ${timestamps.length} timestamps but ${values.length} values`);
    for (let j = 0; j < timestamps.length; j++) checkTimestamp(timestamps[j]);
    this.seriesFor(labels).appendFloats(timestamps, values);
  }

  /** Appends many float samples to one series. */
  add(labels: LabelsInput, samples: Iterable<SampleInput>): void {
    const s = this.seriesFor(labels);
    for (const x of samples) {
      checkTimestamp(x.t);
      s.append(x.t, x.v, x.stale ?? false, x.startTimestamp ?? 0);
    }
  }

  /**
   * Appends a native-histogram sample, a FloatHistogram or its fields as a plain object. The
   * storage keeps a histogram of its own that shares `h`'s arrays (do not mutate them afterwards;
   * `h` itself is left as it is) and reads it back as a Prometheus TSDB would: with the
   * counter-reset hint the TSDB's chunk rules give it (see {@link ChunkEmulator}). A float staleness marker (`append` with
   * `stale`) ends a run of histograms as it ends floats. Throws RangeError for a bad timestamp and
   * an error for a histogram a TSDB would refuse (bad spans, negative counts,
   * unknown schema, …): the `HistogramError` of `h.validate()`, worded as Prometheus's.
   */
  appendHistogram(labels: LabelsInput, t: number, input: HistogramInput, startTimestamp = 0): void {
    checkTimestamp(t);
    // A histogram of the storage's own: its hint becomes the one read back.
    const h = new FloatHistogram(input);
    const invalid = h.validate();
    if (invalid) throw invalid;
    this.seriesFor(labels).appendHistogram(t, h, startTimestamp);
  }

  /** Removes every series. */
  clear(): void {
    this.series = [];
    this.byKey.clear();
    this.postings.clear();
    this.rankJob = null;
    this.generation++;
    this.lastLabels = null;
    this.lastSeries = null;
  }

  /** Bumped whenever the series' label order may change (a series added, the storage cleared). */
  private generation = 0;
  /**
   * The sort of the current generation's series by labels, and once done its ranks: every select
   * advances the same one, and one abandoned (a query timed out or cancelled) leaves its progress
   * to the next.
   */
  private rankJob: RankJob | null = null;

  /**
   * Each series' place in label order (by id), as a pausable step: sorting 100,000 label sets
   * takes hundreds of ms, once after series were added. A select that began before a series was
   * added finishes the sort it began with (its series are among those sorted); the next select
   * sorts again.
   */
  private *ranking(): Generator<void, Int32Array, void> {
    let job = this.rankJob;
    if (job === null || job.generation !== this.generation) job = this.rankJob = new RankJob(this.series, this.generation);
    while (job.rank === null) {
      job.advance();
      if (job.rank === null) yield;
    }
    return job.rank;
  }

  /** Series ids that may match: intersected postings of the matchers that need a label value. */
  /**
   * Series ids the postings allow (null: no matcher narrows them), and the matchers the postings
   * answered exactly (`=` with a value, and regexes that do not match ""), which need no check per
   * series.
   */
  private candidates(matchers: readonly Matcher[]): { ids: number[] | null; exact: Matcher[] } {
    let cand: number[] | null = null;
    // A selector has a few matchers: an array, cheaper to make than a Set.
    const exact: Matcher[] = [];
    for (const m of matchers) {
      let ids: number[] | null = null;
      const re = m.op === '=~' ? compileLabelRegex(m.value) : null;
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
      exact.push(m);
      cand = cand === null ? ids : intersect(cand, ids);
      if (cand.length === 0) return { ids: cand, exact };
    }
    return { ids: cand, exact };
  }

  /** Series matching all matchers with samples in `[start, end]`, sorted by labels. */
  select(req: SelectRequest): Series[] {
    return runToEnd(this.selecting(req));
  }

  /**
   * {@link select} as a pausable step (see runDeepPausing), which the engine runs in its time
   * slices: it yields after every few thousand series (a select of 100,000 series takes 40 ms,
   * and the first after series were added hundreds of ms more). The series read are the ones
   * stored when it starts; samples appended while it pauses may or may not be in the views.
   * @internal
   */
  *selecting(req: SelectRequest): Generator<void, Series[], void> {
    const series = this.series;
    const { ids: cand, exact } = this.candidates(req.matchers);
    const ids = cand ?? series.map((_, i) => i);
    // A postings list grows with the series added while this pauses: they are left out.
    const count = ids.length;
    // The other matchers are checked per series, each distinct label value once (regexes are costly).
    const rest = exact.length === req.matchers.length ? [] : req.matchers.filter((m) => !exact.includes(m));
    const seen = rest.map(() => new Map<string, boolean>());
    const rank = yield* this.ranking();
    const out: StoredView[] = [];
    const ranks: number[] = [];
    let inOrder = true;
    next: for (let n = 0; n < count; n++) {
      if ((n & (SELECT_CHUNK - 1)) === SELECT_CHUNK - 1) yield;
      const id = ids[n];
      const s = series[id];
      for (let k = 0; k < rest.length; k++) {
        const m = rest[k];
        const value = getLabel(s.labels, m.name);
        let ok = seen[k].get(value);
        if (ok === undefined) seen[k].set(value, (ok = matcherMatches(m.op, m.value, value)));
        if (!ok) continue next;
      }
      const view = s.viewIn(req.start, req.end);
      if (view === null) continue;
      if (ranks.length > 0 && rank[id] < ranks[ranks.length - 1]) inOrder = false;
      out.push(view);
      ranks.push(rank[id]);
    }
    return inOrder ? out : yield* inRankOrder(out, ranks, series.length);
  }
}

/** Candidate series `selecting` looks at between two of its pauses (a power of two). */
const SELECT_CHUNK = 4096;

/**
 * The pausable select of a MemoryStorage whose `select` is its own (not overridden by a
 * subclass), for the engine's fetch; undefined for any other storage.
 * @internal
 */
export function pausableSelect(storage: Storage): ((req: SelectRequest) => Generator<void, Series[], void>) | undefined {
  if (!(storage instanceof MemoryStorage) || storage.select !== MemoryStorage.prototype.select) return undefined;
  return (req) => storage.selecting(req);
}

/** A sort of a storage's series by labels, advanced a run at a time by whichever select needs it. */
class RankJob {
  /** Each series' place in label order, once sorted. */
  rank: Int32Array | null = null;
  /** The ids being sorted (let go once the ranks are made). */
  private order: number[];
  private readonly step: Generator<void, number[], void>;

  constructor(series: readonly MemSeries[], readonly generation: number) {
    this.order = series.map((_, i) => i);
    this.step = sortingInPlace(this.order, (a, b) => compareLabels(series[a].labels, series[b].labels));
  }

  /** Sorts one more run (see sortingInPlace); sets `rank` when the sort is done. */
  advance(): void {
    if (this.rank !== null || !this.step.next().done) return;
    const rank = new Int32Array(this.order.length);
    for (let r = 0; r < this.order.length; r++) rank[this.order[r]] = r;
    this.rank = rank;
    this.order = [];
  }
}

/**
 * `views` sorted by their `ranks` (distinct integers below `n`), as a pausable step. Each rank and
 * position are one number, `rank · m + position`, exact below 2^53, so the sort is a numeric one
 * (a comparator sort of 100,000 series took 15–25 ms; the numeric one 10–20 ms, now in pieces).
 */
function* inRankOrder(views: StoredView[], ranks: number[], n: number): Generator<void, StoredView[], void> {
  const m = views.length;
  if (n * m >= 2 ** 53) {
    const order = yield* sortingInPlace(views.map((_, i) => i), (a, b) => ranks[a] - ranks[b]);
    return order.map((i) => views[i]);
  }
  const keys = new Float64Array(m);
  for (let i = 0; i < m; i++) keys[i] = ranks[i] * m + i;
  yield* sortingNumbersInPlace(keys);
  const sorted = new Array<StoredView>(m);
  for (let i = 0; i < m; i++) {
    if ((i & (SELECT_CHUNK - 1)) === SELECT_CHUNK - 1) yield;
    sorted[i] = views[keys[i] % m];
  }
  return sorted;
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
