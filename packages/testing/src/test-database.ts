import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { APP_ROLE } from '@conduct/db';
import { TEMPLATE_DB, TEST_APP_PASSWORD, databaseUrl, testServerUrl } from './environment';

export interface TestDatabase {
  name: string;
  /** Superuser connection: for assertions that must see past row-level security. */
  ownerUrl: string;
  /** The application role's connection, exactly as the services use it. */
  appUrl: string;
  drop(): Promise<void>;
}

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl(testServerUrl(), 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of the test file's own, cloned from the template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await onServer(`create database ${name} template ${TEMPLATE_DB}`);
  const server = testServerUrl();
  return {
    name,
    ownerUrl: databaseUrl(server, name),
    appUrl: databaseUrl(server, name, { name: APP_ROLE, password: TEST_APP_PASSWORD }),
    drop: () => onServer(`drop database if exists ${name} with (force)`),
  };
}
