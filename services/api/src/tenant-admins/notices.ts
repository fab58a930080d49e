import { AppUser, Notification, type TenantEntityManager } from '@conduct/db';
import { TENANT_ADMIN_ROLE } from '../authorization/permissions';

/** The council's active tenant admins (people only: an API key never administers). */
export function activeTenantAdmins(em: TenantEntityManager) {
  return em
    .createQueryBuilder(AppUser, 'u')
    .where('u.tenant_id = :t and u.active and u.kind = :kind and :role = any(u.roles)', {
      t: em.tenantId,
      kind: 'person',
      role: TENANT_ADMIN_ROLE,
    });
}

/** A notice to every active tenant admin of the council `em` is scoped to. */
export async function noticeToAdmins(
  em: TenantEntityManager,
  now: Date,
  notice: { title: string; body: string },
  kind: 'identity-provider-proposed' | 'break-glass' = 'identity-provider-proposed',
): Promise<void> {
  const admins = await activeTenantAdmins(em).getMany();
  for (const admin of admins) {
    await em.insert(Notification, {
      tenantId: em.tenantId,
      kind,
      caseId: null,
      dueDate: now.toISOString().slice(0, 10),
      recipientId: admin.id,
      role: TENANT_ADMIN_ROLE,
      ...notice,
      createdAt: now,
      readAt: null,
      emailClaimedAt: null,
      emailedAt: null,
    });
  }
}
