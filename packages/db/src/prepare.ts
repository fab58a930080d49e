import { Client } from 'pg';
import { createDataSource } from './data-source';

export const APP_ROLE = 'conduct_app';

/** Creates the database named in `ownerUrl` when it does not exist yet. */
async function ensureDatabase(ownerUrl: string): Promise<void> {
  const target = new URL(ownerUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(ownerUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      // Several migrate runs at once: one creates it, the others find it made.
      await client
        .query(`create database "${name.replace(/"/g, '""')}"`)
        .catch((e: { code?: string }) => {
          if (e.code !== '42P04' && e.code !== '23505') throw e;
        });
    }
  } finally {
    await client.end();
  }
}

/** The application role: may log in, owns nothing, never bypasses row-level security. */
async function ensureAppRole(ownerUrl: string, password: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [
      APP_ROLE,
    ]);
    const literal = (await client.query<{ q: string }>('select quote_literal($1) as q', [password]))
      .rows[0]!.q;
    const set = (verb: string) =>
      client.query(
        `${verb} role ${APP_ROLE} login nosuperuser nobypassrls nocreatedb nocreaterole password ${literal}`,
      );
    // Roles are cluster-wide: a migrate run for another database may create it meanwhile.
    if (rowCount) await set('alter');
    else
      await set('create').catch(async (e: { code?: string }) => {
        if (e.code !== '42710' && e.code !== '23505') throw e;
        await set('alter');
      });
  } finally {
    await client.end();
  }
}

/** Key of the session advisory lock every migrate run holds (any fixed bigint; "conduct" in ASCII). */
export const MIGRATION_LOCK_KEY = '109433716130148';

/**
 * Brings a database to the current schema: creates it and the app role if
 * missing, then runs pending migrations as the owner. Migrations grant the app
 * role its privileges table by table. Runs under a Postgres advisory lock, so
 * replicas or Jobs started together take turns: the first migrates, the rest
 * find nothing pending. Returns the app role's connection URL and what ran.
 */
export async function prepareDatabase(
  ownerUrl: string,
  appPassword: string,
  options: { createDatabase?: boolean; onWait?: () => void } = {},
): Promise<string> {
  return (await migrateDatabase(ownerUrl, appPassword, options)).appUrl;
}

export async function migrateDatabase(
  ownerUrl: string,
  appPassword: string,
  options: { createDatabase?: boolean; onWait?: () => void } = {},
): Promise<{ appUrl: string; applied: string[] }> {
  if (options.createDatabase ?? true) await ensureDatabase(ownerUrl);
  const lock = new Client({ connectionString: ownerUrl, application_name: 'conduct-migrate' });
  await lock.connect();
  try {
    const { rows } = await lock.query<{ got: boolean }>(
      'select pg_try_advisory_lock($1::bigint) as got',
      [MIGRATION_LOCK_KEY],
    );
    if (!rows[0]!.got) {
      options.onWait?.();
      await lock.query('select pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
    await ensureAppRole(ownerUrl, appPassword);
    const ds = createDataSource(ownerUrl, 'owner', 1);
    await ds.initialize();
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      return { appUrl: appUrlFor(ownerUrl, appPassword), applied: ran.map((m) => m.name) };
    } finally {
      await ds.destroy();
    }
  } finally {
    // Ending the session releases the lock, also when a migration failed.
    await lock.end();
  }
}

/** The app role's URL on the same server and database as the owner's. */
export function appUrlFor(ownerUrl: string, appPassword: string): string {
  const appUrl = new URL(ownerUrl);
  appUrl.username = APP_ROLE;
  appUrl.password = appPassword;
  return appUrl.toString();
}

/**
 * The app role's URL from the environment: DATABASE_APP_URL, else derived from
 * DATABASE_URL, else the embedded server `pnpm start` runs (for CLIs used beside it).
 */
export function appUrlFromConfig(config: {
  DATABASE_APP_URL?: string;
  DATABASE_URL?: string;
  DATABASE_APP_PASSWORD: string;
  CONDUCT_PG_PORT: number;
}): string {
  if (config.DATABASE_APP_URL) return config.DATABASE_APP_URL;
  const owner =
    config.DATABASE_URL ?? `postgres://postgres@127.0.0.1:${config.CONDUCT_PG_PORT}/conduct`;
  return appUrlFor(owner, config.DATABASE_APP_PASSWORD);
}
