import { defineConfig } from 'drizzle-kit';

// drizzle-kit only diffs the TypeScript tables against earlier migrations; it never needs a
// database connection for `generate`, so no credentials live here.
export default defineConfig({
  dialect: 'postgresql',
  schema: './schema/index.ts',
  out: './schema/migrations',
});
