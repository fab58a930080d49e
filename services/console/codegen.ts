import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Every GraphQL document in src/ is checked against the API's committed schema:
 * a document that asks for a field the schema lacks fails the build, and the
 * result and variable types follow the schema.
 */
const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  errorsOnly: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        documentMode: 'string',
        scalars: { DateTimeISO: 'string' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};
export default config;
