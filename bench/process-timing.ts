// Timing of whole processes for the start-up and big-input benchmarks: wall time, CPU time and
// peak memory of a child process (CPU and memory from /usr/bin/time when it is installed).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** One run of a command: wall milliseconds, and when measurable CPU milliseconds and peak RSS in MB. */
export interface ProcessRun {
  readonly wallMs: number;
  readonly cpuMs: number | null;
  readonly maxRssMb: number | null;
  readonly status: number | null;
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);

/** Runs a command to its end (stdout discarded) and measures it. */
export function runProcess(cmd: string, args: readonly string[], cwd?: string): ProcessRun {
  const argv = hasGnuTime ? [GNU_TIME, '-f', '@@TIME %U %S %M', cmd, ...args] : [cmd, ...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /@@TIME ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  return {
    wallMs,
    cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : null,
    maxRssMb: m ? Number(m[3]) / 1024 : null,
    status: r.status,
  };
}

/** The median of some numbers (the upper one of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Runs a command `n` times; the median wall and CPU time and the median peak memory. */
export function medianRun(n: number, cmd: string, args: readonly string[]): ProcessRun {
  const runs = Array.from({ length: n }, () => runProcess(cmd, args));
  const cpu = runs.map((r) => r.cpuMs).filter((x): x is number => x !== null);
  const rss = runs.map((r) => r.maxRssMb).filter((x): x is number => x !== null);
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: cpu.length ? median(cpu) : null,
    maxRssMb: rss.length ? median(rss) : null,
    status: runs[0].status,
  };
}

/** `1234 ms wall, 567 ms CPU, 89 MB`, leaving out what was not measured. */
export function describeRun(r: ProcessRun): string {
  const parts = [`${r.wallMs.toFixed(0).padStart(6)} ms wall`];
  if (r.cpuMs !== null) parts.push(`${r.cpuMs.toFixed(0).padStart(6)} ms CPU`);
  if (r.maxRssMb !== null) parts.push(`${r.maxRssMb.toFixed(0).padStart(5)} MB peak`);
  if (r.status !== 0) parts.push(`exit ${r.status}`);
  return parts.join(', ');
}

/** Prometheus's promtool: $PROMTOOL, else the 3.5.3 install, else null (comparisons are skipped). */
export function findPromtool(): string | null {
  for (const p of [process.env.PROMTOOL, '/opt/prometheus-3.5.3/usr/bin/promtool']) if (p && existsSync(p)) return p;
  const which = spawnSync('which', ['promtool'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}
