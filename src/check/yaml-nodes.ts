// Reading a parsed YAML document node by node as Go's yaml.v3 decodes it: aliases stand for their
// anchored node, and `<<` merge keys bring in the pairs of the maps they name.
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

/** Parse options that keep `<<` merge keys recognisable (their key becomes a symbol). */
export const YAML_OPTIONS = { uniqueKeys: false, prettyErrors: false, merge: true } as const;

/** The node an alias stands for (itself when not an alias); undefined for an alias to an unknown anchor. */
export function deref(doc: Document, node: unknown): unknown {
  let n = node;
  // An alias may name another alias' anchor only through a node, so one step resolves it; the loop
  // bounds pathological chains anyway.
  for (let i = 0; i < 100 && isAlias(n); i++) n = n.resolve(doc);
  return n;
}

/** Whether a pair is a `<<` merge key (plain, not quoted). */
export function isMergePair(pair: Pair): boolean {
  return isScalar(pair.key) && typeof pair.key.value === 'symbol';
}

/**
 * The pairs of a map with merge keys expanded: explicit keys win over merged ones, and among
 * merged maps (`<<: [*a, *b]`) the earlier wins. A merge value that is not a map (or list of maps)
 * is returned in `bad` to be reported.
 */
export function mapPairs(doc: Document, map: YAMLMap, depth = 0): { pairs: Pair[]; bad: Node[] } {
  const pairs: Pair[] = [];
  const bad: Node[] = [];
  const merged: Pair[] = [];
  for (const pair of map.items) {
    if (!isMergePair(pair)) {
      pairs.push(pair);
      continue;
    }
    const v = deref(doc, pair.value);
    const sources = isSeq(v) ? v.items.map((i) => deref(doc, i)) : [v];
    for (const s of sources) {
      if (isMap(s) && depth < 20) merged.push(...mapPairs(doc, s, depth + 1).pairs);
      else bad.push((s ?? pair.key) as Node);
    }
  }
  const key = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : '');
  const explicit = new Set(pairs.map(key));
  const taken = new Set<string>();
  for (const p of merged) {
    const k = key(p);
    if (explicit.has(k) || taken.has(k)) continue;
    taken.add(k);
    pairs.push(p);
  }
  return { pairs, bad };
}

/**
 * Keys written in a map that a merge in the same map also brings in. Go's yaml.v2 strict decoding
 * (promtool's rule tests) refuses them (`key "x" already set in map`); yaml.v3 (rule files) lets
 * the written key win.
 */
export function mergeConflicts(doc: Document): { key: string; node: Node }[] {
  const out: { key: string; node: Node }[] = [];
  const name = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : '');
  visit(doc, {
    Map(_, map) {
      const merges = map.items.filter(isMergePair);
      if (merges.length === 0) return;
      const merged = new Set<string>();
      for (const m of merges) {
        const v = deref(doc, m.value);
        for (const src of isSeq(v) ? v.items.map((i) => deref(doc, i)) : [v]) {
          if (isMap(src)) for (const q of mapPairs(doc, src).pairs) merged.add(name(q));
        }
      }
      for (const p of map.items) if (!isMergePair(p) && merged.has(name(p))) out.push({ key: name(p), node: p.key as Node });
    },
  });
  return out;
}
