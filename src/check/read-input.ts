// Reading a file for `promql check`: bytes checked for NULs (binary files) and for invalid UTF-8,
// reported as promtool reports it for rule files (`yaml: invalid trailing UTF-8 octet`) with the place.
import { readFileSync } from 'node:fs';
import { readErrorReason } from '../util/read-file.js';
import { findInvalidUtf8 } from '../util/utf8.js';
import type { Diagnostic } from './types.js';

const fatal = new TextDecoder('utf-8', { fatal: true });

/** A file read for checking: its text, or the problem that stopped it being checked. */
export type CheckInput = { readonly text: string } | { readonly problem: Diagnostic };

/** Decodes the bytes of an input; `problem.rule` is `input` for binary data, `encoding` for invalid UTF-8. */
export function decodeInput(file: string, bytes: Uint8Array): CheckInput {
  if (bytes.includes(0)) return { problem: { file, line: 1, column: 1, severity: 'error', rule: 'input', message: 'binary file, not checked' } };
  let text: string;
  try {
    text = fatal.decode(bytes);
  } catch {
    const bad = findInvalidUtf8(bytes)!;
    // Prometheus compatibility: the YAML reader's wording, which promtool prints after "yaml: ".
    return { problem: { file, line: bad.line, column: bad.column, severity: 'error', rule: 'encoding', message: `yaml: ${bad.reason}` } };
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** Reads and decodes a file; an unreadable file is an `input` problem with the CLI's short reason. */
export function readCheckInput(file: string): CheckInput {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return { problem: { file, line: 1, column: 1, severity: 'error', rule: 'input', message: readErrorReason(e) } };
  }
  return decodeInput(file, bytes);
}
