import { defineConfig } from 'vitest/config';

// "source" resolves workspace packages to their TypeScript sources, so tests need no build.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' },
});
