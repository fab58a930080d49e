import type { DataSource } from 'typeorm';
import type { TenantEntityManager } from '@conduct/db';

/**
 * A read-only transaction in one tenant (dry runs, the sweep). Going read-only
 * is allowed at any point of a transaction, so it follows the tenant setting;
 * any write inside fails.
 */
export function withTenantReadOnly<T>(
  ds: DataSource,
  tenantId: string,
  work: (em: TenantEntityManager) => Promise<T>,
): Promise<T> {
  return ds.transaction(async (em) => {
    await em.query('set transaction read only');
    await em.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    return work(Object.assign(em, { tenantId }) as TenantEntityManager);
  });
}

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
