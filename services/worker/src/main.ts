import 'reflect-metadata';
import { hostname } from 'node:os';
import { ConfigError, createLogger, loadConfig } from '@conduct/config';
import { appUrlFor, createDataSource } from '@conduct/db';
import { startWorkers } from './worker';

/** The worker process: `node services/worker/dist/main.js`. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('worker', config.LOG_LEVEL);
  const databaseUrl =
    config.DATABASE_APP_URL ??
    (config.DATABASE_URL
      ? appUrlFor(config.DATABASE_URL, config.DATABASE_APP_PASSWORD)
      : undefined);
  const redisUrl = config.REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    throw new ConfigError([
      ...(databaseUrl ? [] : ['DATABASE_APP_URL: is required by the worker (or DATABASE_URL)']),
      ...(redisUrl ? [] : ['REDIS_URL: is required by the worker']),
    ]);
  }
  const ds = createDataSource(databaseUrl, 'app', 5);
  await ds.initialize();
  const name = `${hostname()}-${process.pid}`;
  const workers = startWorkers({ ds, redisUrl, logger, name });
  logger.info({ worker: name }, 'worker consuming queues');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'worker shutting down: finishing jobs in hand');
    await workers.close();
    await ds.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
