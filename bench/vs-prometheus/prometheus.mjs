// Prometheus for the side-by-side benchmark: finds the binaries, backfills the float fixture with
// promtool, gets the native histograms into blocks through a remote-write receiver and a head
// snapshot, and starts the server that answers the benchmark's queries.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { PrometheusServer, backfill } from '../../tools/differential/prometheus.mjs';
import { loadIntoPrometheus } from '../../tools/differential/native-histograms/load.mjs';

/** The directory the default binaries are looked for in, after the environment overrides. */
export const DEFAULT_BIN_DIR = '/opt/prometheus-3.5.3/usr/bin';

function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim() || null;
}

/** One binary: `$ENV` when set, then the default directory, then the PATH; null if none exists. */
function findBinary(env, name) {
  if (process.env[env]) return existsSync(process.env[env]) ? process.env[env] : null;
  const dflt = join(DEFAULT_BIN_DIR, name);
  if (existsSync(dflt)) return dflt;
  return onPath(name);
}

/**
 * The prometheus and promtool binaries (`PROMETHEUS_BIN`/`PROMTOOL_BIN` override the defaults), or
 * `{ missing }` naming what was not found.
 */
export function findBinaries() {
  const prometheus = findBinary('PROMETHEUS_BIN', 'prometheus');
  const promtool = findBinary('PROMTOOL_BIN', 'promtool');
  if (!prometheus || !promtool) return { missing: [!prometheus && 'prometheus', !promtool && 'promtool'].filter(Boolean).join(' and ') };
  return { prometheus, promtool };
}

/** promtool's backfill of an OpenMetrics file into `dataDir`, timed (ms of wall time). */
export function timedBackfill(promtool, file, dataDir) {
  const t0 = performance.now();
  backfill(promtool, file, dataDir);
  return performance.now() - t0;
}

/** The series' points cut into consecutive time slices of `ms` (series without points there left out). */
function* timeSlices(data, ms) {
  const all = data.series.flatMap((s) => (s.points.length ? [s.points[0].t, s.points[s.points.length - 1].t] : []));
  if (all.length === 0) return;
  const lo = all.reduce((a, b) => Math.min(a, b));
  const hi = all.reduce((a, b) => Math.max(a, b));
  for (let from = lo; from <= hi; from += ms) {
    const series = data.series
      .map((s) => ({ labels: s.labels, points: s.points.filter((p) => p.t >= from && p.t < from + ms) }))
      .filter((s) => s.points.length > 0);
    yield { series };
  }
}

/**
 * Puts the native histograms into blocks in `dataDir`. The head of a TSDB refuses samples older
 * than its newest block, so they cannot be remote-written next to the backfilled blocks: a
 * loader server with an empty TSDB receives them in time order (in-order head chunks, with the
 * counter-reset hints a server gives), a snapshot writes its head as a block, and the block moves
 * into `dataDir`. `register(server)` is called before the loader starts, so that it is stopped on
 * every way out. Returns the number of blocks moved.
 */
export async function histogramsIntoBlocks(binary, data, { workDir, dataDir, register }) {
  const loader = new PrometheusServer(binary, {
    dataDir: join(workDir, 'loader-data'), workDir: join(workDir, 'loader'),
    features: ['native-histograms'], extraArgs: ['--web.enable-remote-write-receiver', '--web.enable-admin-api'],
  });
  register(loader);
  try {
    await startWithLog(loader);
    // In time slices: load.mjs spreads every timestamp it is given into one call (Math.min(...)),
    // which overflows the stack past about 100k points; slices keep the writes in time order.
    for (const slice of timeSlices(data, 1800_000)) await loadIntoPrometheus(loader.base, slice);
    const r = await loader.api('/api/v1/admin/tsdb/snapshot', {});
    if (r.status !== 'success') throw new Error(`snapshot of the loader's head failed: ${r.error}`);
    const dir = join(workDir, 'loader-data', 'snapshots', r.data.name);
    const blocks = readdirSync(dir);
    if (blocks.length === 0) throw new Error(`the loader's snapshot ${dir} holds no block`);
    for (const b of blocks) renameSync(join(dir, b), join(dataDir, b));
    return blocks.length;
  } finally {
    await loader.stop(true);
  }
}

/**
 * The server the queries run on, over `dataDir`. Compaction is off (2h blocks stay 2h, the
 * overlapping histogram block is not merged), so no background work competes with the queries;
 * `maxSamples` lifts `--query.max-samples`.
 */
export function benchServer(binary, { workDir, dataDir, maxSamples, register }) {
  const server = new PrometheusServer(binary, {
    dataDir, workDir,
    features: ['native-histograms'],
    extraArgs: [
      `--query.max-samples=${maxSamples}`,
      '--storage.tsdb.min-block-duration=2h', '--storage.tsdb.max-block-duration=2h',
      '--no-storage.tsdb.allow-overlapping-compaction',
    ],
  });
  register(server);
  return server;
}

/** Starts `server`; when it fails, the error carries the end of the server's log. */
export async function startWithLog(server) {
  try {
    await server.start();
  } catch (e) {
    let tail = '';
    try {
      tail = readFileSync(join(server.workDir, 'prometheus.log'), 'utf8').trim().split('\n').slice(-5).join('\n  ');
    } catch { /* no log written */ }
    throw new Error(`${e.message}${tail ? `\n  ${tail}` : ''}`);
  }
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * CPU time (ms, user + system, all threads) a process has used so far, from /proc (10 ms
 * resolution at 100 ticks/s); null where /proc is not available.
 */
export function processCpuMs(pid) {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * Waits until the process `pid` has used no CPU for `quietMs` (read from /proc every 10 ms, at
 * most `maxMs` in all): a server still collecting garbage after answering would otherwise run
 * on the same cores as the other side's timed run. Returns the ms waited (0 without /proc).
 */
export async function settle(pid, quietMs = 30, maxMs = 1000) {
  const t0 = performance.now();
  let last = processCpuMs(pid);
  if (last === null) return 0;
  let since = t0;
  while (performance.now() - t0 < maxMs) {
    await new Promise((r) => setTimeout(r, 10));
    const now = processCpuMs(pid);
    if (now === null) break;
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) break;
  }
  return performance.now() - t0;
}

/** Forces a garbage collection in the server (outside any timed call). */
export async function serverGC(server) {
  await fetch(`${server.base}/debug/pprof/heap?gc=1`).then((r) => r.arrayBuffer());
}

/**
 * Runs a range query with `stats=all`: the parsed body and the wall time of the HTTP call (ms,
 * request to last byte, before JSON parsing). With `statsOnly`, only the status, the error and
 * `data.stats` are parsed out of the reply, which is read as bytes keeping only its start and its
 * end: a timed run must not leave the result's tens of MB (as parsed objects, or as one string)
 * on our heap for our side's next run to collect.
 */
export async function timedRangeQuery(server, query, start, end, step, statsOnly = false) {
  const body = new URLSearchParams({ query, start: `${start / 1000}`, end: `${end / 1000}`, step: `${step / 1000}`, stats: 'all' });
  const t0 = performance.now();
  const r = await fetch(`${server.base}/api/v1/query_range`, {
    method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (statsOnly) {
    const ends = await replyEnds(r.body);
    const httpMs = performance.now() - t0;
    let json;
    try {
      json = ends.whole !== null ? statsOf(ends.whole) : statsOfEnds(ends.head, ends.tail);
    } catch {
      json = { status: 'error', error: `HTTP ${r.status}: ${(ends.whole ?? ends.head).slice(0, 200)}` };
    }
    return { body: json, httpMs };
  }
  const text = await r.text();
  const httpMs = performance.now() - t0;
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { status: 'error', error: `HTTP ${r.status}: ${text.slice(0, 200)}` };
  }
  return { body: json, httpMs };
}

/** Replies up to this size are kept whole (errors, small results). */
const WHOLE_REPLY_BYTES = 1 << 20;
/** How much of a larger reply's end is kept: its `stats` (and any annotations after it). */
const TAIL_BYTES = 1 << 16;

/**
 * A reply read chunk by chunk: `whole` when it is small, else only its first chunk (`head`) and
 * at least its last TAIL_BYTES (`tail`), decoded.
 */
export async function replyEnds(stream) {
  const decoder = () => new TextDecoder();
  let first = null;
  let kept = [];
  let keptBytes = 0;
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.byteLength;
    if (first === null) first = chunk;
    kept.push(chunk);
    keptBytes += chunk.byteLength;
    if (total > WHOLE_REPLY_BYTES) {
      while (kept.length > 1 && keptBytes - kept[0].byteLength >= TAIL_BYTES) keptBytes -= kept.shift().byteLength;
    }
  }
  const join = (parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  };
  if (total <= WHOLE_REPLY_BYTES) return { whole: decoder().decode(join(kept)), head: '', tail: '' };
  // The tail may start inside a multi-byte character: only its ASCII JSON end is read.
  return { whole: null, head: decoder().decode(first ?? new Uint8Array(0)), tail: decoder().decode(join(kept)) };
}

/**
 * The status and `data.stats` of a large successful query_range reply from its first chunk and
 * its end: the `stats` object is the last member of `data`, and holds no string with a brace.
 */
export function statsOfEnds(head, tail) {
  if (!head.startsWith('{"status":"success"')) throw new Error('not a successful reply');
  const at = tail.lastIndexOf('"stats":');
  if (at < 0) throw new Error('no stats');
  const open = tail.indexOf('{', at);
  let depth = 0;
  for (let i = open; i < tail.length; i++) {
    if (tail[i] === '{') depth++;
    else if (tail[i] === '}' && --depth === 0) {
      const stats = JSON.parse(tail.slice(open, i + 1));
      if (!stats?.timings) throw new Error('no timings');
      return { status: 'success', data: { stats } };
    }
  }
  throw new Error('stats not closed');
}

/**
 * The status, error and `data.stats` of a query_range reply, without parsing its result: the
 * stats object is the reply's last member of `data` (Prometheus writes `resultType`, `result`,
 * then `stats`); anything else falls back to parsing the whole reply.
 */
export function statsOf(text) {
  const at = text.lastIndexOf('"stats":');
  if (!text.startsWith('{"status":"success"') || !text.endsWith('}}}') || at < 0) return JSON.parse(text);
  try {
    const stats = JSON.parse(text.slice(at + '"stats":'.length, text.length - 2));
    if (stats?.timings) return { status: 'success', data: { stats } };
  } catch {
    // Not the layout expected (warnings or infos after data): parse it all.
  }
  return JSON.parse(text);
}
