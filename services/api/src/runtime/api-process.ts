import type { DataSource } from 'typeorm';
import type { Config, Logger } from '@conduct/config';
import { clockFrom, packageVersion } from '@conduct/config';
import { createDataSource } from '@conduct/db';
import { producerConnection } from '@conduct/jobs';
import { createApiServer, type ApiServer } from '../server';
import { PolicyCache } from '../tenancy/policy-cache';

export interface RunningApi {
  server: ApiServer;
  ds: DataSource;
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
    {
      ds,
      redis,
      logger,
      version: packageVersion,
      // The system clock; a clock file only in tests (the config refuses one in production).
      clock: clockFrom(config),
      policies: new PolicyCache(),
      auth: {
        production: config.NODE_ENV === 'production',
        devIssuerSecret: config.DEV_ISSUER_SECRET,
        platformOidc:
          config.PLATFORM_OIDC_ISSUER &&
          config.PLATFORM_OIDC_JWKS_URL &&
          config.PLATFORM_OIDC_AUDIENCE
            ? {
                issuer: config.PLATFORM_OIDC_ISSUER,
                jwksUrl: config.PLATFORM_OIDC_JWKS_URL,
                audience: config.PLATFORM_OIDC_AUDIENCE,
              }
            : undefined,
      },
    },
    config.NODE_ENV === 'production',
    { corsOrigins: config.CORS_ORIGINS, consoleOidcClients: config.CONSOLE_OIDC_CLIENTS },
  );
  const port = await server.listen(config.PORT);
  return {
    server,
    ds,
    port,
    close: async () => {
      await server.stop();
      await ds.destroy();
      redis.disconnect();
    },
  };
}
