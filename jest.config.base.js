// One jest set-up for every workspace: swc compiles TypeScript with the decorator
// metadata that TypeORM and type-graphql read at run time.
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  testTimeout: 60000,
};

/** For workspaces whose tests touch data: a real Postgres cluster for the run. */
const withDatabase = {
  ...base,
  // Pools, Redis clients and child servers close in afterAll; a straggling
  // reconnect timer must not keep CI waiting after every suite has reported.
  forceExit: true,
  setupFiles: ['reflect-metadata'],
  globalSetup: '@conduct/testing/global-setup',
  globalTeardown: '@conduct/testing/global-teardown',
};

module.exports = { base, withDatabase };
