import type { DataSource } from 'typeorm';
import { migrations } from './migrations';

/** The migrations this build knows, by name, in order. */
export const KNOWN_MIGRATIONS: string[] = migrations.map((m) => m.name);

export interface SchemaStatus {
  /** Run by the database, unknown to this build: the schema is newer than the code. */
  unknown: string[];
  /** Known to this build, not yet run: `migrate` has not been run for this release. */
  pending: string[];
  /** The last migration the database ran. */
  current?: string;
}

export class SchemaVersionError extends Error {
  override name = 'SchemaVersionError';
}

export async function schemaStatus(ds: DataSource): Promise<SchemaStatus> {
  const rows = (await ds.query(`select name from schema_migration order by timestamp`)) as {
    name: string;
  }[];
  const applied = rows.map((r) => r.name);
  const known = new Set(KNOWN_MIGRATIONS);
  const ran = new Set(applied);
  return {
    unknown: applied.filter((n) => !known.has(n)),
    pending: KNOWN_MIGRATIONS.filter((n) => !ran.has(n)),
    current: applied.at(-1),
  };
}

/**
 * Refuses to serve a schema this build does not know: one line an operator can
 * act on, for the process to exit with before it takes any traffic.
 */
export async function assertKnownSchema(ds: DataSource): Promise<SchemaStatus> {
  let status: SchemaStatus;
  try {
    status = await schemaStatus(ds);
  } catch {
    throw new SchemaVersionError(
      'database schema unreadable (no schema_migration table or no access): run `migrate` for this release first',
    );
  }
  if (status.unknown.length) {
    throw new SchemaVersionError(
      `database schema is newer than this build (unknown migration ${status.unknown[0]}): deploy the release that ran it`,
    );
  }
  if (status.pending.length) {
    throw new SchemaVersionError(
      `database schema is behind this build (${status.pending.length} pending, first ${status.pending[0]}): run \`migrate\` first`,
    );
  }
  return status;
}
