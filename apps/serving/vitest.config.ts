import { defineConfig } from 'vitest/config';

// "source" resolves workspace packages to their TypeScript sources, so tests need no build.
// The integration files start serving processes on a 2-core machine: one file at a time.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, pool: 'forks', fileParallelism: false },
});
