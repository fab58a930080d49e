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
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
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
    const verb = rowCount ? 'alter' : 'create';
    const literal = (await client.query<{ q: string }>('select quote_literal($1) as q', [password]))
      .rows[0]!.q;
    await client.query(
      `${verb} role ${APP_ROLE} login nosuperuser nobypassrls nocreatedb nocreaterole password ${literal}`,
    );
  } finally {
    await client.end();
  }
}

/**
 * Brings a database to the current schema: creates it and the app role if
 * missing, then runs pending migrations as the owner. Migrations grant the app
 * role its privileges table by table. Returns the app role's connection URL.
 */
export async function prepareDatabase(
  ownerUrl: string,
  appPassword: string,
  options: { createDatabase?: boolean } = {},
): Promise<string> {
  if (options.createDatabase ?? true) await ensureDatabase(ownerUrl);
  await ensureAppRole(ownerUrl, appPassword);
  const ds = createDataSource(ownerUrl, 'owner', 1);
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
  return appUrlFor(ownerUrl, appPassword);
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
