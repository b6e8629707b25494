// promql-ts public API: every export, grouped by topic. Nothing else is public.

// Parsing, checking, formatting.
export { parse, check, parseWithDiagnostics } from './parser/parse.js';
export type { ParseResult, ParserOptions } from './parser/parse.js';
export { format } from './parser/format.js';
export type { FormatOptions } from './parser/format.js';
export { typeOf, documentedType } from './parser/types.js';
export type * from './parser/ast.js';

// Functions.
export { FUNCTION_SIGNATURES } from './functions/signatures.js';
export type { FunctionSignature } from './functions/signatures.js';

// Errors.
export {
  PromQLError, ParseError, EvalError, StorageError, LimitError, CancelledError, UnsupportedError,
} from './errors.js';
export type { Diagnostic, ErrorKind } from './errors.js';
