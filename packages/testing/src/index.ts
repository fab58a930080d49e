export { createTestDatabase, type TestDatabase } from './test-database';
export { startTestRedis, type TestRedis } from './test-redis';
/** For a server a test starts on a port of its own (e.g. a spawned API). */
export { freePort } from '@conduct/local-servers';
export { seedCases, type SeedCase, type SeededCase } from './case-seed';
export {
  seedBenchmarkTenant,
  seedBenchmarkCases,
  type SeedTenant,
  type SeedBenchmarkCase,
  type SeedPurgedCase,
} from './benchmark-seed';
