// Seeded pseudo-random numbers for the differential fixtures and queries: the same seed gives the
// same data and the same queries on every machine.

/** A small deterministic generator (mulberry32) with the helpers the generators need. */
export class Rng {
  constructor(seed) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p) {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick(xs) {
    return xs[Math.floor(this.next() * xs.length)];
  }

  /** One element, chosen by weight: `[[weight, value], …]`. */
  weighted(pairs) {
    const total = pairs.reduce((s, [w]) => s + w, 0);
    let r = this.next() * total;
    for (const [w, v] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1][1];
  }

  /** A random subset of `xs` (order kept), at least `min` long. */
  subset(xs, min = 0) {
    for (;;) {
      const out = xs.filter(() => this.chance(0.5));
      if (out.length >= min) return out;
    }
  }
}
