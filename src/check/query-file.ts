// Splitting a `.promql` file into queries, each with its starting line.

/** One query read from a file, with the 1-based line it starts on. */
export interface FileQuery {
  text: string;
  line: number;
}

const CONTINUATION = /^\s|^(?:[-+*/%^)\]}=!<>,@]|(?:and|or|unless|on|ignoring|group_left|group_right|bool|by|without|offset|atan2)\b)/i;

function unbalanced(text: string): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
  }
  return depth > 0 || quote === '`';
}

/**
 * Reads queries from a query file. Blank lines separate queries; a line continues the previous
 * query when it is indented, starts with an operator or modifier, or the query so far has an
 * open bracket. Lines starting with `#` between queries are comments.
 */
export function splitQueries(content: string): FileQuery[] {
  const out: FileQuery[] = [];
  let cur: FileQuery | null = null;
  content.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      if (cur && !unbalanced(cur.text)) cur = null;
      else if (cur) cur.text += '\n';
      return;
    }
    if (!cur && /^\s*#/.test(line)) return;
    if (cur && (CONTINUATION.test(line) || unbalanced(cur.text))) {
      cur.text += '\n' + line;
      return;
    }
    cur = { text: line, line: i + 1 };
    out.push(cur);
  });
  return out;
}
