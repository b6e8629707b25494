// Parser of the promqltest script format (`load`, `clear`, `eval` with expectations), following
// Prometheus's promql/promqltest/test.go line by line where behaviour depends on it.
import { parsePromNumber } from '../util/go-numbers.js';
import { parseDurationMs } from '../util/durations.js';
import { ExpansionBudget, parseMetric, parseSeriesLine, parseStartOffsets, SeriesNotationError, type SeriesLine } from '../storage/series-notation.js';
import { labelsKey } from '../storage/labels.js';
import { parse } from '../parser/parse.js';
import { PROMQLTEST_ENGINE_PRESET } from '../eval/engine.js';

/** An expectation about annotations or failure: `expect warn msg: …`. */
export interface ExpectLine {
  readonly kind: 'ordered' | 'fail' | 'warn' | 'no_warn' | 'info' | 'no_info';
  /** null: anything matches. */
  readonly match: { readonly mode: 'msg' | 'regex'; readonly text: string } | null;
}

/** Expected series of an eval: labels, its position (for `ordered`), and expanded points. */
export interface ExpectedSeries {
  readonly series: SeriesLine;
  readonly pos: number;
}

export interface LoadCommand {
  readonly kind: 'load';
  readonly line: number;
  readonly interval: number;
  readonly nhcb: boolean;
  readonly series: { readonly line: number; readonly data: SeriesLine }[];
  /** Set when the block uses syntax this runner cannot load (e.g. `@st` lines). */
  readonly unsupported: string | null;
}

export interface EvalCommand {
  readonly kind: 'eval';
  readonly line: number;
  readonly query: string;
  readonly instant: boolean;
  /** Instant: evaluation time. Range: start/end/step. All ms. */
  evalTime: number;
  start: number;
  end: number;
  step: number;
  ordered: boolean;
  fail: boolean;
  warn: boolean;
  info: boolean;
  expectedFailMessage: string | null;
  expectedFailRegexp: string | null;
  readonly expects: ExpectLine[];
  /** Expected series keyed by label key (a later line for the same labels replaces the earlier). */
  readonly expected: Map<string, ExpectedSeries>;
  expectScalar: number | null;
  expectString: string | null;
  excludeFromRangeQuery: boolean;
}

export type Command = LoadCommand | EvalCommand | { readonly kind: 'clear'; readonly line: number };

/** A script syntax error, with its 1-based line. */
export class ScriptError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

const PAT_LOAD = /^load(?:_(with_nhcb))?\s+(.+?)$/;
const PAT_EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const PAT_EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const PAT_EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const PAT_EXPECT_RANGE = /^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$/;

function duration(s: string, line: number, what: string): number {
  try {
    return parseDurationMs(s);
  } catch (e) {
    throw new ScriptError(line, `invalid ${what} ${JSON.stringify(s)}: ${(e as Error).message}`);
  }
}

function seriesLine(text: string, line: number, budget: ExpansionBudget): SeriesLine {
  try {
    return parseSeriesLine(text, budget);
  } catch (e) {
    const col = e instanceof SeriesNotationError ? e.column : 1;
    throw new ScriptError(line, `${line}:${col}: ${(e as Error).message}`);
  }
}

/** Go `strconv.ParseInt(s, 0, 64)` then `ParseFloat`; null when neither accepts it. */
function parseNumberLine(s: string): number | null {
  if (!/^[+-]?(0[xXoObB])?[0-9a-fA-F_.]+([eEpP][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(s)) return null;
  try {
    return parsePromNumber(s.replace(/^\+(?=\d)/, ''));
  } catch {
    return null;
  }
}

/** Lines trimmed, `#` comment lines blanked, as Prometheus's `getLines`. */
function getLines(text: string): string[] {
  return text.split('\n').map((l) => {
    const t = l.trim();
    return t.startsWith('#') ? '' : t;
  });
}

function parseLoad(lines: string[], i: number, budget: ExpansionBudget): [LoadCommand, number] {
  const m = PAT_LOAD.exec(lines[i])!;
  const line = i + 1;
  const interval = duration(m[2], i + 1, 'load interval');
  const series: { line: number; data: SeriesLine }[] = [];
  const unsupported: string | null = null;
  const index = new Map<string, number>();
  while (i + 1 < lines.length && lines[i + 1] !== '') {
    i++;
    let data: SeriesLine;
    const st = /^(\S*?)@st(\s.*)?$/.exec(lines[i]);
    if (st && !lines[i].startsWith('{{')) {
      const stLine = i + 1;
      let offsets: (number | null)[];
      try {
        offsets = parseStartOffsets(st[2] ?? '', st[1].length + 3, budget);
      } catch (e) {
        const col = e instanceof SeriesNotationError ? e.column : 1;
        throw new ScriptError(stLine, `${stLine}:${col}: ${(e as Error).message}`);
      }
      if (i + 1 >= lines.length || lines[i + 1] === '') throw new ScriptError(stLine, '@st line has no following sample line');
      i++;
      const sample = seriesLine(lines[i], i + 1, budget);
      if (labelsKey(parseMetric(st[1])) !== labelsKey(sample.labels)) throw new ScriptError(stLine, '@st metric does not match the following sample line metric');
      if (offsets.length !== sample.points.length) throw new ScriptError(stLine, `@st line has ${offsets.length} values but sample line has ${sample.points.length}`);
      data = { ...sample, startOffsets: offsets };
    } else {
      data = seriesLine(lines[i], i + 1, budget);
    }
    const k = labelsKey(data.labels);
    const at = index.get(k);
    if (at !== undefined) series[at] = { line: i + 1, data };
    else {
      index.set(k, series.length);
      series.push({ line: i + 1, data });
    }
  }
  return [{ kind: 'load', line, interval, nhcb: m[1] !== undefined, series, unsupported }, i];
}

function parseEval(lines: string[], i: number, budget: ExpansionBudget): [EvalCommand, number] {
  const inst = PAT_EVAL_INSTANT.exec(lines[i]);
  const rng = inst ? null : PAT_EVAL_RANGE.exec(lines[i]);
  const lineNo = i + 1;
  if (!inst && !rng) {
    throw new ScriptError(lineNo, "invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at <offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step <step> <query>'");
  }
  const mod = inst ? inst[1] : rng![1];
  const query = inst ? inst[3] : rng![5];
  try {
    parse(query, PROMQLTEST_ENGINE_PRESET.parser);
  } catch (e) {
    throw new ScriptError(lineNo, `invalid query ${JSON.stringify(query)}: ${(e as Error).message}`);
  }
  const cmd: EvalCommand = {
    kind: 'eval', line: lineNo, query, instant: !!inst, evalTime: 0, start: 0, end: 0, step: 0,
    ordered: mod === 'ordered', fail: mod === 'fail', warn: mod === 'warn', info: mod === 'info',
    expectedFailMessage: null, expectedFailRegexp: null, expects: [], expected: new Map(),
    expectScalar: null, expectString: null, excludeFromRangeQuery: false,
  };
  if (inst) {
    cmd.evalTime = duration(inst[2] ?? '', lineNo, 'timestamp definition');
  } else {
    cmd.start = duration(rng![2], lineNo, 'range start');
    cmd.end = duration(rng![3], lineNo, 'range end');
    cmd.step = duration(rng![4], lineNo, 'range step');
    if (cmd.end < cmd.start) throw new ScriptError(lineNo, `invalid test definition, end timestamp (${rng![3]}) is before start timestamp (${rng![2]})`);
  }
  let expectRange = false;
  for (let j = 1; i + 1 < lines.length; j++) {
    i++;
    const def = lines[i];
    if (def === '') {
      i--;
      break;
    }
    if (cmd.fail && def.startsWith('expected_fail_message')) {
      cmd.expectedFailMessage = def.slice('expected_fail_message'.length).trim();
      break;
    }
    if (cmd.fail && def.startsWith('expected_fail_regexp')) {
      cmd.expectedFailRegexp = def.slice('expected_fail_regexp'.length).trim();
      break;
    }
    if (def.startsWith('expect range vector')) {
      const m = PAT_EXPECT_RANGE.exec(def);
      if (!m) throw new ScriptError(i + 1, `invalid range vector definition ${JSON.stringify(def)}`);
      cmd.start = duration(m[1], i + 1, 'range start');
      cmd.end = duration(m[2], i + 1, 'range end');
      cmd.step = duration(m[3], i + 1, 'range step');
      cmd.evalTime = cmd.end;
      cmd.excludeFromRangeQuery = true;
      expectRange = true;
      continue;
    }
    if (def.startsWith('expect string')) {
      const lit = def.slice('expect string'.length).trimStart();
      let e;
      try {
        e = parse(lit);
      } catch {
        e = null;
      }
      if (!e || e.type !== 'StringLiteral') {
        throw new ScriptError(i + 1, 'expected string literal not valid - check that the string is correctly quoted');
      }
      cmd.expectString = e.value;
      cmd.excludeFromRangeQuery = true;
      continue;
    }
    if (def.split(' ')[0] === 'expect') {
      const m = PAT_EXPECT.exec(def);
      if (!m) throw new ScriptError(i + 1, `invalid expect statement ${JSON.stringify(def)}`);
      cmd.expects.push({ kind: m[1] as ExpectLine['kind'], match: m[2] ? { mode: m[2] as 'msg' | 'regex', text: m[3].trim() } : null });
      validateExpects(cmd, i + 1);
      j--;
      continue;
    }
    const num = parseNumberLine(def);
    if (num !== null) {
      cmd.expectScalar = num;
      break;
    }
    const s = seriesLine(def, i + 1, budget);
    if (s.points.length > 1 && cmd.instant && !expectRange) {
      throw new ScriptError(i + 1, 'expecting multiple values in instant evaluation not allowed. consider using \'expect range vector\' directive to enable a range vector result for an instant query');
    }
    cmd.expected.set(labelsKey(s.labels), { series: s, pos: j });
  }
  if (cmd.expects.some((e) => e.kind === 'ordered')) cmd.ordered = true;
  if (cmd.expects.some((e) => e.kind === 'fail')) cmd.fail = true;
  return [cmd, i];
}

function validateExpects(cmd: EvalCommand, line: number): void {
  const has = (k: ExpectLine['kind']) => cmd.expects.some((e) => e.kind === k);
  if (has('info') && has('no_info')) throw new ScriptError(line, 'info and no_info cannot be used together');
  if (has('warn') && has('no_warn')) throw new ScriptError(line, 'warn and no_warn cannot be used together');
  if (cmd.expects.filter((e) => e.kind === 'fail').length > 1) throw new ScriptError(line, 'multiple expect fail lines are not allowed');
}

/**
 * Parses a whole script into commands. Throws ScriptError on syntax errors, and when the series
 * lines (loaded and expected) would expand beyond MAX_SERIES_POINTS per line or MAX_LOAD_POINTS in all.
 */
export function parseScript(text: string): Command[] {
  const lines = getLines(text);
  const budget = new ExpansionBudget();
  const out: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l === '') continue;
    const word = l.split(/\s+/)[0].toLowerCase();
    if (word === 'clear') out.push({ kind: 'clear', line: i + 1 });
    else if (word.startsWith('load')) {
      if (!PAT_LOAD.test(l)) throw new ScriptError(i + 1, `invalid load command ${JSON.stringify(l)}`);
      const [cmd, next] = parseLoad(lines, i, budget);
      out.push(cmd);
      i = next;
    } else if (word.startsWith('eval')) {
      const [cmd, next] = parseEval(lines, i, budget);
      out.push(cmd);
      i = next;
    } else {
      throw new ScriptError(i + 1, `invalid command ${JSON.stringify(l)}`);
    }
  }
  return out;
}
