import type { DataSource } from 'typeorm';
import type { Config, Logger } from '@conduct/config';
import { clockFrom, packageVersion } from '@conduct/config';
import { assertKnownSchema, createDataSource } from '@conduct/db';
import {
  apiMetrics,
  serveOperations,
  type OperationsServer,
  type PoolCounts,
} from '@conduct/operations';
import { producerConnection } from '@conduct/jobs';
import { createApiServer, type ApiServer } from './server';
import { RateLimits } from './rate-limits/rate-limits';
import { PolicyCache } from './request/policy-cache';

export interface RunningApi {
  server: ApiServer;
  ds: DataSource;
  port: number;
  metricsPort?: number;
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
  try {
    await assertKnownSchema(ds);
  } catch (e) {
    await ds.destroy();
    throw e;
  }
  const metrics = apiMetrics(() => (ds.driver as unknown as { master?: PoolCounts }).master);
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
      auditAnchorKey: config.AUDIT_ANCHOR_KEY,
      auditAnchorFile: config.AUDIT_ANCHOR_FILE,
      rateLimits: new RateLimits({
        councilCostPerSecond: config.RATE_LIMIT_COUNCIL_COST,
        principalCostPerSecond: config.RATE_LIMIT_PRINCIPAL_COST,
        anonymousCostPerSecond: config.RATE_LIMIT_ANONYMOUS_COST,
        councilConcurrency: config.COUNCIL_CONCURRENCY,
      }),
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
    {
      metrics,
      corsOrigins: config.CORS_ORIGINS,
      consoleOidcClients: config.CONSOLE_OIDC_CLIENTS,
    },
  );
  const port = await server.listen(config.PORT);
  // Metrics on their own port: the public ingress routes only PORT.
  const metricsServer: OperationsServer | undefined =
    config.METRICS_PORT === undefined
      ? undefined
      : await serveOperations(config.METRICS_PORT, { registry: metrics.registry });
  return {
    server,
    ds,
    port,
    metricsPort: metricsServer?.port,
    close: async () => {
      await server.stop();
      await metricsServer?.close();
      await ds.destroy();
      redis.disconnect();
    },
  };
}
