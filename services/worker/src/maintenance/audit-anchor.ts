import type { DataSource } from 'typeorm';
import {
  anchorAuditChain,
  type AnchorSink,
  type AuditAnchor,
  type TenantEntityManager,
} from '@conduct/db';

/**
 * Anchors one council's audit chain: its head, HMAC-signed, in the platform
 * table `audit_anchor`. Run by the sweep for every council; a head that has
 * not moved is not anchored again. With a sink, the anchor is exported before
 * its row commits: an export that fails leaves no row, and the next sweep
 * retries; an exported anchor whose row then failed names a real head, so it
 * is harmless.
 */
export function anchorTenantChain(
  ds: DataSource,
  tenantId: string,
  key: string,
  now: Date,
  sink?: AnchorSink,
): Promise<AuditAnchor | null> {
  return ds.transaction(async (em) => {
    await em.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    const anchor = await anchorAuditChain(
      Object.assign(em, { tenantId }) as TenantEntityManager,
      key,
      now,
    );
    if (anchor && sink) await sink.write(anchor);
    return anchor;
  });
}
