// A JSON parser that keeps where each value starts and ends, so problems in dashboard queries can
// point into the file. Linear time, iterative over nesting depth limits of the call stack.

/** A parsed JSON value with its source range `[start, end)`. */
export type JsonNode =
  | { kind: 'object'; start: number; end: number; entries: [string, JsonNode][] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'scalar'; start: number; end: number; value: number | boolean | null };

/** Invalid JSON, at an offset. */
export class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const MAX_DEPTH = 2000;

/** Parses JSON text; throws JsonSyntaxError with the offset of the first problem. */
export function parseJsonWithPositions(text: string): JsonNode {
  let i = 0;
  const fail = (msg: string): never => {
    throw new JsonSyntaxError(msg, i);
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  const str = (): JsonNode => {
    const start = i;
    i++;
    let j = i;
    let simple = true;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 34) break;
      if (c === 92) {
        simple = false;
        j++;
      } else if (c < 32) {
        i = j;
        fail('control character in string');
      }
    }
    if (j >= text.length) fail('unterminated string');
    i = j + 1;
    let value: string;
    try {
      value = simple ? text.slice(start + 1, j) : (JSON.parse(text.slice(start, i)) as string);
    } catch {
      i = start;
      return fail('invalid escape in string');
    }
    return { kind: 'string', start, end: i, value };
  };
  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, JsonNode][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', start, end: i, entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a string key');
        const key = str() as { value: string };
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        entries.push([key.value, value(depth + 1)]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'object', start, end: i, entries };
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', start, end: i, items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', start, end: i, items };
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return fail(i >= text.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(text[i])}`);
    i += m[0].length;
    const v = m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : Number(m[0]);
    return { kind: 'scalar', start, end: i, value: v };
  };
  const root = value(0);
  ws();
  if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the value`);
  return root;
}

/** The value of a key of an object node, or undefined. */
export function field(n: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!n || n.kind !== 'object') return undefined;
  for (const [k, v] of n.entries) if (k === key) return v;
  return undefined;
}
