// Chevrotain's lookahead strategy with the LL(k) paths read from a table made at build time, so
// that start-up does not compute them; the functions that use the paths are ours.
import {
  getLookaheadPaths, LLkLookaheadStrategy, type ILookaheadStrategy, type ILookaheadValidationError,
  type IOrAlt, type OptionalProductionType, type Rule, type TokenType,
} from '#chevrotain';
import { alternationLookahead, optionalLookahead, type AltPaths } from './lookahead-functions.js';

/** The lookahead paths of one production, as token type names, for lookahead depth `k`. */
export interface LookaheadEntry {
  readonly k: number;
  /** Per alternative (for an optional production: inside it, then after it), its paths. */
  readonly paths: readonly (readonly (readonly string[])[])[];
}

/** Lookahead entries by {@link lookaheadKey}. */
export type LookaheadTable = { readonly [key: string]: LookaheadEntry };

/** The production types chevrotain asks a strategy about. */
export type LookaheadProdType = OptionalProductionType | 'Alternation';

/** The table key of a production: its rule, its type and its occurrence index in the rule. */
export function lookaheadKey(rule: string, prodType: LookaheadProdType, occurrence: number): string {
  return `${rule}|${prodType}|${occurrence}`;
}

/**
 * A lookahead strategy that takes each production's paths from `table` and computes them with
 * chevrotain only for productions the table lacks (or has for another depth or unknown token
 * names): a stale table costs start-up time, and the table test catches it. Grammar validation is
 * chevrotain's LL(k) strategy's.
 */
export class TableLookaheadStrategy implements ILookaheadStrategy {
  /** The keys of the productions whose paths were computed rather than read from the table. */
  readonly computed: string[] = [];
  private readonly llk: ILookaheadStrategy;
  private readonly byName: Map<string, TokenType>;

  /**
   * @param table the precomputed paths.
   * @param tokens every token type the paths may name; a name two of them share is not resolved.
   * @param maxLookahead the parser's lookahead depth, as given to chevrotain.
   */
  constructor(private readonly table: LookaheadTable, tokens: readonly TokenType[], maxLookahead: number) {
    this.llk = new LLkLookaheadStrategy({ maxLookahead });
    this.byName = new Map(tokens.map((t) => [t.name, t]));
    const seen = new Set<string>();
    for (const t of tokens) {
      if (seen.has(t.name)) this.byName.delete(t.name);
      seen.add(t.name);
    }
  }

  validate(options: { rules: Rule[]; tokenTypes: TokenType[]; grammarName: string }): ILookaheadValidationError[] {
    return this.llk.validate(options);
  }

  buildLookaheadForAlternation(options: {
    prodOccurrence: number; rule: Rule; maxLookahead: number; hasPredicates: boolean; dynamicTokensEnabled: boolean;
  }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    if (options.dynamicTokensEnabled) return this.llk.buildLookaheadForAlternation(options);
    const paths = this.paths(options.rule, 'Alternation', options.prodOccurrence, options.maxLookahead);
    return alternationLookahead(paths, options.hasPredicates) as (orAlts?: IOrAlt<unknown>[]) => number | undefined;
  }

  buildLookaheadForOptional(options: {
    prodOccurrence: number; prodType: OptionalProductionType; rule: Rule; maxLookahead: number; dynamicTokensEnabled: boolean;
  }): () => boolean {
    if (options.dynamicTokensEnabled) return this.llk.buildLookaheadForOptional(options);
    const paths = this.paths(options.rule, options.prodType, options.prodOccurrence, options.maxLookahead);
    return optionalLookahead(paths[0]) as () => boolean;
  }

  private paths(rule: Rule, prodType: LookaheadProdType, occurrence: number, k: number): readonly AltPaths[] {
    const key = lookaheadKey(rule.name, prodType, occurrence);
    const entry = this.table[key];
    const resolved = entry?.k === k ? this.resolve(entry) : undefined;
    if (resolved) return resolved;
    this.computed.push(key);
    return getLookaheadPaths({ occurrence, rule, prodType, maxLookahead: k });
  }

  /** The entry's paths as token types; undefined if a name is not a token type of the parser. */
  private resolve(entry: LookaheadEntry): AltPaths[] | undefined {
    const alts: TokenType[][][] = [];
    for (const alt of entry.paths) {
      const paths: TokenType[][] = [];
      for (const names of alt) {
        const path: TokenType[] = [];
        for (const name of names) {
          const t = this.byName.get(name);
          if (t === undefined) return undefined;
          path.push(t);
        }
        paths.push(path);
      }
      alts.push(paths);
    }
    return alts;
  }
}
