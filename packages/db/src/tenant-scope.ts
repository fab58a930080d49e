import type { DataSource, EntityManager } from 'typeorm';

/** An EntityManager bound to one transaction in which `app.tenant_id` is set. */
export type TenantEntityManager = EntityManager & { readonly tenantId: string };

/**
 * Runs `work` in one transaction whose first statement sets the tenant for
 * row-level security. The setting is transaction-local (`is_local = true`): a
 * session-level SET would leak to the next user of the pooled connection.
 * Every query must use the `em` given here; the data source's own repositories
 * run on other connections, where no tenant is set and RLS returns nothing.
 */
export function withTenant<T>(
  ds: DataSource,
  tenantId: string,
  work: (em: TenantEntityManager) => Promise<T>,
): Promise<T> {
  return ds.transaction(async (em) => {
    await em.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    return work(Object.assign(em, { tenantId }) as TenantEntityManager);
  });
}

/** A transaction with no tenant: only platform tables (tenants, heartbeats) are visible. */
export function withPlatform<T>(
  ds: DataSource,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  return ds.transaction(work);
}
