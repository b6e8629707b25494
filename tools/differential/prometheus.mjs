// A real Prometheus for the differential check: finds the binaries, backfills the fixture with
// promtool, runs the server on a free loopback port and always stops it by its pid.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, openSync, closeSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, dirname } from 'node:path';

/** Where a Prometheus binary is looked for, in order, after `--prometheus` and `$PROMETHEUS`. */
const CANDIDATES = ['/opt/prometheus-3.5.3/usr/bin/prometheus', '/usr/bin/prometheus', '/usr/local/bin/prometheus'];

/** The prometheus binary to use, or null. */
export function findPrometheus(explicit) {
  if (explicit) return existsSync(explicit) ? explicit : null;
  if (process.env.PROMETHEUS && existsSync(process.env.PROMETHEUS)) return process.env.PROMETHEUS;
  const onPath = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).stdout.trim();
  return [...CANDIDATES, onPath].find((p) => p && existsSync(p)) ?? null;
}

/** promtool next to the prometheus binary, or on the PATH. */
export function findPromtool(prometheus) {
  const sibling = join(dirname(prometheus), 'promtool');
  if (existsSync(sibling)) return sibling;
  const onPath = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim();
  return onPath || null;
}

/** The version line of a binary (`prometheus, version 3.5.3…`). */
export function versionOf(binary) {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.split('\n')[0].trim();
}

/** Writes the fixture's blocks into `dir` with `promtool tsdb create-blocks-from openmetrics`. */
export function backfill(promtool, omFile, dir) {
  const r = spawnSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', omFile, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`promtool backfill failed (${r.status}): ${r.stderr || r.stdout}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A running Prometheus server. Contract: `start` resolves once /-/ready answers; `stop` kills the
 * process by its pid (SIGTERM, then SIGKILL) and may be called any number of times, also from an
 * exit handler (it is synchronous about sending the signal).
 */
export class PrometheusServer {
  constructor(binary, { dataDir, workDir, features = [], extraArgs = [], extraConfig = '' }) {
    this.binary = binary;
    this.extraArgs = extraArgs;
    this.extraConfig = extraConfig;
    this.dataDir = dataDir;
    this.workDir = workDir;
    this.features = features;
    this.extraArgs = extraArgs;
    this.child = null;
    this.base = null;
  }

  async start() {
    const port = await freePort();
    mkdirSync(this.workDir, { recursive: true });
    const config = join(this.workDir, 'prometheus.yml');
    // No scrape jobs: the server only answers queries over the backfilled blocks.
    writeFileSync(config, `global:\n  evaluation_interval: 1m\n${this.extraConfig}`);
    const log = openSync(join(this.workDir, 'prometheus.log'), 'w');
    const args = [
      `--config.file=${config}`,
      `--storage.tsdb.path=${this.dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=100y',
      ...(this.features.length ? [`--enable-feature=${this.features.join(',')}`] : []),
      ...this.extraArgs,
    ];
    this.child = spawn(this.binary, args, { stdio: ['ignore', log, log] });
    closeSync(log);
    this.base = `http://127.0.0.1:${port}`;
    const exited = new Promise((_, reject) => this.child.once('exit', (code) => reject(new Error(`prometheus exited early (code ${code}); see ${join(this.workDir, 'prometheus.log')}`))));
    exited.catch(() => {});
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const ok = await Promise.race([exited, fetch(`${this.base}/-/ready`).then((r) => r.ok, () => false)]);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('prometheus did not become ready within 60s');
  }

  get pid() {
    return this.child?.pid ?? null;
  }

  /** Stops the server by its pid; waits for it to exit when `wait` is set. */
  async stop(wait = true) {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {
      return;
    }
    if (!wait) return;
    const t = setTimeout(() => {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch { /* already gone */ }
    }, 10_000);
    await gone;
    clearTimeout(t);
  }

  /** POSTs to an API endpoint with form parameters; returns the parsed JSON body (errors included). */
  async api(path, params) {
    const body = new URLSearchParams(params);
    const r = await fetch(`${this.base}${path}`, {
      method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const text = await r.text();
    try {
      return JSON.parse(text);
    } catch {
      return { status: 'error', errorType: 'http', error: `HTTP ${r.status}: ${text.slice(0, 200)}` };
    }
  }
}

/**
 * Stops `server` by its pid on every way out of the process (exit, SIGINT, SIGTERM, SIGHUP) and
 * removes the temporary directory `work` unless `keep`. `name` prefixes the signal message.
 */
export function stopOnExit(server, work, keep, name) {
  process.on('exit', () => {
    server.stop(false);
    if (!keep) rmSync(work, { recursive: true, force: true });
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`${name}: ${sig}, stopping prometheus (pid ${server.pid})`);
      process.exit(130);
    });
  }
}
