// Zeroed typed arrays carved from shared slabs: evaluating in batches of steps makes many short
// per-series arrays, and one backing store per 64 Ki elements costs far less to allocate and
// collect than one per array.
//
// Slabs are also reused from one query to the next. A slab handed back to the allocator is given
// back to the operating system, and the next query touches fresh pages again: on a virtual machine
// each such page fault can cost 10 µs or more (`rate` over 384 series: about 1,200 faults, 14 ms of
// a 28 ms query). So the slabs started while queries run are lent, and when no query runs any
// more (every query copies its answer out of the slabs before it ends) they go back to a small
// pool, zeroed as they go there (poisoned instead with poisoning on, and zeroed when taken). A
// slab started while no query runs is never pooled.

const SLAB = 1 << 16;
/** Slabs kept for reuse, of each kind: at most 32 MiB of Float64Array and 4 MiB of Uint8Array. */
const POOL_MAX = 64;
/** What a pooled slab holds until it is taken again, with poisoning on (see {@link setSlabPoisoning}). */
const POISON_F64 = -1.2345678e300;
const POISON_U8 = 0xa5;

type Slab = Float64Array | Uint8Array;

/** One kind of slab: the one being carved, the ones lent to running queries and the pool. */
class Slabs<A extends Slab> {
  current: A;
  used = 0;
  /** Whether `current` was started while a query ran (so may be pooled when none runs). */
  currentLent = false;
  /** Slabs started while queries ran, filled, not yet pooled. */
  readonly lent: A[] = [];
  /** Pooled slabs, each with the length of its prefix that may be non-zero (poisoned). */
  readonly pool: { slab: A; dirty: number }[] = [];

  constructor(private readonly make: () => A, private readonly poison: number) {
    this.current = make();
  }

  /** Starts a new current slab: from the pool when a query runs, else a new one. */
  next(running: boolean): void {
    // Beyond what the pool can take, a full slab is left to the collector.
    if (this.currentLent && this.lent.length < POOL_MAX) this.lent.push(this.current);
    const p = running ? this.pool.pop() : undefined;
    if (p && p.dirty > 0) p.slab.fill(0, 0, p.dirty);
    this.current = p ? p.slab : this.make();
    this.used = 0;
    this.currentLent = running;
  }

  /** No query runs: the lent slabs, and the current one if lent, go to the pool (up to its size). */
  recycle(poisoning: boolean): void {
    for (const slab of this.lent) this.put(slab, slab.length, poisoning);
    this.lent.length = 0;
    if (this.currentLent) {
      this.put(this.current, this.used, poisoning);
      // Pooled now: nothing more is carved from it (the next array starts a slab).
      this.used = this.current.length;
      this.currentLent = false;
    }
  }

  /** A query starts while none ran: carve from a slab that may be pooled when they end. */
  lend(): void {
    if (this.currentLent) return;
    // A slab nothing was carved from yet can be lent as it is.
    if (this.used === 0) this.currentLent = true;
    else this.next(true);
  }

  /**
   * Pools a slab. Its used part is zeroed now, while the query that used it has it in the CPU's
   * caches, rather than when a later query takes it (after an idle moment, a small query spent
   * several times longer on that); with poisoning, it holds the poison until taken instead.
   */
  private put(slab: A, dirty: number, poisoning: boolean): void {
    if (this.pool.length >= POOL_MAX) return;
    if (poisoning) {
      slab.fill(this.poison, 0, (dirty = slab.length));
    } else if (dirty > 0) {
      slab.fill(0, 0, dirty);
      dirty = 0;
    }
    this.pool.push({ slab, dirty });
  }
}

const f64s = new Slabs(() => new Float64Array(SLAB), POISON_F64);
const u8s = new Slabs(() => new Uint8Array(SLAB), POISON_U8);
let running = 0;
let poisoning = false;

/**
 * A zeroed Float64Array of n elements. Small ones are views into a shared slab (never handed out
 * twice while a query that may hold them runs), so they must not be transferred or grown through
 * their buffer, nor kept after the query that made them ends.
 */
export function f64(n: number): Float64Array {
  if (n > SLAB >> 4) return new Float64Array(n);
  if (f64s.used + n > SLAB) f64s.next(running > 0);
  const a = f64s.current.subarray(f64s.used, f64s.used + n);
  f64s.used += n;
  return a;
}

/** A zeroed Uint8Array of n elements, as {@link f64}, starting at a multiple of 4 bytes in its buffer. */
export function u8(n: number): Uint8Array {
  if (n > SLAB >> 4) return new Uint8Array(n);
  if (u8s.used + n > SLAB) u8s.next(running > 0);
  const a = u8s.current.subarray(u8s.used, u8s.used + n);
  // Each array starts 4-byte aligned, so that countOnes can read its flags as words.
  u8s.used += (n + 3) & ~3;
  return a;
}

/**
 * Marks a query as running until the returned function is called (once, when the query has
 * copied its answer out of the slabs or failed). When the last running query ends, the slabs
 * started since go back to the pool.
 */
export function slabQuery(): () => void {
  running++;
  if (running === 1) {
    f64s.lend();
    u8s.lend();
  }
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    if (--running > 0) return;
    f64s.recycle(poisoning);
    u8s.recycle(poisoning);
  };
}

/**
 * For tests: pooled slabs are filled with a value no query computes (-1.2345678e300, flags 0xa5)
 * until taken again, so that an array kept after its query ended shows up as wrong data.
 */
export function setSlabPoisoning(on: boolean): void {
  poisoning = on;
}

/** For tests: how many slabs (both kinds together) are pooled and lent, and how many queries run. */
export function slabState(): { pooled: number; lent: number; running: number } {
  return { pooled: f64s.pool.length + u8s.pool.length, lent: f64s.lent.length + u8s.lent.length, running };
}
