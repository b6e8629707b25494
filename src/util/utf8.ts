// Strict UTF-8 decoding for inputs Prometheus reads strictly (rule files, rule tests): the first
// invalid byte, with its place and the reason worded as Go's YAML reader words it.
import { readFileSync } from 'node:fs';
import { FileReadError, readErrorReason } from './read-file.js';

/** Why a byte sequence is not UTF-8, in the YAML reader's words (promtool prints them after `yaml: `). */
export type Utf8Reason =
  | 'invalid leading UTF-8 octet'
  | 'invalid trailing UTF-8 octet'
  | 'incomplete UTF-8 octet sequence'
  | 'invalid length of a UTF-8 sequence'
  | 'invalid Unicode character';

/** The first invalid sequence of a byte buffer: the YAML reader's byte offset, and the 1-based line and column (characters) where the sequence starts. */
export interface Utf8Problem {
  readonly reason: Utf8Reason;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Bytes that are not valid UTF-8, as a typed error naming the file and place. */
export class Utf8Error extends Error {
  constructor(readonly file: string, readonly problem: Utf8Problem) {
    super(`${file}:${problem.line}:${problem.column}: yaml: ${problem.reason}`);
    this.name = 'Utf8Error';
  }
}

const fatal = new TextDecoder('utf-8', { fatal: true });

/** The place of byte `offset`, counting lines and characters in the valid text before it. */
function placeOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
  const nl = before.lastIndexOf('\n');
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return { line, column: [...before.slice(nl + 1)].length + 1 };
}

/**
 * Finds the first invalid sequence as Go's yaml reader classifies it (leading octet, then each
 * trailing octet, then overlong forms, then surrogates and values past U+10FFFF); null if valid.
 */
export function findInvalidUtf8(bytes: Uint8Array): Utf8Problem | null {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const width = (b & 0x80) === 0 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0;
    // The place is the sequence's first byte (the character the user sees as wrong); the offset is the YAML reader's.
    const fail = (reason: Utf8Reason, at: number) => ({ reason, offset: at, ...placeOf(bytes, i) });
    if (width === 0) return fail('invalid leading UTF-8 octet', i);
    if (width === 1) {
      i++;
      continue;
    }
    if (i + width > bytes.length) return fail('incomplete UTF-8 octet sequence', i);
    let value = width === 2 ? b & 0x1f : width === 3 ? b & 0x0f : b & 0x07;
    for (let k = 1; k < width; k++) {
      const t = bytes[i + k];
      if ((t & 0xc0) !== 0x80) return fail('invalid trailing UTF-8 octet', i + k);
      value = (value << 6) | (t & 0x3f);
    }
    const min = width === 2 ? 0x80 : width === 3 ? 0x800 : 0x10000;
    if (value < min) return fail('invalid length of a UTF-8 sequence', i);
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return fail('invalid Unicode character', i);
    i += width;
  }
  return null;
}

/** Decodes UTF-8 (a leading BOM dropped, as YAML readers do); throws Utf8Error at the first invalid byte. */
export function decodeUtf8Strict(file: string, bytes: Uint8Array): string {
  let text: string;
  try {
    text = fatal.decode(bytes);
  } catch {
    throw new Utf8Error(file, findInvalidUtf8(bytes) ?? { reason: 'invalid leading UTF-8 octet', offset: 0, line: 1, column: 1 });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads a file that must be UTF-8: throws FileReadError when unreadable, Utf8Error when not UTF-8. */
export function readUtf8File(file: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new FileReadError(file, readErrorReason(e));
  }
  return decodeUtf8Strict(file, bytes);
}
