import { resolve } from 'node:path';
import type { Config, Logger } from '@conduct/config';
import { appUrlFor, prepareDatabase } from '@conduct/db';
import { LocalPostgres, LocalRedis } from '@conduct/local-servers';

export interface Connections {
  /** The app role's database URL (subject to row-level security). */
  databaseUrl: string;
  /** The owner's URL (migrations, tenant export and import). */
  ownerUrl: string;
  redisUrl: string;
  /** Stops what this process started; servers given by URL are left alone. */
  stopLocalServers(): Promise<void>;
}

/**
 * Uses DATABASE_URL / REDIS_URL when set; otherwise starts real servers whose
 * data lives under CONDUCT_HOME, so a restart keeps it. Outside production,
 * migrations run as the owner (under the migration lock) before the app role connects.
 */
export async function openConnections(
  config: Config,
  logger: Logger,
  options: { redis?: boolean } = {},
): Promise<Connections> {
  const home = resolve(config.CONDUCT_HOME);
  const log = (line: string) => logger.info(line);
  const stops: (() => Promise<void>)[] = [];

  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    return await open();
  } catch (e) {
    await stopAll();
    throw e;
  }

  async function open(): Promise<Connections> {
    let ownerUrl = config.DATABASE_URL;
    if (!ownerUrl) {
      const pg = new LocalPostgres({
        dataDir: resolve(home, 'postgres'),
        port: config.CONDUCT_PG_PORT,
        log,
      });
      await pg.start();
      stops.push(() => pg.stop());
      ownerUrl = pg.url.replace(/\/postgres$/, '/conduct');
    }
    // In production the `migrate` command (a Job before the rollout) migrates; replicas only check.
    if (config.MIGRATE_AT_START ?? config.NODE_ENV !== 'production') {
      await prepareDatabase(ownerUrl, config.DATABASE_APP_PASSWORD, {
        onWait: () => log('another process is migrating this database: waiting for it'),
      });
    }

    // CLIs need no Redis: they neither start one nor compete for the port of a running one.
    let redisUrl = config.REDIS_URL ?? '';
    if (!redisUrl && options.redis !== false) {
      const redis = new LocalRedis({
        dir: resolve(home, 'redis'),
        port: config.CONDUCT_REDIS_PORT,
        persistent: true,
        log,
      });
      await redis.start();
      stops.push(() => redis.stop());
      redisUrl = redis.url;
    }

    return {
      databaseUrl: config.DATABASE_APP_URL ?? appUrlFor(ownerUrl, config.DATABASE_APP_PASSWORD),
      ownerUrl,
      redisUrl,
      stopLocalServers: stopAll,
    };
  }
}
