import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` (from packages/db) writes the next SQL migration into drizzle/; commit it.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
});
