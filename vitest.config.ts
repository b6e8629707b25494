import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run the sources: chevrotain's package entry, not the bundle the built package loads
  // under Node (`#chevrotain` in package.json "imports"), so no build is needed first.
  resolve: { alias: { '#chevrotain': 'chevrotain' } },
  test: {
    testTimeout: 60_000,
    setupFiles: ['test/setup/poison-slabs.ts'],
    // CI has 2 cores: use both (vitest's default leaves one core idle there).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'main', include: ['test/**/*.test.ts'], exclude: ['test/eval/limits.test.ts'], sequence: { groupOrder: 0 } },
      },
      {
        // Wall-clock limits (a 10 ms ticker must keep ticking): measured after everything else, on
        // an otherwise idle machine, not beside another test file competing for the cores.
        extends: true,
        test: { name: 'timing', include: ['test/eval/limits.test.ts'], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
