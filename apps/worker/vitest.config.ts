import { defineConfig } from 'vitest/config';

// "source" resolves workspace packages to their TypeScript sources, so tests need no build.
// The integration files start worker processes on a 2-core machine: one file at a time.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { testTimeout: 240_000, hookTimeout: 120_000, pool: 'forks', fileParallelism: false },
});
