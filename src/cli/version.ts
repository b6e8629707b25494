// The package version for `promql --version`, read from the package.json above this module (the
// same walk works from src/cli under tsx and from dist/src/cli once built or installed).
import { readFileSync } from 'node:fs';

/** The version field of promql-ts's package.json, or "unknown" when it cannot be found. */
export function packageVersion(): string {
  let dir = new URL('.', import.meta.url);
  for (let up = 0; up < 4; up++) {
    dir = new URL('..', dir);
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'promql-ts' && pkg.version) return pkg.version;
    } catch {
      // Not here: keep walking up.
    }
  }
  return 'unknown';
}
