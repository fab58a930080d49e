import type { DataSource } from 'typeorm';
import type { TenantEntityManager } from '@conduct/db';

export { withTenantReadOnly } from '@conduct/casework';

/** Tenants from the platform table (no tenant set: only platform tables are visible). */
export async function listTenantIds(ds: DataSource): Promise<string[]> {
  const rows = (await ds.query(`select id from tenant order by id`)) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Rows of a query; TypeORM answers UPDATE/DELETE with [rows, count]. Wrap those in a CTE to get rows. */
export async function rows<T>(
  em: TenantEntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await em.query(sql, params)) as T[];
}
