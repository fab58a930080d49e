export { LocalPostgres, type LocalPostgresOptions } from './postgres';
export { LocalRedis, type LocalRedisOptions, redisInstallHint } from './redis';
export { freePort } from './free-port';
