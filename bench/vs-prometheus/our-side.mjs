// Our engine in a process of its own for the side-by-side run, as Prometheus runs in its own: the
// harness's HTTP client, its replies and their parsing stay out of the process being timed.
// Measured on this machine, one large `fetch()` reply read in a process left that process's
// later queries 1.3–1.4× slower for its whole life (`sum by (job, code) (rate(…))` 11.5–12.6 ms
// before, 15–16 ms after, no collection or page fault in the runs), so timing our engine in the
// harness's process measured the harness as much as the engine.
import { fork } from 'node:child_process';

const CHILD = new URL('./our-side-child.mjs', import.meta.url);

/**
 * Starts our side: a child process that loads the fixture (the OpenMetrics file through our
 * loader, timed and measured; the native histograms generated from `shape` and appended), then
 * answers the requests of measure.mjs's side interface (see inProcessSide). Resolves to
 * `{ side, loading, histograms, stop }`; rejects naming the child's error or exit.
 */
export async function startOurSide({ omFile, shape, expectedFloats, maxSamples, libUrl }, register) {
  // OURS_NODE_FLAGS: more flags for our side's Node (say `--no-memory-reducer`, to see what the
  // heap's shrinking while idle costs the next run).
  const extra = (process.env.OURS_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = fork(CHILD, [], {
    execArgv: ['--expose-gc', '--max-old-space-size=8192', ...extra],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  register?.({ pid: child.pid, stop });
  const pending = new Map();
  let nextId = 0;
  let gone = null;
  child.on('message', (m) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(`our side: ${m.error}`));
  });
  child.on('exit', (code, signal) => {
    gone = new Error(`our side's process (pid ${child.pid}) exited (${signal ?? `code ${code}`})`);
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  });
  const call = (type, ...args) => new Promise((resolve, reject) => {
    if (gone) return reject(gone);
    const id = nextId++;
    pending.set(id, { resolve, reject });
    child.send({ id, type, args });
  });
  try {
    const loaded = await call('load', { omFile, shape, expectedFloats, maxSamples, libUrl: String(libUrl) });
    const side = {
      pid: child.pid,
      answer: (query, range) => call('answer', query, range),
      recover: (query, range) => call('recover', query, range),
      collect: () => call('collect'),
      timed: (query, range) => call('timed', query, range),
      longestBlock: (query, range) => call('longestBlock', query, range),
      gcMs: (windows) => call('gcMs', windows),
    };
    return { side, ...loaded, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
