import type { Config, Logger } from '@conduct/config';
import { packageVersion } from '@conduct/config';
import { createDataSource } from '@conduct/db';
import { producerConnection } from '@conduct/jobs';
import { createApiServer, type ApiServer } from '../server';

export interface RunningApi {
  server: ApiServer;
  port: number;
  close(): Promise<void>;
}

/** Connects, serves, and closes in the reverse order: HTTP drains first, then the pools. */
export async function runApi(
  config: Config,
  logger: Logger,
  urls: { databaseUrl: string; redisUrl: string },
): Promise<RunningApi> {
  const ds = createDataSource(urls.databaseUrl, 'app');
  await ds.initialize();
  const redis = await producerConnection(urls.redisUrl);
  const server = await createApiServer(
    { ds, redis, logger, version: packageVersion },
    config.NODE_ENV === 'production',
  );
  const port = await server.listen(config.PORT);
  return {
    server,
    port,
    close: async () => {
      await server.stop();
      await ds.destroy();
      redis.disconnect();
    },
  };
}
