// Positions in checked files: line/column of an offset, and the file position of each character
// of a string value whose source spelling differs (quotes, escapes, folded or indented lines).
import { lastAtOrBefore } from './search.js';

/** Line starts of a text, for offset → line/column lookups. */
export class Lines {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** 1-based line and column of an offset. */
  at(offset: number): { line: number; column: number } {
    const i = Math.max(0, lastAtOrBefore(this.starts, offset));
    return { line: i + 1, column: offset - this.starts[i] + 1 };
  }
}

const SPACE = /\s/;

/**
 * Maps each character of `value` to an offset in `text[start, end)`, the source spelling of that
 * value, by matching characters forward: quotes, escape backslashes, indentation and line folds in
 * the source are skipped over. `skipHeader` skips a YAML block-scalar header line (`|-`, `>2`).
 */
export function mapValue(text: string, start: number, end: number, value: string, skipHeader: boolean): (i: number) => number {
  // Built on first use: most queries never need a position.
  let map: Int32Array | null = null;
  return (i) => {
    map ??= buildMap(text, start, end, value, skipHeader);
    return map[Math.max(0, Math.min(i, value.length))];
  };
}

function buildMap(text: string, start: number, end: number, value: string, skipHeader: boolean): Int32Array {
  const map = new Int32Array(value.length + 1);
  let j = start;
  if (skipHeader) {
    const nl = text.indexOf('\n', start);
    j = nl < 0 || nl >= end ? start : nl + 1;
  }
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const space = SPACE.test(c);
    let k = j;
    while (k < end && !(text[k] === c || (space && SPACE.test(text[k])))) k++;
    // An escape (`\n`, `\u00e9`) does not appear literally: leave the position where it was.
    if (k >= end) k = j;
    map[i] = k;
    j = k < end ? k + 1 : k;
  }
  map[value.length] = Math.min(j, end);
  return map;
}
