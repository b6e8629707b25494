// Checks of a query against a server's live data, as pint does: selectors that match no series,
// and rate-like windows shorter than two scrape intervals. Used by `promql check --server`.
import type { Expr, Pos, VectorSelector } from '../../parser/ast.js';
import { childrenOf, unwrapParens } from '../../parser/walk.js';
import { formatLabels } from '../labels.js';
import type { Series, Storage } from '../types.js';
import { selectorText } from './api-storage.js';

/** A finding about one place of a query; `rule` is `live/series` or `live/rate-window`. */
export interface LiveFinding {
  readonly pos: Pos;
  readonly rule: 'live/series' | 'live/rate-window';
  readonly message: string;
}

/** Options of {@link liveChecks}. */
export interface LiveCheckOptions {
  /** The time the data is looked at (ms); default now. */
  readonly now?: number;
  /** How far back a selector must have a sample to count as matching (ms). Default 1 h. */
  readonly window?: number;
}

/** Functions whose range argument needs at least two samples per window. */
const TWO_SAMPLE_FUNCS = new Set(['rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'resets', 'changes']);

function fmtDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** The median gap between consecutive samples over all series, or null with fewer than two samples. */
export function scrapeInterval(series: readonly Series[]): number | null {
  const gaps: number[] = [];
  for (const s of series) for (let i = 1; i < s.timestamps.length && gaps.length < 100_000; i++) gaps.push(s.timestamps[i] - s.timestamps[i - 1]);
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

/**
 * Runs the live checks on a parsed query: each vector selector is looked up over the last
 * `window` (one select each, so a remote-read storage batches them), and the window of each
 * rate-like function is compared with the scrape interval seen in its series.
 */
export async function liveChecks(expr: Expr, storage: Storage, opts: LiveCheckOptions = {}): Promise<LiveFinding[]> {
  const now = opts.now ?? Date.now();
  const window = opts.window ?? 3600_000;
  const selectors: { vs: VectorSelector; rateWindow?: { func: string; range: number; pos: Pos } }[] = [];
  const pending: Expr[] = [expr];
  while (pending.length > 0) {
    const e = pending.pop()!;
    if (e.type === 'VectorSelector') selectors.push({ vs: e });
    else if (e.type === 'Call' && TWO_SAMPLE_FUNCS.has(e.func) && e.args.length > 0) {
      const m = unwrapParens(e.args[0]);
      if (m.type === 'MatrixSelector' && m.vectorSelector.type === 'VectorSelector' && m.rangeExpr === null) {
        selectors.push({ vs: m.vectorSelector, rateWindow: { func: e.func, range: m.range, pos: e.pos } });
        continue;
      }
    }
    pending.push(...childrenOf(e));
  }
  const answers = await Promise.all(selectors.map(async (s) => {
    const set = await storage.select({ matchers: s.vs.matchers, start: now - window, end: now });
    const out: Series[] = [];
    for await (const x of set as AsyncIterable<Series> | Iterable<Series>) out.push(x);
    return out.filter((x) => x.timestamps.length > 0 || (x.histograms?.timestamps.length ?? 0) > 0);
  }));
  const found: LiveFinding[] = [];
  selectors.forEach((s, i) => {
    const series = answers[i];
    if (series.length === 0) {
      found.push({ pos: s.vs.pos, rule: 'live/series', message: `selector ${selectorText(s.vs.matchers)} matches no series on the server in the last ${fmtDuration(window)}` });
      return;
    }
    const w = s.rateWindow;
    const interval = w ? scrapeInterval(series) : null;
    if (w && interval !== null && w.range < 2 * interval) {
      found.push({
        pos: w.pos,
        rule: 'live/rate-window',
        message: `${w.func}() over a ${fmtDuration(w.range)} window, shorter than two scrape intervals (the server's data, e.g. ${formatLabels(series[0].labels)}, has a sample every ${fmtDuration(interval)}): most windows hold fewer than two samples`,
      });
    }
  });
  return found.sort((a, b) => a.pos.start - b.pos.start);
}
