// `--server URL [--header K:V …] [--protocol remote-read|api]`: evaluate over a Prometheus-
// compatible server's data (remote read by default, the HTTP query API for servers without it).
import type { ServerFlags } from './server-flag-options.js';
import { OptionsError } from '../errors.js';
import type { Storage } from '../storage/types.js';
import { PrometheusAPIStorage } from '../storage/remote/api-storage.js';
import { RemoteReadStorage } from '../storage/remote/remote-read-storage.js';
import { liveChecks } from '../storage/remote/live-checks.js';
import type { CheckedQuery } from '../check/check.js';
import type { Diagnostic } from '../check/types.js';

export { addServerFlags, serverFlagsGiven, type ServerFlags } from './server-flag-options.js';

/** Parses `K:V` headers; throws OptionsError naming the flag. */
export function parseHeaders(hs: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of hs) {
    const i = h.indexOf(':');
    const name = i > 0 ? h.slice(0, i).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new OptionsError('--header', `--header must be NAME:VALUE, got ${JSON.stringify(h)}`);
    out[name] = h.slice(i + 1).trim();
  }
  return out;
}

/**
 * The storage `--server` names, or undefined without it. For remote read a base URL gets
 * `/api/v1/read` appended (a URL already ending in `/read` is kept); for the API a trailing
 * `/api/v1/read` or `/api/v1/query` is removed. Throws OptionsError for bad values.
 */
export function serverStorage(flags: ServerFlags, timeoutMs?: number): Storage | undefined {
  if (flags.server === undefined) {
    if (flags.header?.length) throw new OptionsError('--header', '--header needs --server');
    if (flags.protocol !== undefined) throw new OptionsError('--protocol', '--protocol needs --server');
    return undefined;
  }
  const protocol = flags.protocol ?? 'remote-read';
  if (protocol !== 'remote-read' && protocol !== 'api') throw new OptionsError('--protocol', `--protocol must be remote-read or api, got ${JSON.stringify(protocol)}`);
  let url: URL;
  try {
    url = new URL(flags.server);
  } catch {
    throw new OptionsError('--server', `--server must be an http(s) URL such as http://localhost:9090, got ${JSON.stringify(flags.server)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OptionsError('--server', `--server must be an http(s) URL such as http://localhost:9090, got ${JSON.stringify(flags.server)}`);
  }
  const headers = parseHeaders(flags.header);
  const base = url.href.replace(/\/+$/, '');
  const http = { headers, ...(timeoutMs !== undefined && Number.isFinite(timeoutMs) ? { timeoutMs } : {}) };
  if (protocol === 'api') return new PrometheusAPIStorage({ url: base.replace(/\/api\/v1\/(read|query)$/, ''), ...http });
  return new RemoteReadStorage({ url: /\/read$/.test(base) ? base : `${base}/api/v1/read`, ...http });
}

/**
 * `promql check --server`: the live checks of every query of a file as problems (warnings whose
 * message says they come from the server's data). A storage failure is thrown (it is not a
 * problem of the file).
 */
export async function liveProblems(storage: Storage, file: string, queries: readonly CheckedQuery[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const q of queries) {
    for (const f of await liveChecks(q.expr, storage)) {
      const at = q.found.at(q.toOriginal(f.pos.start));
      const message = `live data (--server): ${f.message}`;
      out.push({ file, ...at, severity: 'warning', rule: f.rule, message: q.found.context ? `${q.found.context}: ${message}` : message });
    }
  }
  return out;
}
