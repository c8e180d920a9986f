import { defineConfig } from 'vitest/config';

// Specs run one file at a time against one started platform (global setup): a 2-core machine
// also runs its web server and worker.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['api/**/*.spec.ts', 'ui/**/*.spec.ts'],
    globalSetup: ['support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
    teardownTimeout: 60_000,
    // Browser specs poll what the page shows; a page may take seconds to get there.
    expect: { poll: { timeout: 20_000, interval: 200 } },
  },
});
