// A concurrency limit with a bounded queue: at most `running` requests run at once, at most
// `queued` more wait; beyond that a request is refused at once (the API answers 503).

/** Counts running and waiting requests. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** `running` ≥ 1 requests at once; `queued` ≥ 0 may wait for a slot. */
  constructor(readonly running: number, readonly queued: number) {
    if (!(Number.isSafeInteger(running) && running >= 1)) throw new RangeError(`running must be a positive integer, got ${running}`);
    if (!(Number.isSafeInteger(queued) && queued >= 0)) throw new RangeError(`queued must be a non-negative integer, got ${queued}`);
  }

  /** Requests running now. */
  get inFlight(): number {
    return this.active;
  }

  /** Requests waiting now. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /**
   * Waits for a slot and returns its release function (call it exactly once), or returns null at
   * once when the queue is full. A waiter whose `signal` aborts leaves the queue and gets null.
   */
  async acquire(signal?: AbortSignal): Promise<(() => void) | null> {
    if (this.active < this.running) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.length >= this.queued) return null;
    const ok = await new Promise<boolean>((resolve) => {
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(false);
      };
      this.waiting.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    // The slot was handed over by release(): `active` already counts it.
    return ok ? this.releaser() : null;
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}
