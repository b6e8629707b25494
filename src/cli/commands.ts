// The table of `promql` commands. Each entry's module is imported only when that command runs
// (start-up cost), so adding a command is one entry here and one `register…` module.
import type { Command } from 'commander';

/** One `promql` command: how to list it without loading it, and how to load it. */
export interface CommandEntry {
  /** The command name as typed (`promql NAME`). */
  readonly name: string;
  /** One line for `promql --help`, shown without loading the command. */
  readonly summary: string;
  /** Example invocations appended to `promql NAME --help`: [command line, what it does]. */
  readonly examples: readonly (readonly [string, string])[];
  /** Imports the command's module and returns its registration function. */
  readonly load: () => Promise<(program: Command) => void>;
}

/** Every command, in the order `promql --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'check',
    summary: 'check rule files, Grafana dashboards and query files; exit 1 if a problem is found',
    examples: [
      ['promql check rules/', 'every rule file, dashboard and .promql file under rules/'],
      ["promql check --expr 'rate(http_requests_total[5m])'", 'one query'],
      ['promql check -o github alerts.yml', 'annotations for GitHub Actions'],
      ['promql check --data metrics.om rules.yml', 'also evaluate each query over fixture data'],
    ],
    load: async () => (await import('./commands-check.js')).registerCheck,
  },
  {
    name: 'format',
    summary: 'print a query (or every query of a .promql file) in canonical form',
    examples: [
      ["promql format 'sum(rate(x[300s])) by (job)'", 'prints sum by (job) (rate(x[5m]))'],
      ['promql format --pretty queries.promql', 'every query of the file, long ones wrapped'],
      ['promql format --write rules.yml', "rewrite the rule file's expressions in place"],
    ],
    load: async () => (await import('./commands-parse.js')).registerFormat,
  },
  {
    name: 'query',
    summary: 'evaluate a query over fixture data (instant, or range with --start/--end/--step)',
    examples: [
      ["promql query 'up' --data examples/node.om", 'instant query at the newest sample'],
      ["promql query 'rate(http_requests_total[5m])' --data node.om --time 2023-11-14T22:13:20Z", 'at a given time'],
      ["promql query 'sum by (code) (rate(http_requests_total[5m]))' --data node.om -o chart", 'the last hour of the data as a terminal chart'],
      ["promql query 'up' --data node.om --start 1700000000 --end 1700003600 --step 1m", 'a range query'],
      ["promql query 'up' --data node.om -o json", 'the /api/v1/query JSON envelope'],
    ],
    load: async () => (await import('./commands-query.js')).registerQuery,
  },
  {
    name: 'test',
    summary: 'run promqltest scripts (.test) and Prometheus rule unit tests (.yml/.yaml, as promtool test rules)',
    examples: [
      ['promql test tests/*.test', 'promqltest scripts'],
      ['promql test --diff alerts_test.yml', 'rule unit tests, with a diff on each mismatch'],
      ['promql test --junit report.xml tests/', 'also write a JUnit report'],
    ],
    load: async () => (await import('./commands-test.js')).registerTest,
  },
  {
    name: 'serve',
    summary: "serve Prometheus's HTTP API (/api/v1/…) and a query page over fixture files or a remote-read endpoint",
    examples: [
      ['promql serve --data examples/node.om', 'http://127.0.0.1:9090/: the API (point Grafana or promtool at it) and a query page'],
      ['promql serve --data a.om b.series --listen 127.0.0.1:9091 --query-timeout 30s', 'another port, a shorter timeout'],
      ['promql serve --remote-read http://prometheus:9090/api/v1/read', "a Prometheus's data through promql-ts"],
    ],
    load: async () => (await import('./commands-serve.js')).registerServe,
  },
  {
    name: 'completion',
    summary: 'print a shell completion script (bash, zsh or fish)',
    examples: [
      ['source <(promql completion bash)', 'bash, for this shell (add it to ~/.bashrc to keep it)'],
      ['promql completion zsh > "${fpath[1]}/_promql"', 'zsh'],
      ['promql completion fish > ~/.config/fish/completions/promql.fish', 'fish'],
    ],
    load: async () => (await import('./commands-completion.js')).registerCompletion,
  },
];

/** The `Examples:` block of a command's help: each command line, then what it does. */
export function examplesHelp(entry: CommandEntry): string {
  return `\nExamples:\n${entry.examples.map(([cmd, what]) => `  ${cmd}\n      ${what}`).join('\n')}\n`;
}
