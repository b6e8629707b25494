// The fast path of the JSON fixture loader: one scan of the text straight into a SampleBuffer, no
// node per value. It reads only the common shape (string labels without escapes, samples of
// integer timestamps and number or plain string values) and gives up (null) on anything else,
// histograms and every error included: the positioned parser then loads or reports it.
import { labelsFrom, type Labels } from './labels.js';
import { SampleBuffer } from './sample-buffer.js';
import { STALE_NAN } from './stale.js';
import { parseGoFloat } from '../util/go-numbers.js';
import { plainFloat } from './exposition-scan.js';
import { detach } from './detach.js';

/** What the fast path read: series `i` is `labels[i]`. */
export interface ScannedFixture {
  readonly labels: Labels[];
  readonly samples: SampleBuffer;
}

/** Thrown inside the scan to give up; never escapes {@link scanJSONFixture}. */
const GIVE_UP = Symbol('give up');

class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    const s = this.s;
    let c;
    while (this.i < s.length && ((c = s.charCodeAt(this.i)) === 32 || c === 10 || c === 13 || c === 9)) this.i++;
  }

  /** Skips blanks, then expects `ch` (a char code). */
  expect(ch: number): void {
    this.ws();
    if (this.s.charCodeAt(this.i) !== ch) throw GIVE_UP;
    this.i++;
  }

  /** Skips blanks; true (and consumed) when the next char is `ch`. */
  accept(ch: number): boolean {
    this.ws();
    if (this.s.charCodeAt(this.i) !== ch) return false;
    this.i++;
    return true;
  }

  /** A string without escapes, control characters or surrogates. */
  string(): string {
    this.expect(34);
    const s = this.s;
    const from = this.i;
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.i = i + 1;
        return s.slice(from, i);
      }
      if (c === 92 || c < 32 || (c >= 0xd800 && c <= 0xdfff)) throw GIVE_UP;
    }
    throw GIVE_UP;
  }

  /** A JSON number (its grammar checked, its value as JSON.parse reads it), finite. */
  number(): number {
    this.ws();
    const s = this.s;
    const from = this.i;
    let i = from;
    if (s.charCodeAt(i) === 45) i++;
    const int = i;
    while (isDigit(s.charCodeAt(i))) i++;
    if (i === int || (s.charCodeAt(int) === 48 && i - int > 1)) throw GIVE_UP;
    if (s.charCodeAt(i) === 46) {
      const frac = ++i;
      while (isDigit(s.charCodeAt(i))) i++;
      if (i === frac) throw GIVE_UP;
    }
    let c = s.charCodeAt(i);
    if (c === 101 || c === 69) {
      c = s.charCodeAt(++i);
      if (c === 43 || c === 45) i++;
      const exp = i;
      while (isDigit(s.charCodeAt(i))) i++;
      if (i === exp) throw GIVE_UP;
    }
    const v = plainFloat(s, from, i);
    if (v !== v) throw GIVE_UP;
    this.i = i;
    return v;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The fixture's series and samples, or null when the fast path does not read this text. */
export function scanJSONFixture(text: string): ScannedFixture | null {
  const sc = new Scanner(text);
  const labels: Labels[] = [];
  const samples = new SampleBuffer();
  try {
    sc.expect(91 /* [ */);
    if (!sc.accept(93 /* ] */)) {
      do item(sc, labels.length, labels, samples);
      while (sc.accept(44 /* , */));
      sc.expect(93);
    }
    sc.ws();
    if (sc.i !== text.length) return null;
  } catch (e) {
    if (e === GIVE_UP) return null;
    throw e;
  }
  return { labels, samples };
}

/** One `{"labels": {…}, "samples": […]}` object, in either order, no other keys. */
function item(sc: Scanner, idx: number, labels: Labels[], samples: SampleBuffer): void {
  sc.expect(123 /* { */);
  let seenLabels = false;
  let seenSamples = false;
  do {
    const key = sc.string();
    sc.expect(58 /* : */);
    if (key === 'labels' && !seenLabels) {
      seenLabels = true;
      labels[idx] = labelSet(sc);
    } else if (key === 'samples' && !seenSamples) {
      seenSamples = true;
      sampleList(sc, idx, samples);
    } else throw GIVE_UP;
  } while (sc.accept(44));
  sc.expect(125 /* } */);
  if (!seenLabels || !seenSamples) throw GIVE_UP;
}

function labelSet(sc: Scanner): Labels {
  sc.expect(123);
  const pairs: [string, string][] = [];
  if (!sc.accept(125)) {
    do {
      const name = sc.string();
      sc.expect(58);
      pairs.push([detach(name), detach(sc.string())]);
    } while (sc.accept(44));
    sc.expect(125);
  }
  try {
    return labelsFrom(pairs);
  } catch {
    throw GIVE_UP;
  }
}

function sampleList(sc: Scanner, idx: number, samples: SampleBuffer): void {
  sc.expect(91);
  if (sc.accept(93)) return;
  do {
    sc.expect(91);
    const t = sc.number();
    if (!Number.isSafeInteger(t)) throw GIVE_UP;
    sc.expect(44);
    sc.ws();
    if (sc.s.charCodeAt(sc.i) === 34) {
      const str = sc.string();
      if (str === 'stale') samples.pushStale(idx, t, STALE_NAN);
      else {
        if (str.trimStart().startsWith('{{')) throw GIVE_UP;
        let v: number;
        try {
          v = parseGoFloat(str);
        } catch {
          throw GIVE_UP;
        }
        samples.push(idx, t, v);
      }
    } else samples.push(idx, t, sc.number());
    sc.expect(93);
  } while (sc.accept(44));
  sc.expect(93);
}
