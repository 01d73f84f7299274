import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator: TypeScript types for the operations in examples/operations/ (their
 * variables, the input types and enums these use, and their results), and each operation as a
 * typed document node that any GraphQL client can send. Run from the repository's root:
 * npm run codegen.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: 'examples/operations/*.graphql',
  generates: {
    'examples/generated/graphql.ts': {
      // typescript-operations writes the inputs and enums the operations use, so the schema-wide
      // `typescript` plugin would only add what a client never touches.
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        // The schema's custom scalars as they travel in JSON.
        scalars: { Date: 'string', DateTime: 'string' },
        useTypeImports: true,
      },
    },
  },
};

export default config;
