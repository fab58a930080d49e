export { createTestDatabase, type TestDatabase } from './test-database';
export { startTestRedis, type TestRedis } from './test-redis';
