// `/api/v1/status/tsdb`: Prometheus's cardinality statistics, computed over every series of the
// storage; the query page reads `headStats.minTime`/`maxTime` to default its time range to the data.
import { compareStrings } from '../storage/labels.js';
import type { Series } from '../storage/types.js';
import { ApiError, queryError } from './errors.js';
import { MAX_TIME_MS, MIN_TIME_MS } from './params.js';
import { dataResponse } from './responses.js';
import type { ApiContext, ApiRequest } from './context.js';

interface Stat {
  readonly name: string;
  readonly value: number;
}

/** The `limit` largest counts, largest first, ties by name. */
function top(counts: Map<string, number>, limit: number): Stat[] {
  return [...counts].map(([name, value]) => ({ name, value }))
    .sort((a, b) => b.value - a.value || compareStrings(a.name, b.name)).slice(0, limit);
}

const add = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

/**
 * `GET /api/v1/status/tsdb` (`limit`, default 10). `chunkCount` is 0: the storage has no TSDB
 * chunks. `minTime`/`maxTime` are the oldest and newest sample (ms), as in Prometheus's head stats.
 */
export async function tsdbStatus(ctx: ApiContext, req: ApiRequest): Promise<Response> {
  const raw = req.params.get('limit');
  const limit = raw === '' ? 10 : Number(raw);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new ApiError('bad_data', 'limit must be a positive number');
  if (!ctx.storage) throw new ApiError('unavailable', 'TSDB status needs the storage: create the API with { storage }');
  const byName = new Map<string, number>();
  const valuesByLabel = new Map<string, Set<string>>();
  const bytesByLabel = new Map<string, number>();
  const byPair = new Map<string, number>();
  let series = 0;
  let minTime = Infinity;
  let maxTime = -Infinity;
  try {
    const set = await ctx.storage.select({ matchers: [], start: MIN_TIME_MS, end: MAX_TIME_MS, signal: req.signal });
    for await (const s of set as AsyncIterable<Series> | Iterable<Series>) {
      series++;
      for (const ts of [s.timestamps, s.histograms?.timestamps]) {
        if (ts?.length) {
          minTime = Math.min(minTime, ts[0]);
          maxTime = Math.max(maxTime, ts[ts.length - 1]);
        }
      }
      for (const l of s.labels) {
        if (l.name === '__name__') add(byName, l.value);
        let vs = valuesByLabel.get(l.name);
        if (!vs) valuesByLabel.set(l.name, (vs = new Set()));
        if (!vs.has(l.value)) {
          vs.add(l.value);
          add(bytesByLabel, l.name, new TextEncoder().encode(l.value).byteLength);
        }
        add(byPair, `${l.name}=${l.value}`);
      }
    }
  } catch (e) {
    throw queryError(e);
  }
  const pairs = new Set<string>();
  for (const [name, vs] of valuesByLabel) for (const v of vs) pairs.add(`${name}=${v}`);
  return dataResponse({
    headStats: {
      numSeries: series, numLabelPairs: pairs.size, chunkCount: 0,
      minTime: series && Number.isFinite(minTime) ? minTime : 0, maxTime: series && Number.isFinite(maxTime) ? maxTime : 0,
    },
    seriesCountByMetricName: top(byName, limit),
    labelValueCountByLabelName: top(new Map([...valuesByLabel].map(([k, v]) => [k, v.size])), limit),
    memoryInBytesByLabelName: top(bytesByLabel, limit),
    seriesCountByLabelValuePair: top(byPair, limit),
  });
}
