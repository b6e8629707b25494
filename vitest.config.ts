import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run the sources: chevrotain's package entry, not the bundle the built package loads
  // under Node (`#chevrotain` in package.json "imports"), so no build is needed first.
  resolve: { alias: { '#chevrotain': 'chevrotain' } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // CI has 2 cores: use both (vitest's default leaves one core idle there).
    maxWorkers: 2,
  },
});
