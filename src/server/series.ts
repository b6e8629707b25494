// `/api/v1/series`, `/api/v1/labels` and `/api/v1/label/<name>/values`, listed over
// `Storage.select` (any storage works; nothing needs a storage-specific listing method).
import type { LabelMatcher } from '../parser/ast.js';
import { isValidUtf8LabelName } from '../parser/labels.js';
import { compareLabels, compareStrings, labelsKey, type Labels } from '../storage/labels.js';
import type { Series } from '../storage/types.js';
import { ApiError, queryError } from './errors.js';
import { limitParam, MAX_TIME_MS, MIN_TIME_MS, parseMatcherSets, timeParam, type Params } from './params.js';
import { dataResponse } from './responses.js';
import type { ApiContext, ApiRequest } from './context.js';

const TRUNCATED = 'results truncated due to limit';

interface Window {
  readonly start: number;
  readonly end: number;
}

function window(p: Params): Window {
  const start = timeParam(p, 'start', MIN_TIME_MS);
  const end = timeParam(p, 'end', MAX_TIME_MS);
  return { start, end };
}

function matcherSets(ctx: ApiContext, p: Params, asParam: boolean): LabelMatcher[][] {
  try {
    return parseMatcherSets(p.all('match[]'), ctx.parser);
  } catch (e) {
    throw asParam ? ApiError.badParam('match[]', (e as Error).message) : new ApiError('bad_data', (e as Error).message);
  }
}

/**
 * The label sets of the series matching any of the sets (no sets: every series) with a sample in
 * the window, deduplicated, in label order. A series with samples only outside the window is left
 * out (MemoryStorage never returns one; other storages may).
 */
async function matchingSeries(ctx: ApiContext, sets: readonly (readonly LabelMatcher[])[], w: Window, signal: AbortSignal): Promise<Labels[]> {
  const storage = ctx.storage;
  if (!storage) throw new ApiError('unavailable', 'series and label listing needs the storage: create the API with { storage } or { engine, storage }');
  const found = new Map<string, Labels>();
  for (const matchers of sets.length ? sets : [[]]) {
    let set;
    try {
      set = await storage.select({ matchers, start: w.start, end: w.end, hints: { func: 'series' }, signal });
      for await (const s of set as AsyncIterable<Series> | Iterable<Series>) {
        if (!hasSample(s, w)) continue;
        const key = labelsKey(s.labels);
        if (!found.has(key)) found.set(key, s.labels);
      }
    } catch (e) {
      throw queryError(e);
    }
    if (signal.aborted) throw new ApiError('canceled', 'request canceled');
  }
  return [...found.values()].sort(compareLabels);
}

function hasSample(s: Series, w: Window): boolean {
  const inWindow = (ts: ArrayLike<number>) => {
    for (let i = 0; i < ts.length; i++) if (ts[i] >= w.start && ts[i] <= w.end) return true;
    return false;
  };
  return inWindow(s.timestamps) || (!!s.histograms && inWindow(s.histograms.timestamps));
}

function limited<T>(list: T[], limit: number): { list: T[]; warnings: string[] } {
  if (limit > 0 && list.length > limit) return { list: list.slice(0, limit), warnings: [TRUNCATED] };
  return { list, warnings: [] };
}

/** `GET|POST /api/v1/series`. */
export async function series(ctx: ApiContext, req: ApiRequest): Promise<Response> {
  const p = req.params;
  if (p.all('match[]').length === 0) throw new ApiError('bad_data', 'no match[] parameter provided');
  const limit = limitParam(p);
  const w = window(p);
  const sets = matcherSets(ctx, p, true);
  const found = await matchingSeries(ctx, sets, w, req.signal);
  const { list, warnings } = limited(found, limit);
  return dataResponse(list.map((ls) => Object.fromEntries(ls.map((l) => [l.name, l.value]))), warnings);
}

/** `GET|POST /api/v1/labels`: label names, sorted. */
export async function labelNames(ctx: ApiContext, req: ApiRequest): Promise<Response> {
  const p = req.params;
  const limit = limitParam(p);
  const w = window(p);
  const sets = matcherSets(ctx, p, false);
  const names = new Set<string>();
  for (const ls of await matchingSeries(ctx, sets, w, req.signal)) for (const l of ls) names.add(l.name);
  const { list, warnings } = limited([...names].sort(compareStrings), limit);
  return dataResponse(list, warnings);
}

/** Prometheus's `U__` escaping of label names in URL paths (`U__my_2e_label` is `my.label`). */
export function unescapeLabelName(name: string): string {
  if (!name.startsWith('U__')) return name;
  let out = '';
  const s = name.slice(3);
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '_' && s[i + 1] === '_') {
      out += '_';
      i++;
    } else if (s[i] === '_') {
      const close = s.indexOf('_', i + 1);
      const code = close > i ? parseInt(s.slice(i + 1, close), 16) : NaN;
      if (!Number.isInteger(code) || !/^[0-9a-fA-F]+$/.test(s.slice(i + 1, close))) return name;
      out += String.fromCodePoint(code);
      i = close;
    } else out += s[i];
  }
  return out;
}

/** `GET /api/v1/label/<name>/values`: the values of one label, sorted. */
export async function labelValues(ctx: ApiContext, req: ApiRequest): Promise<Response> {
  const name = unescapeLabelName(req.pathParam ?? '');
  if (!isValidUtf8LabelName(name)) throw new ApiError('bad_data', `invalid label name: ${JSON.stringify(name)}`);
  const p = req.params;
  const limit = limitParam(p);
  const w = window(p);
  const sets = matcherSets(ctx, p, false);
  // Only series that carry the label: `name != ""` narrows each selection.
  const has: LabelMatcher = { name, op: '!=', value: '' };
  const withLabel = sets.length ? sets.map((s) => [...s, has]) : [[has]];
  const values = new Set<string>();
  for (const ls of await matchingSeries(ctx, withLabel, w, req.signal)) {
    for (const l of ls) if (l.name === name) values.add(l.value);
  }
  const { list, warnings } = limited([...values].sort(compareStrings), limit);
  return dataResponse(list, warnings);
}
