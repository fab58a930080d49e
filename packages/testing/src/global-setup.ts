import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDatabase } from '@conduct/db';
import { LocalPostgres, freePort } from '@conduct/local-servers';
import { TEMPLATE_DB, TEST_APP_PASSWORD, TEST_PG_URL_VAR, databaseUrl } from './environment';

/**
 * Once per jest run: a real Postgres cluster in a temporary folder and a
 * migrated template database. Each test file then clones the template
 * (CREATE DATABASE ... TEMPLATE), which takes milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'conduct-test-'));
  chmodSync(dir, 0o755); // the unprivileged postgres user must reach its data folder
  const pg = new LocalPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  await pg.start();
  await prepareDatabase(databaseUrl(pg.url, TEMPLATE_DB), TEST_APP_PASSWORD);
  process.env[TEST_PG_URL_VAR] = pg.url;
  (globalThis as Record<string, unknown>).__conductPostgres = { pg, dir };
}
