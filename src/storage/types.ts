// The storage contract: the only way the engine reads data. Implementations may be synchronous
// (MemoryStorage) or asynchronous (HTTP, remote read); the engine fetches everything up front.
import type { LabelMatcher } from '../parser/ast.js';
import type { Labels } from './labels.js';
import type { FloatHistogram } from '../histogram/float-histogram.js';

/** A label matcher (`=`, `!=`, `=~`, `!~`). Regexes are RE2 syntax, fully anchored, `.` matching newline. */
export type Matcher = LabelMatcher;

/** Hints about how the engine will use a selection. Storages may ignore them. */
export interface SelectHints {
  /** Query step in ms (0 for an instant query). */
  readonly step?: number;
  /** Range of the enclosing range selector in ms, 0 for an instant selector. */
  readonly range?: number;
  /** Name of the function the selection feeds, if any. */
  readonly func?: string;
  /** Whether the enclosing aggregation groups `by` (true) or `without` (false). */
  readonly by?: boolean;
  /** Grouping labels of the enclosing aggregation. */
  readonly grouping?: readonly string[];
}

/** One selection the engine needs: one per selector in the query. */
export interface SelectRequest {
  readonly matchers: readonly Matcher[];
  /** First timestamp (ms, inclusive) the engine will read. */
  readonly start: number;
  /** Last timestamp (ms, inclusive) the engine will read. */
  readonly end: number;
  readonly hints?: SelectHints;
  /**
   * Aborted when the query is cancelled or times out, or when fetching fails (another select
   * failed); storages should stop work then. Made when first read (read it while `select` runs or
   * in the work it starts). First read after fetching ended, it is aborted already if fetching
   * failed, and never aborts if it succeeded.
   */
  readonly signal?: AbortSignal;
}

/**
 * One series of a selection.
 *
 * Contract: `timestamps` are integer milliseconds, strictly ascending, and `values` has the same
 * length. A staleness marker is either flagged in `stale` (non-zero at its index) or stored as the
 * StaleNaN bit pattern in `values`; the engine honours both. The arrays may cover more than the
 * requested window; the engine ignores samples outside it. The engine never mutates them.
 */
export interface Series {
  readonly labels: Labels;
  readonly timestamps: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  readonly stale?: ArrayLike<number>;
  /**
   * Start timestamps (ms) per sample, 0 where unknown: when a counter started (cumulative) or the
   * window a delta covers. Read only when the engine's `useStartTimestamps` is on.
   */
  readonly startTimestamps?: ArrayLike<number>;
  /**
   * Native-histogram samples, absent when the series has none in the window.
   *
   * Contract: `timestamps` are integer milliseconds, strictly ascending, as many as `values`, and
   * disjoint from the float `timestamps` (a series holds one sample per timestamp, float or
   * histogram). A float staleness marker ends a run of histograms as it ends floats; there are no
   * histogram staleness markers. Each value's `counterResetHint` is what the storage read back (a
   * Prometheus TSDB derives it from its chunks: `gauge` in gauge chunks, `unknown` for a chunk's
   * first sample, `not_reset` after). The arrays may cover more than the requested window, like
   * the floats. Values may be shared between selections: the engine never mutates them (it works
   * on `copy()`), and a storage must not change a value once handed out either: the engine keeps
   * the statistics-only form of a histogram it read through histogram_count/sum/avg with it, for
   * the next query that reads it so.
   */
  readonly histograms?: {
    readonly timestamps: ArrayLike<number>;
    readonly values: readonly FloatHistogram[];
    /** Start timestamps (ms) per histogram sample, 0 where unknown, as for floats. */
    readonly startTimestamps?: ArrayLike<number>;
  };
}

/** The answer to one select: series in `compareLabels` order, each label set at most once. */
export type SeriesSet = Iterable<Series> | AsyncIterable<Series>;

/**
 * Where the engine reads series from.
 *
 * Contract:
 * - `select` returns every series that has all matchers satisfied (a missing label counts as the
 *   empty value) and at least one sample in `[start, end]`; it may also return series with no
 *   samples there, which the engine treats as absent.
 * - Series come sorted by label set (`compareLabels`, UTF-8 byte order), without duplicates:
 *   `topk`, `limitk` and the order of instant results depend on it.
 * - It may return synchronously or asynchronously; it may throw (or reject), which fails the query
 *   with a StorageError naming the cause.
 * - It must not retain or mutate the request.
 */
export interface Storage {
  select(req: SelectRequest): SeriesSet | Promise<SeriesSet>;
}
