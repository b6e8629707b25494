// Label sets: immutable, sorted by name, compared and keyed exactly as Prometheus's
// `model/labels` does (byte order of UTF-8, so `__name__` sorts between upper and lower case).
import { goQuote } from '../util/go-format.js';
import { isLegacyLabelName } from '../parser/labels.js';
import { HASH_START, hashOn, shardMark, WeakCache } from '../util/split-maps.js';

/** One label. */
export interface Label {
  readonly name: string;
  readonly value: string;
}

/** A label set: labels sorted by name (UTF-8 byte order), names unique, no empty values. */
export type Labels = readonly Label[];

/** The metric-name label. */
export const METRIC_NAME = '__name__';

/** The empty label set. */
export const EMPTY_LABELS: Labels = Object.freeze([]);

/**
 * Compares two strings in UTF-8 byte order, as Go compares strings. UTF-16 code-unit order differs
 * from code-point order only between surrogates and U+E000–U+FFFF, which this corrects.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** `labels.Compare`: name then value pair by pair; a prefix sorts first. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const la = a[i];
    const lb = b[i];
    if (la.name !== lb.name) return compareStrings(la.name, lb.name);
    if (la.value !== lb.value) return compareStrings(la.value, lb.value);
  }
  return a.length - b.length;
}

/** Builds a label set from an object or pairs: sorted, empty values dropped. */
export function labelsFrom(input: Readonly<Record<string, string>> | Iterable<readonly [string, string]>): Labels {
  const pairs = Symbol.iterator in input ? [...(input as Iterable<readonly [string, string]>)] : Object.entries(input);
  const out: Label[] = [];
  for (const [name, value] of pairs) if (value !== '') out.push({ name, value });
  out.sort((x, y) => compareStrings(x.name, y.name));
  for (let i = 1; i < out.length; i++) {
    if (out[i].name === out[i - 1].name) throw new Error(`duplicate label name ${goQuote(out[i].name)}`);
  }
  return Object.freeze(out);
}

/** The label set as a plain object, in label order. */
export function labelsToObject(ls: Labels): Record<string, string> {
  const o: Record<string, string> = {};
  for (const l of ls) o[l.name] = l.value;
  return o;
}

const keys = new WeakCache<Labels, string>();

/** A string that identifies the label set (equal sets give equal keys). Cached per object. */
export function labelsKey(ls: Labels): string {
  let k = keys.get(ls);
  if (k === undefined) {
    // Led by a character from the labels' hash, which picks the key's shard in a StringMap. Joined
    // rather than concatenated: one flat string, not a rope.
    const parts = new Array<string>(ls.length + 1);
    let h = HASH_START;
    for (let i = 0; i < ls.length; i++) {
      const { name, value } = ls[i];
      h = hashOn(hashOn(h, name), value);
      parts[i + 1] = `${name.length}:${name}${value.length}:${value}`;
    }
    parts[0] = shardMark(h);
    k = parts.join('');
    keys.set(ls, k);
  }
  return k;
}

/** The value of a label, or "" when absent. */
export function getLabel(ls: Labels, name: string): string {
  for (const l of ls) if (l.name === name) return l.value;
  return '';
}

/** The label set without the named labels. Returns the same object when nothing is removed. */
export function withoutLabels(ls: Labels, names: ReadonlySet<string>): Labels {
  if (!ls.some((l) => names.has(l.name))) return ls;
  return Object.freeze(ls.filter((l) => !names.has(l.name)));
}

/** The label set restricted to the named labels. */
export function onlyLabels(ls: Labels, names: ReadonlySet<string>): Labels {
  return Object.freeze(ls.filter((l) => names.has(l.name)));
}

/** The label set with one label set to a value ("" deletes it). */
export function setLabel(ls: Labels, name: string, value: string): Labels {
  const out = ls.filter((l) => l.name !== name);
  if (value !== '') {
    out.push({ name, value });
    out.sort((x, y) => compareStrings(x.name, y.name));
  }
  return Object.freeze(out);
}

const METADATA = new Set([METRIC_NAME, '__type__', '__unit__']);

const dropped = new WeakCache<Labels, Labels>();

/** The label set without `__name__`, `__type__` and `__unit__` (Prometheus `DropReserved`). Cached per object. */
export function dropMetricName(ls: Labels): Labels {
  let d = dropped.get(ls);
  if (d === undefined) dropped.set(ls, (d = withoutLabels(ls, METADATA)));
  return d;
}

function quoteName(name: string): string {
  return isLegacyLabelName(name) ? name : goQuote(name);
}

/** `labels.String()`: `{a="1", b="2"}`, names quoted when not legacy-valid. */
export function formatLabels(ls: Labels): string {
  return '{' + ls.map((l) => `${quoteName(l.name)}=${goQuote(l.value)}`).join(', ') + '}';
}
