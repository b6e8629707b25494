// `promql serve`: Prometheus's HTTP API and the query page over fixture files (reloaded on SIGHUP
// or when they change) or over a remote-read endpoint, on loopback by default.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OptionsError } from '../errors.js';
import { createPrometheusAPI } from '../server/api.js';
import { FixtureSet } from '../server/fixtures.js';
import { RemoteReadStorage } from '../storage/remote/remote-read-storage.js';
import type { Storage } from '../storage/types.js';
import { directoryStaticFiles, serveNode } from '../server/node.js';
import { parseDurationArg } from '../util/times.js';
import { parseLimitFlags } from './limit-flags.js';
import { addFeatureFlags, parserOptions } from './parser-flags.js';
import { diag, usageError } from './output.js';

/** The query page's bundle, built next to dist/src (`npm run build:web`). */
const PAGE_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/;

/** `host:port`, `:port` (loopback) or `[v6]:port`. */
function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(s);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) throw new OptionsError('--listen', `--listen must be host:port, got ${JSON.stringify(s)}`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

function positiveInt(flag: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new OptionsError(flag, `${flag} must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

/** Registers `serve`. */
export function registerServe(program: Command): void {
  addFeatureFlags(program.command('serve')
    .description("serve Prometheus's HTTP API (/api/v1/…) and a query page over fixture files or a remote-read endpoint")
    .option('-d, --data <files...>', 'fixture files: .om, .prom/.txt, .json, .series (reloaded on SIGHUP or change)')
    .option('--remote-read <url>', "serve a Prometheus-compatible remote-read endpoint's data instead (http://host:9090/api/v1/read)")
    .option('--listen <host:port>', 'address to listen on (loopback by default)', '127.0.0.1:9090')
    .option('--query-timeout <duration>', 'longest a query may run (as Prometheus --query.timeout)', '2m')
    .option('--max-samples <n>', 'most samples a query may hold at once (as Prometheus --query.max-samples)', '50000000')
    .option('--max-concurrency <n>', 'queries evaluated at once; up to 4× more wait, the rest get 503', '20')
    .option('--lookback-delta <duration>', 'lookback delta', '5m')
    .option('--cors-origin <regex>', 'origins allowed cross-origin requests (anchored regex, as --web.cors.origin); none by default')
    .option('--max-body <bytes>', 'largest request body accepted', String(1 << 20))
    .option('--no-watch', 'do not reload when a data file changes (SIGHUP still reloads)'))
    .action(async (flags) => {
      let listen, limits, maxConcurrency, maxBodyBytes, lookbackDelta;
      if (!flags.data === !flags.remoteRead) return usageError('serve: give either --data FILE… or --remote-read URL');
      try {
        if (flags.remoteRead && !/^https?:\/\/./.test(flags.remoteRead)) throw new Error(`--remote-read must be an http(s) URL, got ${JSON.stringify(flags.remoteRead)}`);
        listen = parseListen(flags.listen);
        limits = parseLimitFlags({ timeout: flags.queryTimeout, maxSamples: flags.maxSamples });
        maxConcurrency = positiveInt('--max-concurrency', flags.maxConcurrency, 20);
        maxBodyBytes = positiveInt('--max-body', flags.maxBody, 1 << 20);
        lookbackDelta = parseDurationArg(flags.lookbackDelta);
        if (flags.corsOrigin !== undefined) new RegExp(flags.corsOrigin);
      } catch (e) {
        return usageError(`serve: ${(e as Error).message.replace(/^--timeout/, '--query-timeout')}`);
      }
      let fixtures: FixtureSet | null = null;
      let storage: Storage;
      try {
        if (flags.remoteRead) storage = new RemoteReadStorage({ url: flags.remoteRead });
        else {
          fixtures = new FixtureSet(flags.data, (err, n) => diag(err ? `promql serve: reload failed, keeping the previous data: ${err.message}` : `promql serve: reloaded ${n} series`));
          storage = fixtures.storage;
        }
      } catch (e) {
        return usageError((e as Error).message);
      }
      let handler;
      try {
        handler = createPrometheusAPI({
          storage, metadata: fixtures?.metadata, ...limits, lookbackDeltaMs: lookbackDelta, maxConcurrency, maxBodyBytes,
          corsOrigin: flags.corsOrigin, parser: parserOptions(flags),
          staticFiles: existsSync(PAGE_DIR) ? directoryStaticFiles(PAGE_DIR) : undefined,
        });
      } catch (e) {
        return usageError(`serve: ${(e as Error).message}`);
      }
      if (!LOOPBACK.test(listen.host)) diag(`promql serve: warning: listening on ${listen.host}, reachable from other machines; there is no authentication`);
      let server;
      try {
        server = await serveNode(handler, listen);
      } catch (e) {
        return usageError(`serve: cannot listen on ${flags.listen}: ${(e as Error).message}`);
      }
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : listen.port;
      const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
      const source = fixtures ? `${fixtures.size} series from ${flags.data.length} file(s)` : `remote read from ${flags.remoteRead}`;
      diag(`promql serve: ${source}; listening on http://${host}:${port}/`);
      if (fixtures && flags.watch) fixtures.watch();
      process.on('SIGHUP', () => fixtures?.reload());
      const stop = () => {
        fixtures?.close();
        server.close();
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
