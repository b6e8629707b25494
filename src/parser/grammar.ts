// The PromQL grammar (chevrotain, embedded actions). Binary operators are collected as a flat
// list and folded by the precedence table; postfix modifiers bind tightest, unary like `*`.
import { EmbeddedActionsParser, tokenMatcher, type IOrAlt, type IToken, type OrMethodOpts, type TokenType } from '#chevrotain';
import * as T from '../lexer/tokens.js';
import type {
  AggregateOp, BinaryOp, DurationExpr, DurationNode, Expr, LabelMatcher, MatchOp, NumberLiteral, Pos,
  VectorMatching, VectorSelector,
} from './ast.js';
import { applyAt, applyExtended, applyOffset, checkRangeTarget, type ErrorSink } from './builders.js';
import { foldBinary, foldDuration, foldPowChain, type OpEntry, type PowEntry } from './precedence.js';
import { FragmentFailed, type ParsedFragment, type SemanticError } from './fragments.js';
import { durationLiteral, numberLiteral, unquote } from './literals.js';
import { FUNCTION_SIGNATURES } from './functions.js';
import { compileRegexError, isValidUtf8LabelName } from './labels.js';
import { secondsToDurationMs } from '../util/durations.js';
import { goQuote } from '../util/go-format.js';
import { tokenEnd, tokenPos } from './positions.js';
import { TableLookaheadStrategy } from './lookahead-strategy.js';
import { LOOKAHEAD_TABLE } from './lookahead-table.generated.js';

/** The parser's LL(k) lookahead depth. */
export const MAX_LOOKAHEAD = 2;

/** Parser feature switches, as Prometheus's parser options. All default to off. */
export interface ParserOptions {
  /** Experimental functions and the `limitk`/`limit_ratio` aggregators. */
  experimentalFunctions?: boolean;
  /** Duration arithmetic and `step()`/`range()`/`min_of`/`max_of` in `[…]` and `offset`. */
  durationExpressions?: boolean;
  /** `anchored` and `smoothed` range selector modifiers. */
  extendedRangeSelectors?: boolean;
  /** `fill`, `fill_left`, `fill_right` binary operator modifiers. */
  binopFillModifiers?: boolean;
}

/** Where a syntax error happened, for Prometheus's "unexpected X in <context>, expected <what>". */
export interface ErrorContext {
  context: string;
  expected: string;
}

/** The recording switch chevrotain's parser has (undeclared in its types). */
interface ChevrotainRecording {
  enableRecording(this: object): void;
}

const DURATION_EXPECTED = 'number, duration, step(), or range()';

/** The modifiers of a plain binary operator: a fresh object, as binModifiers builds when it reads none. */
function noModifiers(): VectorMatching & { returnBool: boolean } {
  return { returnBool: false, on: false, labels: [], include: [], card: 'one-to-one', fillLeft: null, fillRight: null };
}

/**
 * Whether binModifiers would read anything: the first tokens of its parts (`bool`, `on`,
 * `ignoring`, `fill…`). Its contents are all optional, so its LL(2) lookahead always enters it;
 * this gate saves the rule call (and its seven lookaheads) for the operators that have none.
 */
function startsModifiers(t: IToken): boolean {
  return MODIFIER_START[t.tokenTypeIdx] === true;
}
const MODIFIER_START: boolean[] = [];
for (const t of [T.Bool, T.On, T.Ignoring, T.Fill, T.FillLeft, T.FillRight]) MODIFIER_START[t.tokenTypeIdx!] = true;

// Each operator token type has one spelling up to case: its lower-case name, found once per type.
const OPERATOR_NAMES = new Map<TokenType, BinaryOp>();
function operatorName(t: IToken): BinaryOp {
  let name = OPERATOR_NAMES.get(t.tokenType);
  if (name === undefined) OPERATOR_NAMES.set(t.tokenType, (name = t.image.toLowerCase() as BinaryOp));
  return name;
}

const contexts = new Map<string, Map<string, ErrorContext>>();
/** Shared, immutable error-context objects (they are set on every construct, so don't allocate). */
function ctxFor(context: string, expected: string): ErrorContext {
  let byExpected = contexts.get(context);
  if (!byExpected) contexts.set(context, (byExpected = new Map()));
  let c = byExpected.get(expected);
  if (!c) byExpected.set(expected, (c = { context, expected }));
  return c;
}

/** The error contexts the grammar sets, by where (made once: they are set on every construct). */
const CTX = {
  GROUPING_OPEN: ctxFor('grouping opts', '"("'),
  GROUPING_LABEL: ctxFor('grouping opts', 'label'),
  GROUPING_NEXT: ctxFor('grouping opts', '"," or ")"'),
  OFFSET: ctxFor('offset', DURATION_EXPECTED),
  AT: ctxFor('@', 'timestamp'),
  RANGE: ctxFor('subquery or range selector', DURATION_EXPECTED),
  RANGE_END: ctxFor('subquery or range', '":" or "]"'),
  SUBQUERY_STEP: ctxFor('subquery selector', 'number, duration, step(), range(), or "]"'),
  SUBQUERY_CLOSE: ctxFor('subquery selector', '"]"'),
  AGGREGATION: ctxFor('aggregation', ''),
  MATCHING_NAME: ctxFor('label matching', 'identifier or "}"'),
  MATCHING_OP: ctxFor('label matching', 'label matching operator'),
  MATCHING_VALUE: ctxFor('label matching', 'string'),
  MATCHING_NEXT: ctxFor('label matching', '"," or "}"'),
} as const;

/** The chevrotain parser. One instance is reused: parse.ts sets `opts` and `input` and clears the errors. */
export class PromQLGrammar extends EmbeddedActionsParser {
  opts: ParserOptions = {};
  /**
   * Semantic errors in the order raised. `lookahead` is set on those that Prometheus raises only
   * once it has read the next token (a yacc reduction that needs lookahead), so that a lexer
   * error in exactly that token is reported first.
   */
  semErrors: SemanticError[] = [];
  /** The fragments the placeholder tokens of the current input stand for. */
  fragments: Map<IToken, ParsedFragment> = new Map();
  ctx: ErrorContext | null = null;
  /**
   * The context an error anywhere inside the current construct falls back to: yacc's error
   * recovery unwinds to the innermost state that accepts `error`, which for nested expressions is
   * the enclosing aggregation (`aggregate_op error`), or the top level (no context).
   */
  catchCtx: ErrorContext | null = null;

  /**
   * @param validate run chevrotain's grammar validations (ambiguities, left recursion, …) during
   * self-analysis. They cost more than the rest of start-up and cannot fail at run time for a
   * grammar that passed them once, so only the grammar test turns them on.
   * @param lookahead where the lookahead paths come from: `table` reads them from
   * lookahead-table.generated.ts (computing only those it lacks), `chevrotain` computes them all
   * at start-up (chevrotain's own strategy: what the table is made and checked with).
   */
  constructor(validate = false, lookahead: 'table' | 'chevrotain' = 'table') {
    const strategy = lookahead === 'table' ? new TableLookaheadStrategy(LOOKAHEAD_TABLE, T.ALL_TOKENS, MAX_LOOKAHEAD) : null;
    super(T.ALL_TOKENS, {
      maxLookahead: MAX_LOOKAHEAD, recoveryEnabled: false, skipValidations: !validate,
      ...(strategy ? { lookaheadStrategy: strategy } : {}),
    });
    this.tableLookahead = strategy;
    this.performSelfAnalysis();
  }

  /** The table strategy, when the paths come from the table (its `computed` lists the misses). */
  readonly tableLookahead: TableLookaheadStrategy | null;

  /** While chevrotain records the grammar: the prototype the parser had before. */
  private beforeRecording: object | null = null;

  /**
   * Chevrotain's recording phase (it runs each rule once to learn the grammar) installs ~90
   * recording versions of its DSL methods (`CONSUME`, `OR2`, …) as own properties of the parser
   * and deletes them afterwards. The parser object is in V8's prototype mode by then (chevrotain
   * makes it so for fast property access), where those deletes cost ~5 ms of every start-up.
   * Here chevrotain installs them on an object put between the parser and its class instead,
   * and {@link disableRecording} unlinks that object: the same methods are found while recording,
   * and the class's once it is done. (Overrides of chevrotain's own, undeclared, methods.)
   * @internal
   */
  enableRecording(): void {
    const proto = Object.getPrototypeOf(this) as object;
    const layer = Object.create(proto) as object;
    (EmbeddedActionsParser.prototype as unknown as ChevrotainRecording).enableRecording.call(layer);
    this.beforeRecording = proto;
    Object.setPrototypeOf(this, layer);
    this.RECORDING_PHASE = true;
  }

  /** Ends the recording phase: see {@link enableRecording}. @internal */
  disableRecording(): void {
    this.RECORDING_PHASE = false;
    if (this.beforeRecording === null) return;
    Object.setPrototypeOf(this, this.beforeRecording);
    this.beforeRecording = null;
  }

  readonly err: ErrorSink = (message, pos) => {
    this.semErrors.push({ message, pos });
  };

  private errAfterLookahead(message: string, pos: Pos): void {
    this.semErrors.push({ message, pos, lookahead: this.LA(1) });
  }

  private setCtx(ctx: ErrorContext): ErrorContext | null {
    const prev = this.ctx;
    if (!this.RECORDING_PHASE) this.ctx = ctx;
    return prev;
  }

  private restoreCtx(prev: ErrorContext | null): void {
    if (!this.RECORDING_PHASE) this.ctx = prev;
  }

  public query = this.RULE('query', (): Expr => {
    const e = this.SUBRULE(this.expression);
    this.CONSUME(T.EOFTok);
    return e;
  });

  /**
   * A sub-expression and the `,` or `)` after it: what ParenExpr and call arguments parse, ending
   * where they end (a fragment of a deeply nested query, parsed on its own).
   */
  public fragment = this.RULE('fragment', (): Expr => {
    const e = this.SUBRULE(this.expression);
    this.OR([
      { ALT: () => this.CONSUME(T.Comma) },
      { ALT: () => this.CONSUME(T.RightParen) },
    ]);
    return e;
  });

  /**
   * Starts a parse of `tokens` in the error context of an expression at that place: inside an
   * aggregation's arguments (at any depth) or not. See {@link catchCtx}.
   */
  begin(tokens: IToken[], opts: ParserOptions, inAggregation: boolean): void {
    this.opts = opts;
    this.semErrors = [];
    // The context aggregateExpr sets (the same shared object).
    this.ctx = this.catchCtx = inAggregation ? CTX.AGGREGATION : null;
    this.input = tokens;
  }

  /** The placeholder of a fragment: its semantic errors are raised here, as a flat parse would. */
  private takeFragment(t: IToken): Expr {
    const f = this.fragments.get(t)!;
    for (const e of f.semErrors) this.semErrors.push(e);
    if (f.failure) throw new FragmentFailed(f.failure);
    return f.expr!;
  }

  /** The gate of the binModifiers options: see {@link startsModifiers}. */
  private readonly modifiersFollow = (): boolean => startsModifiers(this.LA(1));

  public expression = this.RULE('expression', (): Expr => {
    const first = this.SUBRULE(this.unaryExpr);
    let rest: OpEntry[] | null = null;
    this.MANY(() => {
      const op = this.CONSUME(T.InfixOpCat);
      // Most operators have no modifiers: only enter the rule when one follows.
      let mods: VectorMatching & { returnBool: boolean } | null = null;
      this.OPTION({
        GATE: this.modifiersFollow,
        DEF: () => {
          mods = this.SUBRULE(this.binModifiers);
        },
      });
      const rhs = this.SUBRULE2(this.unaryExpr);
      (rest ??= []).push({ op: operatorName(op), opPos: tokenPos(op), mods: mods ?? noModifiers(), rhs });
    });
    // Most expressions are one operand: nothing to fold.
    if (rest === null) return first;
    return this.ACTION(() => foldBinary(first, rest!, this.opts, this.err));
  });

  /**
   * Signs, a postfix expression, and a right-associative `^` chain whose operands may be signed
   * (`-a ^ -b ^ c` is `-(a ^ (-(b ^ c)))`: `^` binds tighter than the sign). Loops rather than
   * recursion, so that long sign and `^` chains cost no stack; folded from the right, which builds
   * the nodes (and reports their errors) in the order the recursive rule did.
   */
  private unaryExpr = this.RULE('unaryExpr', (): Expr => {
    let signs: IToken[] | null = null;
    this.MANY(() => {
      (signs ??= []).push(this.CONSUME(T.UnaryOpCat));
    });
    const base = this.SUBRULE(this.postfixExpr);
    let chain: PowEntry[] | null = null;
    this.MANY2(() => {
      const op = this.CONSUME(T.Pow);
      let mods: VectorMatching & { returnBool: boolean } | null = null;
      this.OPTION({
        GATE: this.modifiersFollow,
        DEF: () => {
          mods = this.SUBRULE(this.binModifiers);
        },
      });
      let rhsSigns: IToken[] | null = null;
      this.MANY3(() => {
        (rhsSigns ??= []).push(this.CONSUME2(T.UnaryOpCat));
      });
      const rhs = this.SUBRULE2(this.postfixExpr);
      (chain ??= []).push({ op, mods: mods ?? noModifiers(), signs: rhsSigns, rhs });
    });
    if (signs === null && chain === null) return base;
    return this.ACTION(() => foldPowChain(signs, base, chain, this.opts, this.err));
  });

  private binModifiers = this.RULE('binModifiers', (): VectorMatching & { returnBool: boolean } => {
    let returnBool = false;
    let on = false;
    let labels: string[] = [];
    let include: string[] = [];
    let card: VectorMatching['card'] = 'one-to-one';
    let fillLeft: number | null = null;
    let fillRight: number | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Bool);
      returnBool = true;
    });
    this.OPTION2(() => {
      this.OR([
        { ALT: () => { this.CONSUME(T.On); on = true; } },
        { ALT: () => this.CONSUME(T.Ignoring) },
      ]);
      labels = this.SUBRULE(this.groupingLabels);
      this.OPTION3(() => {
        this.OR2([
          { ALT: () => { this.CONSUME(T.GroupLeft); card = 'many-to-one'; } },
          { ALT: () => { this.CONSUME(T.GroupRight); card = 'one-to-many'; } },
        ]);
        this.OPTION4(() => {
          include = this.SUBRULE2(this.groupingLabels);
        });
      });
    });
    this.OPTION5(() => {
      this.OR3([
        {
          ALT: () => {
            this.CONSUME(T.Fill);
            fillLeft = fillRight = this.SUBRULE(this.fillValue);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.FillLeft);
            fillLeft = this.SUBRULE2(this.fillValue);
            this.OPTION6(() => {
              this.CONSUME(T.FillRight);
              fillRight = this.SUBRULE3(this.fillValue);
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME2(T.FillRight);
            fillRight = this.SUBRULE4(this.fillValue);
            this.OPTION7(() => {
              this.CONSUME2(T.FillLeft);
              fillLeft = this.SUBRULE5(this.fillValue);
            });
          },
        },
      ]);
    });
    return { returnBool, on, labels, include, card, fillLeft, fillRight };
  });

  private fillValue = this.RULE('fillValue', (): number => {
    this.CONSUME(T.LeftParen);
    let sign = 1;
    this.OPTION(() => {
      const op = this.CONSUME(T.UnaryOpCat);
      if (tokenMatcher(op, T.Sub)) sign = -1;
    });
    const lit = this.SUBRULE(this.numberLiteral);
    this.CONSUME(T.RightParen);
    return this.ACTION(() => sign * lit.value);
  });

  private groupingLabels = this.RULE('groupingLabels', (): string[] => {
    const prev = this.setCtx(CTX.GROUPING_OPEN);
    const labels: string[] = [];
    this.CONSUME(T.LeftParen);
    // Once inside the parentheses, yacc's error recovery names the missing piece as a label.
    this.setCtx(CTX.GROUPING_LABEL);
    this.OPTION(() => {
      labels.push(this.SUBRULE(this.groupingLabel));
      // A comma before ")" is left to OPTION2: the LL(2) lookahead enters only for a comma and a label.
      this.MANY(() => {
        this.CONSUME(T.Comma);
        labels.push(this.SUBRULE2(this.groupingLabel));
      });
      this.setCtx(CTX.GROUPING_NEXT);
      this.OPTION2(() => {
        this.CONSUME2(T.Comma);
        this.setCtx(CTX.GROUPING_LABEL);
      });
    });
    this.CONSUME(T.RightParen);
    this.restoreCtx(prev);
    return labels;
  });

  private groupingLabel = this.RULE('groupingLabel', (): string => {
    this.setCtx(CTX.GROUPING_LABEL);
    return this.OR(this.groupingLabelAlts);
  });

  /** The two forms of a grouping label, built once (they capture no local of the rule). */
  private readonly groupingLabelAlts: IOrAlt<string>[] = [
    {
      ALT: () => {
        const t = this.CONSUME(T.MaybeLabelCat);
        this.ACTION(() => {
          if (!isValidUtf8LabelName(t.image)) {
            this.err(`invalid label name for grouping: ${goQuote(t.image)}`, tokenPos(t));
          }
        });
        return t.image;
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.StringTok);
        return this.ACTION(() => {
          const v = unquote(t, this.err);
          if (!isValidUtf8LabelName(v)) this.err(`invalid label name for grouping: ${goQuote(v)}`, tokenPos(t));
          return v;
        });
      },
    },
  ];

  /**
   * The alternatives of a primary expression, built once: they capture no local of the rule, and
   * chevrotain would otherwise get a fresh array of closures for every operand parsed.
   */
  private readonly primaryAlts: OrMethodOpts<Expr> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { ALT: () => { const t = this.CONSUME(T.NumberTok); return this.ACTION(() => numberLiteral(t, this.err)); } },
      { ALT: () => { const t = this.CONSUME(T.DurationTok); return this.ACTION(() => durationLiteral(t, this.err)); } },
      {
        ALT: () => {
          const t = this.CONSUME(T.StringTok);
          return this.ACTION(() => ({ type: 'StringLiteral' as const, value: unquote(t, this.err), pos: tokenPos(t) }));
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LeftParen);
          const inner = this.SUBRULE(this.expression);
          const close = this.CONSUME(T.RightParen);
          return { type: 'ParenExpr' as const, expr: inner, pos: tokenPos(open, close) };
        },
      },
      {
        GATE: () => isAggregateStart(this.LA(1), this.LA(2)),
        ALT: () => this.SUBRULE(this.aggregateExpr),
      },
      {
        GATE: () => isCallStart(this.LA(1), this.LA(2)),
        ALT: () => this.SUBRULE(this.functionCall),
      },
      { ALT: () => { const t = this.CONSUME(T.PreParsedTok); return this.ACTION(() => this.takeFragment(t)); } },
      { ALT: () => this.SUBRULE(this.vectorSelector) },
    ],
  };

  /** A primary expression (inlined: one rule call less per operand) and its postfix modifiers. */
  private postfixExpr = this.RULE('postfixExpr', (): Expr => {
    let e: Expr = this.OR2(this.primaryAlts);
    this.MANY(() => {
      this.OR([
        { ALT: () => { e = this.SUBRULE(this.bracketSuffix, { ARGS: [e] }); } },
        {
          ALT: () => {
            this.CONSUME(T.Offset);
            const prev = this.setCtx(CTX.OFFSET);
            const d = this.SUBRULE(this.offsetDuration);
            const last = this.LA(0);
            this.restoreCtx(prev);
            e = this.ACTION(() => {
              if (d.type === 'NumberLiteral') return applyOffset(e, secondsToDurationMs(d.value), null, tokenEnd(last), this.err);
              return applyOffset(e, 0, d, tokenEnd(last), this.err);
            });
          },
        },
        { ALT: () => { e = this.SUBRULE(this.atModifier, { ARGS: [e] }); } },
        {
          ALT: () => {
            const t = this.CONSUME(T.Anchored);
            e = this.ACTION(() => applyExtended(e, 'anchored', !!this.opts.extendedRangeSelectors, tokenEnd(t), this.err));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.Smoothed);
            e = this.ACTION(() => applyExtended(e, 'smoothed', !!this.opts.extendedRangeSelectors, tokenEnd(t), this.err));
          },
        },
      ]);
    });
    return e;
  });

  private atModifier = this.RULE('atModifier', (target: Expr): Expr => {
    this.CONSUME(T.At);
    const prev = this.setCtx(CTX.AT);
    const result = this.OR([
      {
        ALT: () => {
          const which = this.OR2([
            { ALT: () => this.CONSUME(T.Start) },
            { ALT: () => this.CONSUME(T.End) },
          ]);
          this.CONSUME(T.LeftParen);
          const close = this.CONSUME(T.RightParen);
          return this.ACTION(() =>
            applyAt(target, tokenMatcher(which, T.Start) ? 'start' : 'end', tokenEnd(close), this.err));
        },
      },
      {
        ALT: () => {
          let sign = 1;
          this.OPTION(() => {
            const op = this.CONSUME(T.UnaryOpCat);
            if (tokenMatcher(op, T.Sub)) sign = -1;
          });
          const lit = this.SUBRULE(this.numberLiteral);
          return this.ACTION(() => applyAt(target, { seconds: sign * lit.value }, lit.pos.end, this.err));
        },
      },
    ]);
    this.restoreCtx(prev);
    return result;
  });

  private bracketSuffix = this.RULE('bracketSuffix', (target: Expr): Expr => {
    const open = this.CONSUME(T.LeftBracket);
    let prev = this.setCtx(CTX.RANGE);
    const range = this.SUBRULE(this.positiveDuration);
    this.setCtx(CTX.RANGE_END);
    let isSubquery = false;
    let step: DurationNode | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      isSubquery = true;
      this.setCtx(CTX.SUBQUERY_STEP);
      this.OPTION2(() => {
        step = this.SUBRULE2(this.positiveDuration);
        this.setCtx(CTX.SUBQUERY_CLOSE);
      });
    });
    const close = this.CONSUME(T.RightBracket);
    this.restoreCtx(prev);
    return this.ACTION(() => {
      const pos = { start: target.pos.start, end: tokenEnd(close) };
      const rangeMs = range.type === 'NumberLiteral' ? secondsToDurationMs(range.value) : 0;
      const rangeExpr = range.type === 'DurationExpr' ? range : null;
      if (isSubquery) {
        const s = step as DurationNode | null;
        return {
          type: 'SubqueryExpr', expr: target, range: rangeMs, rangeExpr,
          step: s && s.type === 'NumberLiteral' ? secondsToDurationMs(s.value) : 0,
          stepExpr: s && s.type === 'DurationExpr' ? s : null,
          offset: 0, offsetExpr: null, at: null, pos,
        };
      }
      checkRangeTarget(target, tokenPos(open, close), this.err);
      return { type: 'MatrixSelector', vectorSelector: target, range: rangeMs, rangeExpr, pos };
    });
  });

  /** A duration expression that must be > 0 when it is a constant. */
  private positiveDuration = this.RULE('positiveDuration', (): DurationNode => {
    const d = this.OR(this.positiveDurationAlts);
    return this.ACTION(() => {
      if (d.type === 'NumberLiteral' && d.value <= 0) {
        this.errAfterLookahead('duration must be greater than 0', d.pos);
        return { ...d, value: 0 };
      }
      return d;
    });
  });

  /**
   * A range or step: most are one literal (`5m`), read here directly rather than through the four
   * rules of a duration expression, which give the same node for it (with the same errors). Built once.
   */
  private readonly positiveDurationAlts: OrMethodOpts<DurationNode> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        GATE: () => isLoneLiteral(this.LA(1), this.LA(2)),
        ALT: () => {
          const lit = this.SUBRULE(this.numberLiteral);
          return this.ACTION(() => checkDurationRange(lit, this.err));
        },
      },
      { ALT: () => this.SUBRULE(this.durationExpr) },
    ],
  };

  private durationExpr = this.RULE('durationExpr', (): DurationNode => {
    const first = this.SUBRULE(this.durationUnary);
    const rest: { op: IToken; rhs: DurationNode }[] = [];
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(T.Add) }, { ALT: () => this.CONSUME(T.Sub) },
        { ALT: () => this.CONSUME(T.Mul) }, { ALT: () => this.CONSUME(T.Div) },
        { ALT: () => this.CONSUME(T.Mod) },
      ]);
      const rhs = this.SUBRULE2(this.durationUnary);
      rest.push({ op, rhs });
    });
    return this.ACTION(() => foldDuration(first, rest, this.opts, this.err));
  });

  private durationUnary = this.RULE('durationUnary', (): DurationNode => {
    return this.OR([
      {
        ALT: () => {
          const op = this.CONSUME(T.UnaryOpCat);
          const operand = this.SUBRULE(this.durationPow);
          return this.ACTION(() => negateDuration(op, operand, this.err));
        },
      },
      { ALT: () => this.SUBRULE2(this.durationPow) },
    ]);
  });

  /**
   * An atom, with a right-associative `^` chain whose operands may be signed (it binds tighter
   * than unary minus). A loop folded from the right, as unaryExpr.
   */
  private durationPow = this.RULE('durationPow', (): DurationNode => {
    const base = this.SUBRULE(this.durationAtom);
    let chain: { op: IToken; sign: IToken | null; rhs: DurationNode }[] | null = null;
    this.MANY(() => {
      const op = this.CONSUME(T.Pow);
      let sign: IToken | null = null;
      this.OPTION(() => {
        sign = this.CONSUME(T.UnaryOpCat);
      });
      const rhs = this.SUBRULE2(this.durationAtom);
      (chain ??= []).push({ op, sign, rhs });
    });
    return this.ACTION(() => {
      if (chain === null) return base;
      const signed = (sign: IToken | null, d: DurationNode) => (sign ? negateDuration(sign, d, this.err) : d);
      const last = chain[chain.length - 1];
      let result = signed(last.sign, last.rhs);
      for (let i = chain.length - 1; i >= 0; i--) {
        result = foldDuration(i === 0 ? base : chain[i - 1].rhs, [{ op: chain[i].op, rhs: result }], this.opts, this.err);
        if (i > 0) result = signed(chain[i - 1].sign, result);
      }
      return result;
    });
  });

  /** A duration operand; `signed` when a sign precedes it, which moves the range check to the sign. */
  private durationAtom = this.RULE('durationAtom', (signed = false): DurationNode => {
    const ranged = (lit: NumberLiteral) => (signed ? lit : checkDurationRange(lit, this.err));
    return this.OR([
      { ALT: () => { const t = this.CONSUME(T.NumberTok); return this.ACTION(() => ranged(numberLiteral(t, this.err))); } },
      { ALT: () => { const t = this.CONSUME(T.DurationTok); return this.ACTION(() => ranged(durationLiteral(t, this.err))); } },
      { ALT: () => this.SUBRULE(this.durationFunction) },
      {
        ALT: () => {
          const open = this.CONSUME(T.LeftParen);
          const inner = this.SUBRULE(this.durationExpr);
          this.CONSUME(T.RightParen);
          return this.ACTION(() => wrapDuration(inner, open, this.opts, this.err));
        },
      },
    ]);
  });

  private durationFunction = this.RULE('durationFunction', (): DurationExpr => {
    return this.OR([
      {
        ALT: () => {
          const kw = this.OR2([{ ALT: () => this.CONSUME(T.Step) }, { ALT: () => this.CONSUME(T.Range) }]);
          this.CONSUME(T.LeftParen);
          const close = this.CONSUME(T.RightParen);
          return this.ACTION(() => {
            const de: DurationExpr = {
              type: 'DurationExpr', op: tokenMatcher(kw, T.Step) ? 'step' : 'range', lhs: null, rhs: null,
              wrapped: false, pos: tokenPos(kw, close),
            };
            experimentalDuration(de, this.opts, this.err);
            return de;
          });
        },
      },
      {
        ALT: () => {
          const kw = this.OR3([{ ALT: () => this.CONSUME(T.MaxOf) }, { ALT: () => this.CONSUME(T.MinOf) }]);
          this.CONSUME2(T.LeftParen);
          const a = this.SUBRULE(this.durationExpr);
          this.CONSUME(T.Comma);
          const b = this.SUBRULE2(this.durationExpr);
          this.CONSUME2(T.RightParen);
          return this.ACTION(() => {
            const de: DurationExpr = {
              type: 'DurationExpr', op: tokenMatcher(kw, T.MaxOf) ? 'max_of' : 'min_of', lhs: a, rhs: b,
              // Prometheus compatibility: the range of a two-operand node spans its operands.
              wrapped: false, pos: { start: a.pos.start, end: b.pos.end },
            };
            experimentalDuration(de, this.opts, this.err);
            return de;
          });
        },
      },
    ]);
  });

  /** After `offset`: one signed literal, a duration function, or a parenthesised expression. */
  private offsetDuration = this.RULE('offsetDuration', (): DurationNode => {
    let sign: IToken | null = null;
    this.OPTION(() => {
      sign = this.CONSUME(T.UnaryOpCat);
    });
    const atom = this.SUBRULE(this.durationAtom, { ARGS: [sign !== null] });
    return this.ACTION(() => {
      if (!sign) return atom;
      // Prometheus re-wraps a signed parenthesised literal over the literal's own range.
      const inner = atom.type === 'DurationExpr' && atom.op === '+' && atom.lhs === null && atom.rhs?.type === 'NumberLiteral'
        ? { ...atom, pos: atom.rhs.pos } : atom;
      return negateDuration(sign, inner, this.err);
    });
  });

  private numberLiteral = this.RULE('numberLiteral', (): NumberLiteral => {
    return this.OR(this.numberAlts);
  });

  private readonly numberAlts: IOrAlt<NumberLiteral>[] = [
    { ALT: () => { const t = this.CONSUME(T.NumberTok); return this.ACTION(() => numberLiteral(t, this.err)); } },
    { ALT: () => { const t = this.CONSUME(T.DurationTok); return this.ACTION(() => durationLiteral(t, this.err)); } },
  ];

  private aggregateExpr = this.RULE('aggregateExpr', (): Expr => {
    const opTok = this.CONSUME(T.AggregatorCat);
    const prev = this.setCtx(CTX.AGGREGATION);
    const prevCatch = this.catchCtx;
    if (!this.RECORDING_PHASE) this.catchCtx = this.ctx;
    let grouping: string[] | null = null;
    let without = false;
    const modifier = () => {
      this.OR([
        { ALT: () => this.CONSUME(T.By) },
        { ALT: () => { this.CONSUME(T.Without); without = true; } },
      ]);
      return this.SUBRULE(this.groupingLabels);
    };
    this.OPTION(() => {
      grouping = modifier();
    });
    this.setCtx(CTX.AGGREGATION);
    const args = this.SUBRULE(this.callArgs);
    const close = this.LA(0);
    this.restoreCtx(prev);
    if (!this.RECORDING_PHASE) this.catchCtx = prevCatch;
    let last = close;
    this.OPTION2({
      GATE: () => grouping === null,
      DEF: () => {
        this.OR2([
          { ALT: () => this.CONSUME2(T.By) },
          { ALT: () => { this.CONSUME2(T.Without); without = true; } },
        ]);
        grouping = this.SUBRULE2(this.groupingLabels);
        last = this.LA(0);
      },
    });
    return this.ACTION(() => buildAggregate(opTok, args, grouping ?? [], without,
      tokenPos(opTok, last), this.opts, this.err));
  });

  private functionCall = this.RULE('functionCall', (): Expr => {
    const name = this.CONSUME(T.MetricIdentifierCat);
    const args = this.SUBRULE(this.callArgs);
    const close = this.LA(0);
    return this.ACTION(() => {
      const sig = FUNCTION_SIGNATURES.get(name.image);
      if (!sig) this.err(`unknown function with name ${goQuote(name.image)}`, tokenPos(name));
      else if (sig.experimental && !this.opts.experimentalFunctions) {
        this.err(`function ${goQuote(name.image)} is not enabled`, tokenPos(name));
      }
      return { type: 'Call' as const, func: name.image, args, pos: tokenPos(name, close) };
    });
  });

  private callArgs = this.RULE('callArgs', (): Expr[] => {
    const args: Expr[] = [];
    this.CONSUME(T.LeftParen);
    const prev = this.ctx;
    if (!this.RECORDING_PHASE) this.ctx = this.catchCtx;
    this.OPTION(() => {
      args.push(this.SUBRULE(this.expression));
      this.MANY(() => {
        const comma = this.CONSUME(T.Comma);
        let got = false;
        this.OPTION2(() => {
          args.push(this.SUBRULE2(this.expression));
          got = true;
        });
        this.ACTION(() => {
          if (!got) this.errAfterLookahead('trailing commas not allowed in function call args', tokenPos(comma));
        });
      });
    });
    if (!this.RECORDING_PHASE) this.ctx = prev;
    this.CONSUME(T.RightParen);
    return args;
  });

  private vectorSelector = this.RULE('vectorSelector', (): VectorSelector => this.OR(this.vectorSelectorAlts));

  /** A selector with a metric name, or with matchers only. Built once (they capture no local of the rule). */
  private readonly vectorSelectorAlts: IOrAlt<VectorSelector>[] = [
    {
      ALT: () => {
        const t = this.CONSUME(T.MetricIdentifierCat);
        let matchers: LabelMatcher[] = [];
        this.OPTION(() => {
          matchers = this.SUBRULE(this.labelMatchers);
        });
        const last = this.LA(0);
        return this.ACTION(() => {
          // The name is a matcher too, after the others (the array is this selector's own).
          matchers.push({ name: '__name__', op: '=', value: t.image });
          return selectorNode(t.image, matchers, t, last);
        });
      },
    },
    {
      ALT: () => {
        const first = this.LA(1);
        const matchers = this.SUBRULE2(this.labelMatchers);
        const last = this.LA(0);
        return this.ACTION(() => selectorNode('', matchers, first, last));
      },
    },
  ];

  private labelMatchers = this.RULE('labelMatchers', (): LabelMatcher[] => {
    const matchers: LabelMatcher[] = [];
    this.CONSUME(T.LeftBrace);
    const prev = this.setCtx(CTX.MATCHING_NAME);
    this.OPTION(() => {
      matchers.push(this.SUBRULE(this.labelMatcher));
      // A comma before "}" is left to OPTION2: the LL(2) lookahead enters only for a comma and a matcher.
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.setCtx(CTX.MATCHING_NAME);
        matchers.push(this.SUBRULE2(this.labelMatcher));
      });
      this.OPTION2(() => {
        this.CONSUME2(T.Comma);
        this.setCtx(CTX.MATCHING_NAME);
      });
    });
    this.CONSUME(T.RightBrace);
    this.restoreCtx(prev);
    return matchers;
  });

  private labelMatcher = this.RULE('labelMatcher', (): LabelMatcher => this.OR(this.labelMatcherAlts));

  /** The two forms of a label matcher, built once (they capture no local of the rule). */
  private readonly labelMatcherAlts: IOrAlt<LabelMatcher>[] = [
    {
      ALT: () => {
        const name = this.CONSUME(T.Identifier);
        this.setCtx(CTX.MATCHING_OP);
        const op = this.CONSUME(T.MatchOpCat);
        this.setCtx(CTX.MATCHING_VALUE);
        const value = this.CONSUME(T.StringTok);
        this.setCtx(CTX.MATCHING_NEXT);
        return this.ACTION(() => makeMatcher(name.image, op, value, name, this.err));
      },
    },
    {
      ALT: () => {
        const nameTok = this.CONSUME2(T.StringTok);
        let result: LabelMatcher | null = null;
        this.setCtx(CTX.MATCHING_NEXT);
        this.OPTION(() => {
          const op = this.CONSUME2(T.MatchOpCat);
          this.setCtx(CTX.MATCHING_VALUE);
          const value = this.CONSUME3(T.StringTok);
          this.setCtx(CTX.MATCHING_NEXT);
          result = this.ACTION(() => makeMatcher(unquote(nameTok, this.err), op, value, nameTok, this.err));
        });
        return this.ACTION(() => result ?? { name: '__name__', op: '=' as const, value: unquote(nameTok, this.err) });
      },
    },
  ];
}

function isAggregateStart(t1: IToken, t2: IToken): boolean {
  return tokenMatcher(t1, T.AggregatorCat) &&
    (tokenMatcher(t2, T.LeftParen) || tokenMatcher(t2, T.By) || tokenMatcher(t2, T.Without));
}

const CALLABLE: TokenType[] = [T.Identifier, T.Start, T.End, T.Step, T.Range, T.MaxOf, T.MinOf];

function isCallStart(t1: IToken, t2: IToken): boolean {
  return CALLABLE.some((c) => tokenMatcher(t1, c)) && tokenMatcher(t2, T.LeftParen);
}

// The tokens that continue a duration expression after an operand.
const DURATION_CONTINUES: boolean[] = [];
for (const t of [T.Pow, T.Add, T.Sub, T.Mul, T.Div, T.Mod]) DURATION_CONTINUES[t.tokenTypeIdx!] = true;

/** A number or duration that is a whole duration expression: no duration operator follows it. */
function isLoneLiteral(t1: IToken, t2: IToken): boolean {
  return (tokenMatcher(t1, T.NumberTok) || tokenMatcher(t1, T.DurationTok)) && DURATION_CONTINUES[t2.tokenTypeIdx] !== true;
}

/** A vector selector node without modifiers, from its first to its last token. */
function selectorNode(name: string, matchers: LabelMatcher[], first: IToken, last: IToken): VectorSelector {
  return {
    type: 'VectorSelector', name, matchers, offset: 0, offsetExpr: null, at: null, anchored: false, smoothed: false,
    pos: tokenPos(first, last),
  };
}

/** A label matcher; a regex that does not compile is an error over the whole matcher. */
function makeMatcher(name: string, opTok: IToken, valueTok: IToken, first: IToken, err: ErrorSink): LabelMatcher {
  const value = unquote(valueTok, err);
  const op = opTok.image as MatchOp;
  if (op === '=~' || op === '!~') {
    const msg = compileRegexError(value);
    if (msg) err(msg, tokenPos(first, valueTok));
  }
  return { name, op, value };
}

function checkDurationRange(lit: NumberLiteral, err: ErrorSink): NumberLiteral {
  if (lit.value > 9223372036.854775807 || lit.value < -9223372036.854775808) {
    err('duration out of range', lit.pos);
    return { ...lit, value: 0 };
  }
  return lit;
}

function experimentalDuration(e: DurationNode, opts: ParserOptions, err: ErrorSink): void {
  if (!opts.durationExpressions) err('experimental duration expression is not enabled', e.pos);
}

function wrapDuration(inner: DurationNode, open: IToken, opts: ParserOptions, err: ErrorSink): DurationNode {
  experimentalDuration(inner, opts, err);
  if (inner.type === 'DurationExpr') return { ...inner, wrapped: true };
  // Prometheus compatibility: a one-operand node's range ends where its operand ends.
  return { type: 'DurationExpr', op: '+', lhs: null, rhs: inner, wrapped: true, pos: tokenPos(open, inner.pos.end) };
}

/** Prometheus `applyUnaryOpToDurationExpr`. */
function negateDuration(op: IToken, operand: DurationNode, err: ErrorSink): DurationNode {
  const neg = tokenMatcher(op, T.Sub);
  if (operand.type === 'DurationExpr') {
    if (!neg) return operand;
    return { type: 'DurationExpr', op: '-', lhs: null, rhs: operand, wrapped: false, pos: tokenPos(op, operand.pos.end) };
  }
  const value = neg ? -operand.value : operand.value;
  if (value > 9223372036.854775807 || value < -9223372036.854775808) {
    err('duration out of range', tokenPos(op));
    return { ...operand, value: 0 };
  }
  return { ...operand, value, pos: tokenPos(op, operand.pos.end) };
}

function buildAggregate(
  opTok: IToken, args: Expr[], grouping: string[], without: boolean, pos: Pos, opts: ParserOptions, err: ErrorSink,
): Expr {
  const op = opTok.image.toLowerCase() as AggregateOp;
  const withParam = op === 'topk' || op === 'bottomk' || op === 'count_values' || op === 'quantile' ||
    op === 'limitk' || op === 'limit_ratio';
  // Built as literals (not spread from a shared base), which V8 creates much faster.
  const node = (expr: Expr, param: Expr | null): Expr => ({ type: 'AggregateExpr', op, grouping, without, pos, expr, param });
  if (args.length === 0) {
    err('no arguments for aggregate expression provided', pos);
    return node(placeholder(pos), null);
  }
  if (withParam && (op === 'limitk' || op === 'limit_ratio') && !opts.experimentalFunctions) {
    err(`${op}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`, pos);
    return node(args[args.length - 1], args[0]);
  }
  const want = withParam ? 2 : 1;
  if (args.length !== want) {
    err(`wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`, pos);
    return node(args[args.length - 1], withParam ? args[0] : null);
  }
  return node(args[want - 1], withParam ? args[0] : null);
}

function placeholder(pos: Pos): Expr {
  return { type: 'NumberLiteral', value: 0, duration: false, pos };
}

