import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@conduct/config';
import { KNOWN_MIGRATIONS, migrateDatabase } from '@conduct/db';

/**
 * `node services/api/dist/cli/migrate.js`: the production entry point that
 * brings the database to this release's schema (the chart's Job, compose's
 * `migrate` service). Holds a Postgres advisory lock: runs started together
 * take turns and the later ones find nothing pending. Needs DATABASE_URL (the
 * owner) and DATABASE_APP_PASSWORD (given to the app role).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('migrate', config.LOG_LEVEL);
  if (!config.DATABASE_URL) throw new ConfigError(['DATABASE_URL: is required by migrate']);
  const started = Date.now();
  const { applied } = await migrateDatabase(config.DATABASE_URL, config.DATABASE_APP_PASSWORD, {
    onWait: () => logger.info('another migrate run holds the lock: waiting for it'),
  });
  logger.info(
    {
      applied,
      schema: KNOWN_MIGRATIONS.at(-1),
      ms: Date.now() - started,
    },
    applied.length ? `applied ${applied.length} migration(s)` : 'schema already current',
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
