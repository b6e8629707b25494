// Parsing Go text/template source, for alert labels and annotations: text, actions with
// pipelines, if/else/with, variables, fields, literals and trim markers.
import { goNumber, goUnquote, NUMBER_TOKEN } from './template-literals.js';

/** An operand or command argument, with where it starts in the template and its source text. */
export type Arg = (
  | { kind: 'field'; base: string | null; path: string[] } // $var.a.b (base "$var") or .a.b (base null)
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; int?: bigint; overflows?: true; loc?: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'ident'; name: string }
  | { kind: 'pipe'; pipe: Pipeline }
) & { start?: number; raw?: string };

/**
 * One command of a pipeline. `loc` (Go's `line:col`, counted in the full template Prometheus
 * builds) and `text` (Go's rendering of the command) name it in execution errors.
 */
export interface Command extends Array<Arg> {
  loc?: string;
  text?: string;
}

/** Commands joined by `|`, optionally declaring a variable (`$x := …`). */
export interface Pipeline {
  decl: string | null;
  /** `range $i, $x := …`: the index (or key) variable. */
  declIndex?: string | null;
  commands: Command[];
}

// Prometheus prepends these variable definitions to every alert template, so positions in its
// execution errors count from after them: "{{$labels := .Labels}}{{$externalLabels :=
// .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}" is 112 bytes.
const PROMETHEUS_PREFIX_LENGTH = 112;

/** Go's `line:col` for offset k of the user's template (col is 0-based, as text/template has it). */
function goLocation(src: string, k: number): string {
  const before = src.slice(0, k);
  const nl = before.lastIndexOf('\n');
  const line = 1 + (before.match(/\n/g)?.length ?? 0);
  return `${line}:${nl < 0 ? PROMETHEUS_PREFIX_LENGTH + utf8Length(before) : utf8Length(before.slice(nl + 1))}`;
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** How Go prints a command (`CommandNode.String`): arguments by their source, pipes in parentheses. */
function renderCommand(cmd: Arg[]): string {
  return cmd.map((a) => (a.kind === 'pipe' ? `(${renderPipeline(a.pipe)})` : a.raw ?? '')).join(' ');
}

function renderPipeline(p: Pipeline): string {
  const decl = p.decl ? `${p.declIndex ? `${p.declIndex}, ` : ''}${p.decl} := ` : '';
  return decl + p.commands.map(renderCommand).join(' | ');
}

/** A parsed template. */
export type TNode =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with' | 'range'; pipe: Pipeline; then: TNode[]; else: TNode[] };

/** A template that cannot be parsed; the message is worded as Go's. */
export class TemplateError extends Error {}

function tokenize(src: string, fail: (m: string) => never, base = 0): Arg[] {
  const out: Arg[] = [];
  let i = 0;
  const stack: Arg[][] = [out];
  const opens: number[] = [];
  // Tags the argument just pushed with its offset and source text.
  const tag = (from: number, to: number) => {
    const cur = stack[stack.length - 1];
    Object.assign(cur[cur.length - 1], { start: base + from, raw: src.slice(from, to) });
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const cur = stack[stack.length - 1];
    if (c === '|') {
      cur.push({ kind: 'ident', name: '|' });
      tag(i, i + 1);
      i++;
    } else if (c === '(') {
      const inner: Arg[] = [];
      stack.push(inner);
      opens.push(i);
      i++;
    } else if (c === ')') {
      if (stack.length < 2) fail('unexpected ")" in operand');
      const inner = stack.pop()!;
      stack[stack.length - 1].push({ kind: 'pipe', pipe: toPipeline(inner, fail) });
      tag(opens.pop()!, i + 1);
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) fail('unterminated quoted string');
      const value = goUnquote(src.slice(i, j + 1));
      if (value === null) fail('invalid syntax');
      cur.push({ kind: 'string', value: value! });
      tag(i, j + 1);
      i = j + 1;
    } else if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) fail('unterminated raw quoted string');
      cur.push({ kind: 'string', value: src.slice(i + 1, j) });
      tag(i, j + 1);
      i = j + 1;
    } else if (c === "'" || /[\d+-]/.test(c) || (c === '.' && /\d/.test(src[i + 1] ?? ''))) {
      // A character constant runs to the next unescaped quote on the line (Go's lexChar).
      const t = c === "'" ? /^'(?:\\[^\n]|[^'\\\n])*'/u.exec(src.slice(i))?.[0] : NUMBER_TOKEN.exec(src.slice(i))?.[0];
      if (!t) fail(c === "'" ? 'unterminated character constant' : `bad number syntax: ${JSON.stringify(src.slice(i, i + 2))}`);
      if (/[\p{L}\p{N}_]/u.test(src[i + t!.length] ?? '')) fail(`bad number syntax: ${JSON.stringify(src.slice(i, i + t!.length + 1))}`);
      let v: ReturnType<typeof goNumber>;
      try {
        v = goNumber(t!);
      } catch (e) {
        fail((e as Error).message);
      }
      cur.push(typeof v! === 'number' ? { kind: 'number', value: v } : { kind: 'number', value: Number(v!.int), int: v!.int, overflows: v!.overflows });
      tag(i, i + t!.length);
      i += t!.length;
    } else if (c === ',') {
      i++;
    } else if (c === ':' && src[i + 1] === '=') {
      cur.push({ kind: 'ident', name: ':=' });
      i += 2;
    } else {
      const m = /^(?:(\$[A-Za-z0-9_]*|)((?:\.[A-Za-z0-9_]+)+|\.(?![A-Za-z0-9_]))|[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z0-9_]*)/.exec(src.slice(i));
      if (!m) fail(`unexpected ${JSON.stringify(c)} in operand`);
      const t = m![0];
      if (t.startsWith('$') || t.startsWith('.')) {
        const base = m![1] || (t.startsWith('$') ? t : null);
        const rest = m![2] ?? '';
        cur.push({ kind: 'field', base: base || null, path: rest === '.' || rest === '' ? [] : rest.slice(1).split('.') });
      } else if (t === 'true' || t === 'false') cur.push({ kind: 'bool', value: t === 'true' });
      else if (t === 'nil') cur.push({ kind: 'nil' });
      else cur.push({ kind: 'ident', name: t });
      tag(i, i + t.length);
      i += t.length;
    }
  }
  if (stack.length > 1) fail('unclosed left paren');
  return out;
}

function toPipeline(tokens: Arg[], fail: (m: string) => never): Pipeline {
  let decl: string | null = null;
  let declIndex: string | null = null;
  // `$i, $x := …` (range): the tokenizer sees `$i` `,`-less because commas are skipped as unknown; handle `$i $x :=`.
  if (tokens.length >= 3 && tokens[2].kind === 'ident' && tokens[2].name === ':=' && tokens[0].kind === 'field' && tokens[1].kind === 'field' && tokens[0].path.length === 0 && tokens[1].path.length === 0) {
    declIndex = tokens[0].base;
    tokens = tokens.slice(1);
  }
  if (tokens.length >= 2 && tokens[1].kind === 'ident' && tokens[1].name === ':=' && tokens[0].kind === 'field' && tokens[0].path.length === 0) {
    decl = tokens[0].base;
    tokens = tokens.slice(2);
  }
  const commands: Command[] = [[]];
  for (const t of tokens) {
    if (t.kind === 'ident' && t.name === '|') commands.push([]);
    else commands[commands.length - 1].push(t);
  }
  if (commands.some((c) => c.length === 0)) fail('missing value for command');
  return { decl, declIndex, commands };
}

/** Gives every command of a pipeline (and of pipes nested in it) its location and text. */
function locate(p: Pipeline, src: string): Pipeline {
  for (const cmd of p.commands) {
    cmd.text = renderCommand(cmd);
    if (cmd[0].start !== undefined) cmd.loc = goLocation(src, cmd[0].start);
    for (const a of cmd) if (a.kind === 'number' && a.overflows && a.start !== undefined) a.loc = goLocation(src, a.start);
    for (const a of cmd) if (a.kind === 'pipe') locate(a.pipe, src);
  }
  return p;
}

/** Parses template source; `name` is used in error messages (`template: NAME:LINE: …`). */
export function parseTemplate(name: string, src: string): TNode[] {
  let pos = 0;
  const lineAt = (k: number) => 1 + (src.slice(0, k).match(/\n/g)?.length ?? 0);
  const root: TNode[] = [];
  const stack: { nodes: TNode[]; node: (TNode & { kind: 'if' | 'with' | 'range' }) | null; inElse: boolean }[] = [{ nodes: root, node: null, inElse: false }];
  let trimNext = false;
  while (pos <= src.length) {
    const open = src.indexOf('{{', pos);
    let text = src.slice(pos, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    let inner = '';
    let close = -1;
    if (open >= 0) {
      close = src.indexOf('}}', open + 2);
      if (close < 0) throw new TemplateError(`template: ${name}:${lineAt(open)}: unclosed action`);
      inner = src.slice(open + 2, close);
      if (/^-\s/.test(inner)) {
        text = text.replace(/\s+$/, '');
        inner = inner.slice(1);
      }
      if (/\s-$/.test(inner)) {
        trimNext = true;
        inner = inner.slice(0, -1);
      }
    }
    const top = stack[stack.length - 1];
    if (text) top.nodes.push({ kind: 'text', text });
    if (open < 0) break;
    pos = close + 2;
    const fail = (m: string): never => {
      throw new TemplateError(`template: ${name}:${lineAt(open)}: ${m}`);
    };
    const body = inner.trim();
    const bodyStart = src.indexOf(body, open + 2);
    const pipeline = (from: number) => locate(toPipeline(tokenize(body.slice(from), fail, bodyStart + from), fail), src);
    if (/^\/\*[\s\S]*\*\/$/.test(body)) continue;
    const kw = /^(if|with|else|end|range|define|template|block|break|continue)\b/.exec(body)?.[1];
    if (kw === 'if' || kw === 'with' || kw === 'range') {
      const node = { kind: kw, pipe: pipeline(kw.length), then: [], else: [] } as TNode & { kind: 'if' | 'with' | 'range' };
      top.nodes.push(node);
      stack.push({ nodes: node.then, node, inElse: false });
    } else if (kw === 'else') {
      if (!top.node || top.inElse) fail('unexpected {{else}}');
      const rest = body.slice(4).trim();
      top.inElse = true;
      top.nodes = top.node!.else;
      const elseIf = /^(if|with)\b/.exec(rest)?.[1];
      if (elseIf) {
        const node = { kind: elseIf, pipe: pipeline(body.indexOf(rest, 4) + elseIf.length), then: [], else: [] } as TNode & { kind: 'if' | 'with' };
        top.nodes.push(node);
        // `{{else if}}` shares the closing {{end}} of the outer if.
        stack[stack.length - 1] = { nodes: node.then, node, inElse: false };
      }
    } else if (kw === 'end') {
      if (stack.length < 2) fail('unexpected {{end}}');
      stack.pop();
    } else if (kw) {
      fail(`{{${kw}}} is not supported by promql-ts alert templates`);
    } else {
      if (body === '') fail('missing value for command');
      top.nodes.push({ kind: 'action', pipe: pipeline(0) });
    }
  }
  if (stack.length > 1) throw new TemplateError(`template: ${name}:${lineAt(src.length)}: unexpected EOF`);
  return root;
}
