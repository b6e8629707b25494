// The `--server`, `--header` and `--protocol` options, without the remote storages they select
// (server-flags.ts, imported only when one of them is given: start-up cost).
import type { Command } from 'commander';

/** The server flags as commander gives them. */
export interface ServerFlags {
  readonly server?: string;
  readonly header?: string[];
  readonly protocol?: string;
}

/** Adds `--server`, `--header` and `--protocol` to a command. */
export function addServerFlags(cmd: Command): Command {
  return cmd
    .option('-s, --server <url>', 'read the data from a Prometheus-compatible server (http://host:9090, or a remote-read endpoint …/api/v1/read) instead of --data')
    .option('-H, --header <name:value>', 'HTTP header for the server, repeatable (e.g. "Authorization: Bearer …", "X-Scope-OrgID: tenant")', (v: string, prev: string[] = []) => [...prev, v])
    .option('--protocol <protocol>', 'how to read from --server: remote-read (default) or api (/api/v1/query, for servers without remote read)');
}

/** Whether any server flag was given (then server-flags.ts builds the storage or the error). */
export function serverFlagsGiven(flags: ServerFlags): boolean {
  return flags.server !== undefined || (flags.header?.length ?? 0) > 0 || flags.protocol !== undefined;
}
