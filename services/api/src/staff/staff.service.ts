import type { z } from 'zod';
import { AppUser, type StaffChangeRequest } from '@conduct/db';
import { DomainError, notFound } from '@conduct/casework';
import { accessibleWhere } from '../authorization/accessible-where';
import { TENANT_ADMIN_ROLE } from '../authorization/permissions';
import { decidingRoles, secondAdminReason } from '../authorization/separation-of-duties';
import { audit, sessionOf } from '../casework/session';
import type { RequestContext } from '../request/context';
import { lockAdmins, otherAdmins, secondAdminApproval } from './second-admin';
import type { inviteUserSchema } from './staff.inputs';
import type { StaffUserNode } from './staff.type';

export function toStaffUserNode(u: AppUser, pending: StaffChangeRequest[] = []): StaffUserNode {
  return {
    pendingRoles: pending.find((r) => r.kind === 'roles')?.roles ?? null,
    deactivationPending: pending.some((r) => r.kind === 'deactivate'),
    reactivationPending: pending.some((r) => r.kind === 'reactivate'),
    pendingChangeIds: pending.map((r) => r.id),
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    roles: u.roles,
    active: u.active,
    kind: u.kind,
    identityLinked: u.kind === 'person' && u.subject !== null,
    createdAt: u.createdAt,
  };
}

export async function listStaff(ctx: RequestContext, includeInactive: boolean): Promise<AppUser[]> {
  const { em } = sessionOf(ctx);
  const where = accessibleWhere(ctx.ability, 'manage', 'Tenant', 'u');
  const qb = em.createQueryBuilder(AppUser, 'u').where(where.sql, where.params);
  if (!includeInactive) qb.andWhere('u.active');
  return qb.orderBy('u.display_name', 'ASC').addOrderBy('u.id', 'ASC').getMany();
}

/**
 * Active people of the council who hold `role` (any policy role when absent), by
 * name: whom a member of staff may name, e.g. as the person consulted.
 */
export async function listColleagues(ctx: RequestContext, role?: string): Promise<AppUser[]> {
  const { em } = sessionOf(ctx);
  const qb = em
    .createQueryBuilder(AppUser, 'u')
    .where('u.tenant_id = :tenantId', { tenantId: em.tenantId })
    .andWhere('u.active')
    .andWhere("u.kind = 'person'");
  if (role) qb.andWhere(':role = ANY(u.roles)', { role });
  return qb.orderBy('u.display_name', 'ASC').addOrderBy('u.id', 'ASC').getMany();
}

/** The policy's roles plus tenant-admin; anything else is refused with the field named. */
export function refuseUnknownRoles(ctx: RequestContext, roles: string[], field: string): string[] {
  const known = new Set([TENANT_ADMIN_ROLE, ...Object.keys(sessionOf(ctx).policy.roles)]);
  const unknown = roles.filter((r) => !known.has(r));
  if (unknown.length) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `${field}: not roles of your council’s policy: ${unknown.join(', ')}`,
      {
        field,
      },
    );
  }
  return [...new Set(roles)];
}

async function loadPerson(ctx: RequestContext, id: string): Promise<AppUser> {
  const { em } = sessionOf(ctx);
  const user = await em.findOne(AppUser, {
    where: { tenantId: em.tenantId, id },
    lock: { mode: 'pessimistic_write' },
  });
  if (!user) throw notFound('User');
  if (user.kind !== 'person') {
    throw new DomainError(
      'CONFLICT',
      'This is an API key’s service account: manage it through its key',
      { field: 'id' },
    );
  }
  return user;
}

/** A council always keeps at least one active tenant admin. */
async function refuseLastAdmin(ctx: RequestContext, user: AppUser): Promise<void> {
  if ((await otherAdmins(ctx, user.id)) === 0)
    throw new DomainError('CONFLICT', 'This is your council’s last active tenant admin');
}

export async function inviteUser(
  ctx: RequestContext,
  input: z.infer<typeof inviteUserSchema>,
): Promise<AppUser> {
  const session = sessionOf(ctx);
  const { em } = session;
  const requested = refuseUnknownRoles(ctx, input.roles, 'input.roles');
  await lockAdmins(ctx);
  // Roles that need a second admin are requested, not granted, until one approves.
  const deciding = decidingRoles(session.policy);
  const admins = await otherAdmins(ctx, session.user.id);
  const gated = (r: string) => deciding.has(r) || (r === TENANT_ADMIN_ROLE && admins > 0);
  const roles = requested.filter((r) => !gated(r));
  const clash = await em
    .createQueryBuilder(AppUser, 'u')
    .where('u.tenant_id = :t and lower(u.email) = :email', { t: em.tenantId, email: input.email })
    .getOne();
  if (clash)
    throw new DomainError('CONFLICT', 'input.email: already a user of your council', {
      field: 'input.email',
    });
  const user = await em.save(
    em.create(AppUser, {
      tenantId: em.tenantId,
      email: input.email,
      displayName: input.displayName,
      roles,
      active: true,
      kind: 'person',
      subject: null,
      deactivatedAt: null,
    }),
  );
  await audit(ctx, {
    action: 'user.invited',
    entityType: 'user',
    entityId: user.id,
    payload: { roles },
  });
  if (roles.length < requested.length) {
    await secondAdminApproval(
      ctx,
      user,
      { kind: 'roles', roles: requested },
      'grants a role that proposes or decides',
    );
  }
  return user;
}

export async function assignRoles(
  ctx: RequestContext,
  id: string,
  requested: string[],
): Promise<AppUser> {
  const roles = refuseUnknownRoles(ctx, requested, 'roles');
  await lockAdmins(ctx);
  const user = await loadPerson(ctx, id);
  if (user.roles.includes(TENANT_ADMIN_ROLE) && !roles.includes(TENANT_ADMIN_ROLE) && user.active) {
    await refuseLastAdmin(ctx, user);
  }
  const before = user.roles;
  const me = sessionOf(ctx).user.id;
  const reason = secondAdminReason(
    sessionOf(ctx).policy,
    before,
    roles,
    await otherAdmins(ctx, me),
  );
  const approved = reason
    ? await secondAdminApproval(ctx, user, { kind: 'roles', roles }, reason)
    : undefined;
  if (approved === null) return user;
  user.roles = roles;
  await sessionOf(ctx).em.update(AppUser, { tenantId: user.tenantId, id: user.id }, { roles });
  await audit(ctx, {
    action: 'user.roles-assigned',
    entityType: 'user',
    entityId: user.id,
    payload: {
      before,
      after: roles,
      ...(approved ? { requestedBy: approved.requestedBy, approvedBy: me } : {}),
    },
  });
  return user;
}

/** Takes effect at once: every request re-reads the user, so their tokens stop working. */
export async function deactivateUser(ctx: RequestContext, id: string): Promise<AppUser> {
  await lockAdmins(ctx);
  const user = await loadPerson(ctx, id);
  if (!user.active) return user;
  let approved: StaffChangeRequest | null | undefined;
  if (user.roles.includes(TENANT_ADMIN_ROLE)) {
    await refuseLastAdmin(ctx, user);
    approved = await secondAdminApproval(
      ctx,
      user,
      { kind: 'deactivate' },
      'removes a tenant admin',
    );
    if (approved === null) return user;
  }
  user.active = false;
  user.deactivatedAt = ctx.services.clock.now();
  await sessionOf(ctx).em.update(
    AppUser,
    { tenantId: user.tenantId, id: user.id },
    { active: false, deactivatedAt: user.deactivatedAt },
  );
  await audit(ctx, {
    action: 'user.deactivated',
    entityType: 'user',
    entityId: user.id,
    payload: approved
      ? { requestedBy: approved.requestedBy, approvedBy: sessionOf(ctx).user.id }
      : {},
  });
  return user;
}

/**
 * Lets a deactivated user sign in again. Bringing back someone who holds a
 * deciding role (or tenant-admin beside another admin) is a grant of those
 * roles, so it waits for a second admin the same way.
 */
export async function reactivateUser(ctx: RequestContext, id: string): Promise<AppUser> {
  await lockAdmins(ctx);
  const user = await loadPerson(ctx, id);
  if (user.active) return user;
  refuseUnknownRoles(ctx, user.roles, 'id');
  const me = sessionOf(ctx).user.id;
  const reason = secondAdminReason(
    sessionOf(ctx).policy,
    [],
    user.roles,
    await otherAdmins(ctx, me),
  );
  const approved = reason
    ? await secondAdminApproval(
        ctx,
        user,
        { kind: 'reactivate' },
        `reactivates someone who holds roles that need it: ${reason}`,
      )
    : undefined;
  if (approved === null) return user;
  user.active = true;
  user.deactivatedAt = null;
  await sessionOf(ctx).em.update(
    AppUser,
    { tenantId: user.tenantId, id: user.id },
    { active: true, deactivatedAt: null },
  );
  await audit(ctx, {
    action: 'user.reactivated',
    entityType: 'user',
    entityId: user.id,
    payload: approved ? { requestedBy: approved.requestedBy, approvedBy: me } : {},
  });
  return user;
}
