import type { DataSource } from 'typeorm';
import { anchorAuditChain, type AuditAnchor, type TenantEntityManager } from '@conduct/db';

/**
 * Anchors one council's audit chain: its head, HMAC-signed, in the platform
 * table `audit_anchor`. Run by the sweep for every council; a head that has
 * not moved is not anchored again.
 */
export function anchorTenantChain(
  ds: DataSource,
  tenantId: string,
  key: string,
  now: Date,
): Promise<AuditAnchor | null> {
  return ds.transaction(async (em) => {
    await em.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    return anchorAuditChain(Object.assign(em, { tenantId }) as TenantEntityManager, key, now);
  });
}
