import { AppUser, StaffChangeRequest } from '@conduct/db';
import { DomainError } from '@conduct/casework';
import { refusal } from '../audit/refusals';
import { TENANT_ADMIN_ROLE } from '../authorization/permissions';
import { audit, sessionOf } from '../casework/session';
import type { RequestContext } from '../request/context';

export type StaffChange =
  { kind: 'roles'; roles: string[] } | { kind: 'deactivate' } | { kind: 'reactivate' };

/** Serialises admin changes of one council: two admins cannot each approve half of a pair. */
export async function lockAdmins(ctx: RequestContext): Promise<void> {
  const { em } = sessionOf(ctx);
  await em.query(`select pg_advisory_xact_lock(hashtextextended('admins:' || $1, 0))`, [
    em.tenantId,
  ]);
}

/** Active tenant admins other than `except`. */
export async function otherAdmins(ctx: RequestContext, except: string): Promise<number> {
  const { em } = sessionOf(ctx);
  return em
    .createQueryBuilder(AppUser, 'u')
    .where(
      'u.tenant_id = :t and u.active and u.kind = :kind and :role = any(u.roles) and u.id <> :id',
      { t: em.tenantId, kind: 'person', role: TENANT_ADMIN_ROLE, id: except },
    )
    .getCount();
}

const sameChange = (r: StaffChangeRequest, change: StaffChange) =>
  change.kind !== 'roles' ||
  [...(r.roles ?? [])].sort().join(',') === [...change.roles].sort().join(',');

/**
 * Four eyes on a staff change: the first admin's call records a request
 * (audited); the same change called by a different admin, who is not the
 * person changed, approves it. The requester approving their own request, or
 * anyone approving a change to themselves, is refused and audited.
 * Returns the approved request, or null while the change waits.
 */
export async function secondAdminApproval(
  ctx: RequestContext,
  user: AppUser,
  change: StaffChange,
  reason: string,
): Promise<StaffChangeRequest | null> {
  const session = sessionOf(ctx);
  const { em } = session;
  const me = session.user.id;
  const open = await em.findOne(StaffChangeRequest, {
    where: { tenantId: em.tenantId, userId: user.id, kind: change.kind },
  });
  if (open && sameChange(open, change)) {
    const refuse = (message: string) =>
      refusal(ctx, new DomainError('FORBIDDEN', message, { field: 'userId' }), {
        tenantId: em.tenantId,
        actorId: me,
        action: `user.${change.kind}-approval`,
        entityType: 'user',
        entityId: user.id,
        payload: { reason, requestedBy: open.requestedBy },
      });
    if (open.requestedBy === me)
      throw refuse(`A second tenant admin must approve this change (it ${reason})`);
    if (user.id === me) throw refuse('Another tenant admin must approve a change to yourself');
    await em.delete(StaffChangeRequest, { tenantId: em.tenantId, id: open.id });
    return open;
  }
  if (open) await em.delete(StaffChangeRequest, { tenantId: em.tenantId, id: open.id });
  const request = await em.save(
    em.create(StaffChangeRequest, {
      tenantId: em.tenantId,
      userId: user.id,
      kind: change.kind,
      roles: change.kind === 'roles' ? change.roles : null,
      requestedBy: me,
      requestedAt: ctx.services.clock.now(),
    }),
  );
  await audit(ctx, {
    action: `user.${change.kind}-change-requested`,
    entityType: 'user',
    entityId: user.id,
    payload: {
      requestId: request.id,
      reason,
      ...(change.kind === 'roles' ? { roles: change.roles } : {}),
    },
  });
  return null;
}

/** The change waiting for a second admin on this user, if any. */
export async function pendingChanges(
  ctx: RequestContext,
  userIds: string[],
): Promise<Map<string, StaffChangeRequest[]>> {
  const { em } = sessionOf(ctx);
  const byUser = new Map<string, StaffChangeRequest[]>();
  if (!userIds.length) return byUser;
  const rows = await em
    .createQueryBuilder(StaffChangeRequest, 'r')
    .where('r.tenant_id = :t and r.user_id = any(:ids)', { t: em.tenantId, ids: userIds })
    .getMany();
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  return byUser;
}
