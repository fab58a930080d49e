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
