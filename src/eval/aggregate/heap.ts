// Go's container/heap over (series, value) items, and Go's reverse sort of a small heap, so that
// topk/bottomk select and order ties and NaNs exactly as Prometheus does.

/** A candidate: input series index and its value at the step. */
export interface Item {
  s: number;
  f: number;
}

/** The heap order: true when a sorts before b. */
export type Less = (a: number, b: number) => boolean;

/** topk's order (a NaN is smallest). */
export const valueLess: Less = (a, b) => Number.isNaN(a) || a < b;
/** bottomk's order (a NaN is largest). */
export const reverseLess: Less = (a, b) => Number.isNaN(a) || a > b;


export function up(h: Item[], j: number, less: Less): void {
  for (;;) {
    const i = Math.trunc((j - 1) / 2);
    if (i === j || !less(h[j].f, h[i].f)) break;
    const t = h[i];
    h[i] = h[j];
    h[j] = t;
    j = i;
  }
}

export function down(h: Item[], i0: number, less: Less): boolean {
  const n = h.length;
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n) break;
    let j = j1;
    if (j1 + 1 < n && less(h[j1 + 1].f, h[j1].f)) j = j1 + 1;
    if (!less(h[j].f, h[i].f)) break;
    const t = h[i];
    h[i] = h[j];
    h[j] = t;
    i = j;
  }
  return i > i0;
}

export function push(h: Item[], x: Item, less: Less): void {
  h.push(x);
  up(h, h.length - 1, less);
}

/** Go's sort.Sort(sort.Reverse(h)): insertion sort for small inputs, as Go's pdqsort does. */
export function sortReverse(h: Item[], less: Less): void {
  const rless = (a: Item, b: Item) => less(b.f, a.f);
  if (h.length <= 12) {
    for (let i = 1; i < h.length; i++) {
      for (let j = i; j > 0 && rless(h[j], h[j - 1]); j--) [h[j], h[j - 1]] = [h[j - 1], h[j]];
    }
    return;
  }
  h.sort((a, b) => (rless(a, b) ? -1 : rless(b, a) ? 1 : 0));
}
