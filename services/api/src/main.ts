// First: tracing patches express, pg and ioredis as they load.
import { tracing } from './observability/tracing';
import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@conduct/config';
import { SchemaVersionError } from '@conduct/db';
import { openConnections } from './runtime/connections';
import { runApi } from './api-process';

/** The API alone, as deployed: `node services/api/dist/main.js`. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('api', config.LOG_LEVEL);
  const connections = await openConnections(config, logger);
  const api = await runApi(config, logger, connections);
  logger.info({ port: api.port }, `API listening on http://localhost:${api.port}/graphql`);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down: draining requests');
    await api.close();
    await connections.stopLocalServers();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  // A bad setting or an unknown schema: one line the operator can act on, no stack.
  console.error(e instanceof ConfigError || e instanceof SchemaVersionError ? e.message : e);
  process.exit(1);
});
