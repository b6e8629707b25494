// `promql serve` as a child process for the comparison: started on a free loopback port,
// stopped by its pid.
import { spawn } from 'node:child_process';

/** A running `promql serve`. Contract: `start` resolves once it listens; `stop` kills it by pid. */
export class PromqlServe {
  constructor(cli, files, extraArgs = []) {
    this.cli = cli;
    this.files = files;
    this.extraArgs = extraArgs;
    this.child = null;
    this.base = null;
    this.stderr = '';
  }

  async start() {
    this.child = spawn(process.execPath, [this.cli, 'serve', '--listen', '127.0.0.1:0', ...this.extraArgs, ...(this.files.length ? ['--data', ...this.files] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`promql serve did not start: ${this.stderr}`)), 30_000);
      this.child.stderr.on('data', (d) => {
        this.stderr += d;
        const m = /listening on (http:\/\/\S+?)\/?$/m.exec(this.stderr);
        if (m && !this.base) {
          this.base = m[1];
          clearTimeout(t);
          resolve();
        }
      });
      this.child.once('exit', (code) => {
        clearTimeout(t);
        reject(new Error(`promql serve exited (${code}): ${this.stderr}`));
      });
    });
  }

  get pid() {
    return this.child?.pid ?? null;
  }

  async stop() {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    process.kill(c.pid, 'SIGTERM');
    const t = setTimeout(() => {
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch { /* gone */ }
    }, 5000);
    await gone;
    clearTimeout(t);
  }
}
