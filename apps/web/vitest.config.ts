import path from 'node:path';
import { defineConfig } from 'vitest/config';

// "source" resolves workspace packages to their TypeScript sources, so tests need no build.
// Route tests share the machine's Postgres and Redis (a database and key prefix per file): one file at a time.
export default defineConfig({
  resolve: { conditions: ['source'], alias: { '@': path.resolve(import.meta.dirname, 'src') } },
  ssr: { resolve: { conditions: ['source'] } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks', fileParallelism: false },
});
