// Splitting a `.promql` file into queries, each with its starting line.

/** One query read from a file, with the 1-based line it starts on. */
export interface FileQuery {
  text: string;
  line: number;
}

const CONTINUATION = /^\s|^(?:[-+*/%^)\]}=!<>,@]|(?:and|or|unless|on|ignoring|group_left|group_right|bool|by|without|offset|atan2)\b)/i;

/**
 * Bracket and quote state of a query read so far, fed line by line (scanning only the new text:
 * a query thousands of lines long is read in linear time).
 */
class Balance {
  private depth = 0;
  private quote = '';
  private comment = false;
  private escaped = false;

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (this.escaped) this.escaped = false;
      else if (this.comment) this.comment = c !== '\n';
      else if (this.quote) {
        if (c === '\\' && this.quote !== '`') this.escaped = true;
        else if (c === this.quote) this.quote = '';
      } else if (c === '"' || c === "'" || c === '`') this.quote = c;
      else if (c === '#') this.comment = true;
      else if ('([{'.includes(c)) this.depth++;
      else if (')]}'.includes(c)) this.depth--;
    }
  }

  /** An open bracket or raw string: the query goes on. */
  get open(): boolean {
    return this.depth > 0 || this.quote === '`';
  }
}

/**
 * Reads queries from a query file. Blank lines separate queries; a line continues the previous
 * query when it is indented, starts with an operator or modifier, or the query so far has an
 * open bracket. Lines starting with `#` between queries are comments.
 */
export function splitQueries(content: string): FileQuery[] {
  const out: FileQuery[] = [];
  let cur: FileQuery | null = null;
  let balance = new Balance();
  const append = (text: string) => {
    cur!.text += text;
    balance.feed(text);
  };
  content.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      if (cur && !balance.open) cur = null;
      else if (cur) append('\n');
      return;
    }
    if (!cur && /^\s*#/.test(line)) return;
    if (cur && (CONTINUATION.test(line) || balance.open)) {
      append('\n' + line);
      return;
    }
    cur = { text: line, line: i + 1 };
    balance = new Balance();
    balance.feed(line);
    out.push(cur);
  });
  return out;
}
