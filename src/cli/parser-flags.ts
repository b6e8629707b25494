// Parser feature flags shared by CLI commands.
import type { Command } from 'commander';
import type { ParserOptions } from '../parser/parse.js';

/** Adds `--enable-feature` and `--experimental` options to a command. */
export function addFeatureFlags(cmd: Command): Command {
  return cmd
    .option('--experimental', 'enable every experimental PromQL feature (as the Prometheus test suite does)')
    .option('--enable-feature <features>',
      'enable features, comma-separated and repeatable as in Prometheus: promql-experimental-functions, promql-extended-range-selectors, promql-binop-fill-modifiers (promql-duration-expr is accepted and always on)',
      (v: string, all: string[]) => [...all, ...v.split(',').map((x) => x.trim()).filter(Boolean)], [] as string[]);
}

/** Parser options from the parsed flags. Duration expressions are on by default, as in Prometheus 3.14+. */
export function parserOptions(flags: { experimental?: boolean; enableFeature?: string[] }): ParserOptions {
  const f = new Set(flags.enableFeature ?? []);
  const all = !!flags.experimental;
  return {
    experimentalFunctions: all || f.has('promql-experimental-functions'),
    durationExpressions: true,
    extendedRangeSelectors: all || f.has('promql-extended-range-selectors'),
    binopFillModifiers: all || f.has('promql-binop-fill-modifiers'),
  };
}
