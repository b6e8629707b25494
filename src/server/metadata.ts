// Metric metadata for `/api/v1/metadata`: collected from the `# TYPE`, `# HELP` and `# UNIT` lines
// of exposition text, and served with Prometheus's `limit`, `limit_per_metric` and `metric`.
import { ApiError } from './errors.js';
import { dataResponse } from './responses.js';
import type { ApiContext, ApiRequest } from './context.js';

/** The metadata of one metric family, as Prometheus's API lists it. */
export interface MetricMetadata {
  readonly type: string;
  readonly help: string;
  readonly unit: string;
}

/** Metric family name → its metadata entries (usually one). Called once per request. */
export type MetadataSource = () => ReadonlyMap<string, readonly MetricMetadata[]>;

/** Unescapes a HELP text: `\\` and `\n` (and, in OpenMetrics, `\"`). */
function unescapeHelp(s: string): string {
  return s.replace(/\\(\\|n|")/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** A metric name as written after `# TYPE`: bare, or quoted (`"my.metric"`) in UTF-8 exposition. */
const NAME = String.raw`("(?:[^"\\]|\\.)*"|\S+)`;
const LINE = new RegExp(String.raw`^#\s+(TYPE|HELP|UNIT)\s+${NAME}(?:\s(.*))?$`);

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)) : name;
}

/**
 * Collects metadata from exposition texts (OpenMetrics or Prometheus text format). Families
 * with no `# TYPE` line are typed `unknown`; entries that are equal are listed once.
 */
export function metadataFromExposition(texts: readonly string[]): Map<string, MetricMetadata[]> {
  const out = new Map<string, MetricMetadata[]>();
  for (const text of texts) {
    const fams = new Map<string, { type: string; help: string; unit: string }>();
    for (const raw of text.split('\n')) {
      const m = LINE.exec(raw.trimEnd());
      if (!m) continue;
      const name = unquote(m[2]);
      const f = fams.get(name) ?? { type: 'unknown', help: '', unit: '' };
      fams.set(name, f);
      const rest = m[3] ?? '';
      if (m[1] === 'TYPE') f.type = rest.trim();
      else if (m[1] === 'HELP') f.help = unescapeHelp(rest);
      else f.unit = rest.trim();
    }
    for (const [name, f] of fams) {
      const list = out.get(name) ?? [];
      if (!list.some((x) => x.type === f.type && x.help === f.help && x.unit === f.unit)) list.push(f);
      out.set(name, list);
    }
  }
  return out;
}

function intParam(value: string, name: string): number {
  if (value === '') return -1;
  if (!/^[+-]?\d+$/.test(value)) throw new ApiError('bad_data', `${name} must be a number`);
  return Number(value);
}

/** `GET /api/v1/metadata`. */
export function metadata(ctx: ApiContext, req: ApiRequest): Response {
  const p = req.params;
  const limit = intParam(p.get('limit'), 'limit');
  const perMetric = intParam(p.get('limit_per_metric'), 'limit_per_metric');
  const metric = p.get('metric');
  const res: Record<string, MetricMetadata[]> = {};
  for (const [name, list] of ctx.metadata()) {
    if (metric !== '' && name !== metric) continue;
    if (limit >= 0 && Object.keys(res).length >= limit) break;
    res[name] = perMetric > 0 ? list.slice(0, perMetric) : [...list];
  }
  return dataResponse(res);
}
