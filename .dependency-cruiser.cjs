/**
 * Layer rules checked by CI (npm run lint:layers). src/graphql/ is the top layer: the schema's
 * types, resolvers and server wiring. Nothing below it imports from it, so that the CLIs,
 * services, loaders and exports work without building the schema. The schema-printing CLI is
 * the one file that needs the schema itself, and src/app.ts is the composition root that serves it.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'graphql-is-the-top-layer',
      severity: 'error',
      comment:
        'Only src/graphql/ (and the schema-printing CLI) may import from src/graphql/: move what is shared to src/core/ or next to the SQL it feeds.',
      from: { path: '^src/', pathNot: ['^src/graphql/', '^src/cli/schema\\.ts$', '^src/app\\.ts$'] },
      to: { path: '^src/graphql/' },
    },
    {
      name: 'no-circular-outside-graphql',
      severity: 'warn',
      comment: 'A cycle between modules below the GraphQL layer makes their load order fragile.',
      from: { path: '^src/', pathNot: '^src/graphql/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
