// The PromQL token vocabulary, in one ordered file: chevrotain token types and their categories.
// The scanner (lexer.ts) produces these; the grammar (parser/grammar.ts) consumes them.
import { createToken, Lexer, type TokenType } from '#chevrotain';

/** How a token is described in "unexpected …" messages (Prometheus `Item.desc`). */
export type TokenKind =
  | 'punct' // described as its quoted text: "(", "="
  | 'operator' // <op:+>
  | 'aggregator' // <aggr:sum>
  | 'keyword' // <by>
  | 'preprocessor' // "start" (quoted text)
  | 'identifier'
  | 'metric identifier'
  | 'string'
  | 'number'
  | 'duration'
  | 'eof';

const kinds = new Map<TokenType, TokenKind>();

function tok(name: string, kind: TokenKind, categories: TokenType[] = []): TokenType {
  const t = createToken({ name, pattern: Lexer.NA, categories });
  kinds.set(t, kind);
  return t;
}
function category(name: string): TokenType {
  return createToken({ name, pattern: Lexer.NA });
}

/** The description kind of a token type. */
export function tokenKind(t: TokenType): TokenKind {
  return kinds.get(t) ?? 'punct';
}

// Categories used by the grammar.
/** Tokens that can name a metric outside braces (grammar rule `metric_identifier`). */
export const MetricIdentifierCat = category('MetricIdentifierCat');
/** Tokens accepted as label names in grouping lists (rule `maybe_label`). */
export const MaybeLabelCat = category('MaybeLabelCat');
/** Aggregation operators. */
export const AggregatorCat = category('AggregatorCat');
/** Every binary operator. */
export const BinaryOpCat = category('BinaryOpCat');
/** Label match operators `= != =~ !~`. */
export const MatchOpCat = category('MatchOpCat');
/** Binary operators that chain at the top level (all but `^`, which binds in the unary rule). */
export const InfixOpCat = category('InfixOpCat');
/** `+` and `-` (unary operators). */
export const UnaryOpCat = category('UnaryOpCat');

const NAME = [MetricIdentifierCat, MaybeLabelCat];
const INFIX = [BinaryOpCat, InfixOpCat];

// Literals and names.
export const Identifier = tok('IDENTIFIER', 'identifier', NAME);
export const MetricIdentifier = tok('METRIC_IDENTIFIER', 'metric identifier', NAME);
export const NumberTok = tok('NUMBER', 'number');
export const DurationTok = tok('DURATION', 'duration');
export const StringTok = tok('STRING', 'string');
export const EOFTok = tok('EOF', 'eof');
/** Stands where the scanner failed; the parser reports the scanner's message when it gets here. */
export const LexErrorTok = tok('LEX_ERROR', 'punct');
/**
 * Never scanned: stands for an already parsed sub-expression of a deeply nested query, so that
 * the grammar's recursion stays shallow (parser/fragments.ts). It carries no text of its own.
 */
export const PreParsedTok = tok('PRE_PARSED', 'punct');

// Punctuation.
export const LeftParen = tok('LEFT_PAREN', 'punct');
export const RightParen = tok('RIGHT_PAREN', 'punct');
export const LeftBrace = tok('LEFT_BRACE', 'punct');
export const RightBrace = tok('RIGHT_BRACE', 'punct');
export const LeftBracket = tok('LEFT_BRACKET', 'punct');
export const RightBracket = tok('RIGHT_BRACKET', 'punct');
export const Comma = tok('COMMA', 'punct');
export const Colon = tok('COLON', 'punct');
export const Eql = tok('EQL', 'punct', [MatchOpCat]);

// Operators, by precedence level (lowest first).
export const LOr = tok('LOR', 'operator', [...INFIX, ...NAME]);
export const LAnd = tok('LAND', 'operator', [...INFIX, ...NAME]);
export const LUnless = tok('LUNLESS', 'operator', [...INFIX, ...NAME]);
export const EqlC = tok('EQLC', 'operator', [...INFIX]);
export const Neq = tok('NEQ', 'operator', [...INFIX, MatchOpCat]);
export const Lss = tok('LSS', 'operator', [...INFIX]);
export const Lte = tok('LTE', 'operator', [...INFIX]);
export const Gtr = tok('GTR', 'operator', [...INFIX]);
export const Gte = tok('GTE', 'operator', [...INFIX]);
export const TrimUpper = tok('TRIM_UPPER', 'operator', [...INFIX]);
export const TrimLower = tok('TRIM_LOWER', 'operator', [...INFIX]);
export const Add = tok('ADD', 'operator', [...INFIX, UnaryOpCat]);
export const Sub = tok('SUB', 'operator', [...INFIX, UnaryOpCat]);
export const Mul = tok('MUL', 'operator', [...INFIX]);
export const Div = tok('DIV', 'operator', [...INFIX]);
export const Mod = tok('MOD', 'operator', [...INFIX]);
export const Atan2 = tok('ATAN2', 'operator', [...INFIX, MaybeLabelCat]);
export const Pow = tok('POW', 'operator', [BinaryOpCat]);
export const EqlRegex = tok('EQL_REGEX', 'operator', [MatchOpCat]);
export const NeqRegex = tok('NEQ_REGEX', 'operator', [MatchOpCat]);
export const At = tok('AT', 'operator');

// Aggregators.
const AGG = [AggregatorCat, ...NAME];
export const Sum = tok('SUM', 'aggregator', AGG);
export const Avg = tok('AVG', 'aggregator', AGG);
export const Count = tok('COUNT', 'aggregator', AGG);
export const Min = tok('MIN', 'aggregator', AGG);
export const Max = tok('MAX', 'aggregator', AGG);
export const Group = tok('GROUP', 'aggregator', AGG);
export const Stddev = tok('STDDEV', 'aggregator', AGG);
export const Stdvar = tok('STDVAR', 'aggregator', AGG);
export const Topk = tok('TOPK', 'aggregator', AGG);
export const Bottomk = tok('BOTTOMK', 'aggregator', AGG);
export const CountValues = tok('COUNT_VALUES', 'aggregator', AGG);
export const Quantile = tok('QUANTILE', 'aggregator', AGG);
export const Limitk = tok('LIMITK', 'aggregator', AGG);
export const LimitRatio = tok('LIMIT_RATIO', 'aggregator', AGG);

// Keywords. Not every keyword can be a metric name (Prometheus's `metric_identifier` rule).
export const Bool = tok('BOOL', 'keyword', [MaybeLabelCat]);
export const By = tok('BY', 'keyword', NAME);
export const Without = tok('WITHOUT', 'keyword', [MetricIdentifierCat]);
export const GroupLeft = tok('GROUP_LEFT', 'keyword', [MaybeLabelCat]);
export const GroupRight = tok('GROUP_RIGHT', 'keyword', [MaybeLabelCat]);
export const Fill = tok('FILL', 'keyword', NAME);
export const FillLeft = tok('FILL_LEFT', 'keyword', NAME);
export const FillRight = tok('FILL_RIGHT', 'keyword', NAME);
export const Ignoring = tok('IGNORING', 'keyword', [MaybeLabelCat]);
export const On = tok('ON', 'keyword', [MaybeLabelCat]);
export const Offset = tok('OFFSET', 'keyword', NAME);
export const Smoothed = tok('SMOOTHED', 'keyword', NAME);
export const Anchored = tok('ANCHORED', 'keyword', NAME);

// "Preprocessors": query-context functions and duration-expression functions.
export const Start = tok('START', 'preprocessor', NAME);
export const End = tok('END', 'preprocessor', NAME);
export const Step = tok('STEP', 'preprocessor', NAME);
export const Range = tok('RANGE', 'preprocessor', NAME);
export const MaxOf = tok('MAX_OF', 'preprocessor', NAME);
export const MinOf = tok('MIN_OF', 'preprocessor', NAME);

/** Keyword spelling (lower case) → token type; `inf`/`nan` are numbers. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ['and', LAnd], ['or', LOr], ['unless', LUnless], ['atan2', Atan2],
  ['sum', Sum], ['avg', Avg], ['count', Count], ['min', Min], ['max', Max], ['group', Group],
  ['stddev', Stddev], ['stdvar', Stdvar], ['topk', Topk], ['bottomk', Bottomk],
  ['count_values', CountValues], ['quantile', Quantile], ['limitk', Limitk], ['limit_ratio', LimitRatio],
  ['offset', Offset], ['smoothed', Smoothed], ['anchored', Anchored], ['by', By], ['without', Without],
  ['on', On], ['ignoring', Ignoring], ['group_left', GroupLeft], ['group_right', GroupRight],
  ['fill', Fill], ['fill_left', FillLeft], ['fill_right', FillRight], ['bool', Bool],
  ['start', Start], ['end', End], ['step', Step], ['range', Range], ['max_of', MaxOf], ['min_of', MinOf],
  ['inf', NumberTok], ['nan', NumberTok],
]);

/** Duration-expression keywords recognised inside `[…]`. */
export const DURATION_KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ['step', Step], ['range', Range], ['max_of', MaxOf], ['min_of', MinOf],
]);

/** Every token type, for the parser's vocabulary. */
export const ALL_TOKENS: TokenType[] = [
  MetricIdentifierCat, MaybeLabelCat, AggregatorCat, BinaryOpCat, InfixOpCat, MatchOpCat, UnaryOpCat,

  ...kinds.keys(),
];

/** The length of the longest keyword: longer words are never looked up. */
export const LONGEST_KEYWORD = Math.max(...Array.from(KEYWORDS.keys(), (k) => k.length));
