// A real Prometheus for tests: finds the binary, backfills OpenMetrics text with promtool,
// starts the server on 127.0.0.1 on a free port and stops it by pid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Prometheus installation: its two binaries and the version it reports. */
export interface PrometheusInstall {
  readonly prometheus: string;
  readonly promtool: string;
  readonly version: string;
}

function versionOf(bin: string): string | null {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return /version (\d+\.\d+\.\d+)/.exec(`${r.stdout}${r.stderr}`)?.[1] ?? null;
}

/**
 * Every Prometheus found: `$PROMETHEUS_BIN`'s directory, 3.5.3 under /opt (see DEVELOPERS.md),
 * and Debian's package in /usr/bin. Each entry has a working promtool beside it.
 */
export function findPrometheus(): PrometheusInstall[] {
  const dirs = [
    ...(process.env.PROMETHEUS_BIN ? [join(process.env.PROMETHEUS_BIN, '..')] : []),
    '/opt/prometheus-3.5.3/usr/bin',
    '/usr/bin',
    '/usr/local/bin',
  ];
  const out: PrometheusInstall[] = [];
  const seen = new Set<string>();
  for (const d of dirs) {
    const prometheus = join(d, 'prometheus');
    const promtool = join(d, 'promtool');
    if (!existsSync(prometheus) || !existsSync(promtool)) continue;
    const version = versionOf(prometheus);
    if (!version || seen.has(version)) continue;
    seen.add(version);
    out.push({ prometheus, promtool, version });
  }
  return out;
}

/** A running server. */
export interface RunningPrometheus {
  readonly url: string;
  readonly install: PrometheusInstall;
  readonly pid: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Backfills `openMetrics` (text ending in `# EOF`, timestamps in seconds) into a fresh data
 * directory and starts Prometheus over it. `flags` are added to the command line.
 */
export async function startPrometheus(install: PrometheusInstall, openMetrics: string | null, flags: string[] = []): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'promql-ts-prom-'));
  const data = join(dir, 'data');
  if (openMetrics !== null) {
    const input = join(dir, 'input.om');
    writeFileSync(input, openMetrics);
    const r = spawnSync(install.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', input, data], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`promtool backfill failed: ${r.stderr || r.stdout}`);
  }
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 15s\n');
  const port = await freePort();
  const child: ChildProcess = spawn(install.prometheus, [
    `--config.file=${config}`,
    `--storage.tsdb.path=${data}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=200y',
    '--log.level=error',
    ...flags,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => { stderr += b.toString(); });
  const url = `http://127.0.0.1:${port}`;
  const pid = child.pid ?? -1;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      process.kill(pid, 'SIGTERM');
      const t = setTimeout(() => { if (child.exitCode === null) process.kill(pid, 'SIGKILL'); }, 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`);
    }
    try {
      const r = await fetch(`${url}/-/ready`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready in 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, install, pid, stop };
}
