// Skip lists: evals not run, each with its reason, kept as data (JSON) rather than in code.

/** One skip entry: a whole file (no `line`) or one eval by the line of its `eval` command. */
export interface SkipEntry {
  readonly file: string;
  readonly line?: number;
  readonly reason: string;
}

/** Parses and validates a skip list. */
export function loadSkipList(text: string, name = 'skip list'): SkipEntry[] {
  const data: unknown = JSON.parse(text);
  if (!Array.isArray(data)) throw new Error(`${name}: expected a JSON array`);
  data.forEach((e, i) => {
    const ok = e && typeof e.file === 'string' && typeof e.reason === 'string' && e.reason !== ''
      && (e.line === undefined || Number.isInteger(e.line));
    if (!ok) throw new Error(`${name}: entry ${i} needs "file", "reason" and an optional integer "line"`);
  });
  return data as SkipEntry[];
}

/** The skip function for one file (matched by base name). */
export function skipFor(list: readonly SkipEntry[], file: string): (line: number) => string | undefined {
  const entries = list.filter((e) => e.file === file);
  const whole = entries.find((e) => e.line === undefined);
  const byLine = new Map(entries.filter((e) => e.line !== undefined).map((e) => [e.line!, e.reason]));
  return (line) => whole?.reason ?? byLine.get(line);
}
