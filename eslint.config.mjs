import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Audit events are written only through the vocabulary (packages/casework/src/audit/vocabulary.ts). */
/** Test, fixture and bench code: not production sources. */
const TEST_CODE = [
  '**/*.test.ts',
  '**/*.testkit.ts',
  '**/*.fixture.ts',
  '**/testing/**',
  '**/bench/**',
];

const AUDIT_WRITER = {
  name: '@conduct/db',
  importNames: ['appendAuditEvent'],
  message:
    'Write audit events through the vocabulary: recordEvent / appendVocabularyEvent / audit().',
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-bench/**',
      '**/dist-testing/**',
      '**/node_modules/**',
      '.conduct/**',
      '**/coverage/**',
      'services/console/src/gql/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // Boundaries (issue 12): no package reaches into another's build output; the
  // API does not depend on the worker (both are entry points over the domain).
  {
    files: ['packages/*/src/**/*.ts', 'services/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.testkit.ts', '**/*.fixture.ts', '**/testing/**', '**/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [AUDIT_WRITER],
          patterns: [
            { group: ['@conduct/*/dist/*'], message: 'Import the package, not its build output.' },
          ],
        },
      ],
    },
  },
  {
    files: ['services/api/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.testkit.ts', '**/*.fixture.ts', '**/testing/**', '**/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [AUDIT_WRITER],
          patterns: [
            { group: ['@conduct/*/dist/*'], message: 'Import the package, not its build output.' },
            {
              group: ['@conduct/worker', '@conduct/worker/*'],
              message:
                'The API does not depend on the worker: share code through a package (@conduct/casework).',
            },
          ],
        },
      ],
    },
  },
  // Only the GraphQL layer speaks GraphQL (issue 12): services, routes and jobs
  // throw DomainError (@conduct/casework); resolvers and the formatter map it.
  {
    files: ['services/api/src/**/*.ts'],
    ignores: [
      ...TEST_CODE,
      '**/*.resolver.ts',
      'services/api/src/graphql/**',
      'services/api/src/transport/**',
      'services/api/src/server.ts',
      'services/api/src/schema.ts',
      'services/api/src/cli/emit-schema.ts',
      'services/api/src/observability/access-log.ts',
      'services/api/src/idempotency/**',
      'services/api/src/rate-limits/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            AUDIT_WRITER,
            { name: 'graphql', message: 'Throw DomainError; the GraphQL layer maps it.' },
          ],
          patterns: [
            { group: ['@conduct/*/dist/*'], message: 'Import the package, not its build output.' },
            {
              group: ['@conduct/worker', '@conduct/worker/*'],
              message:
                'The API does not depend on the worker: share code through a package (@conduct/casework).',
            },
            {
              group: ['@apollo/server', '@apollo/server/*'],
              message: 'Apollo belongs to the GraphQL layer (server, plugins).',
            },
            {
              group: ['**/graphql/errors', '**/graphql/domain-errors'],
              message: 'Throw DomainError from @conduct/casework; the GraphQL layer maps it.',
            },
          ],
        },
      ],
    },
  },
  // Tests, fixtures and benches reach other packages through their exports too.
  {
    files: [
      '**/*.test.ts',
      '**/*.testkit.ts',
      '**/*.fixture.ts',
      '**/testing/**/*.ts',
      '**/bench/**/*.ts',
      'tests/src/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@conduct/*/dist/*'], message: 'Import the package, not its build output.' },
          ],
        },
      ],
    },
  },
  // The domain is transport-free: GraphQL types and errors stay at the resolver boundary.
  {
    files: [
      'packages/casework/src/**/*.ts',
      'services/api/src/{decisions,reviews,appeals,derestriction,proposals,casework}/*.service.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            AUDIT_WRITER,
            { name: 'graphql', message: 'Domain code throws DomainError; resolvers map it.' },
            { name: 'type-graphql', message: 'Domain code is transport-free.' },
            { name: '@apollo/server', message: 'Domain code is transport-free.' },
          ],
          patterns: [
            {
              group: ['**/graphql/*', '@conduct/*/dist/*', '@conduct/worker'],
              message: 'Domain code is transport-free.',
            },
            {
              group: ['**/*.type', '**/*.inputs'],
              allowTypeImports: true,
              message: 'Only type imports of GraphQL nodes and inputs.',
            },
          ],
        },
      ],
    },
  },
  // The vocabulary is the one writer of the chain.
  {
    files: ['packages/casework/src/audit/vocabulary.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
      },
    },
  },
);
