// The lookahead table of a grammar, computed with chevrotain: what tools/build/lookahead-table.mjs
// writes to lookahead-table.generated.ts and what the table test compares it with.
import {
  getLookaheadPaths, GAstVisitor, type Alternation, type Option, type Repetition, type RepetitionMandatory,
  type RepetitionMandatoryWithSeparator, type RepetitionWithSeparator, type Rule,
} from '#chevrotain';
import { lookaheadKey, type LookaheadEntry, type LookaheadProdType } from './lookahead-strategy.js';

/** A production that has a lookahead function: its type, occurrence index and own depth, if any. */
interface Production {
  prodType: LookaheadProdType;
  idx: number;
  maxLookahead?: number;
}

/** Collects the productions of a rule that chevrotain builds lookahead functions for. */
class ProductionCollector extends GAstVisitor {
  readonly found: Production[] = [];
  private add(prodType: LookaheadProdType, node: { idx: number; maxLookahead?: number }): void {
    this.found.push({ prodType, idx: node.idx, maxLookahead: node.maxLookahead });
  }
  visitAlternation(node: Alternation): void { this.add('Alternation', node); }
  visitOption(node: Option): void { this.add('Option', node); }
  visitRepetition(node: Repetition): void { this.add('Repetition', node); }
  visitRepetitionMandatory(node: RepetitionMandatory): void { this.add('RepetitionMandatory', node); }
  visitRepetitionMandatoryWithSeparator(node: RepetitionMandatoryWithSeparator): void {
    this.add('RepetitionMandatoryWithSeparator', node);
  }
  visitRepetitionWithSeparator(node: RepetitionWithSeparator): void { this.add('RepetitionWithSeparator', node); }
  // Terminals, rule references and plain sequences have no lookahead function of their own.
  visitNonTerminal(): void {}
  visitAlternative(): void {}
  visitTerminal(): void {}
  visitRule(): void {}
}

/**
 * The lookahead paths of every production of `rules` (a parser's recorded grammar), as chevrotain
 * computes them for a parser of lookahead depth `maxLookahead`, by {@link lookaheadKey}, sorted.
 */
export function computeLookaheadTable(rules: readonly Rule[], maxLookahead: number): Record<string, LookaheadEntry> {
  const table: Record<string, LookaheadEntry> = {};
  for (const rule of rules) {
    const collector = new ProductionCollector();
    rule.accept(collector);
    for (const prod of collector.found) {
      const k = prod.maxLookahead || maxLookahead;
      const paths = getLookaheadPaths({ occurrence: prod.idx, rule, prodType: prod.prodType, maxLookahead: k });
      table[lookaheadKey(rule.name, prod.prodType, prod.idx)] = {
        k,
        paths: paths.map((alt) => alt.map((path) => path.map((t) => t.name))),
      };
    }
  }
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
