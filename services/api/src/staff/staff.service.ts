import type { z } from 'zod';
import { AppUser } from '@conduct/db';
import { accessibleWhere } from '../authorization/accessible-where';
import { TENANT_ADMIN_ROLE } from '../authorization/permissions';
import { audit, sessionOf } from '../casework/session';
import type { RequestContext } from '../context';
import { AppError, notFound } from '../graphql/errors';
import type { inviteUserSchema } from './staff.inputs';
import type { StaffUserNode } from './staff.type';

export function toStaffUserNode(u: AppUser): StaffUserNode {
  return {
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

/** The policy's roles plus tenant-admin; anything else is refused with the field named. */
export function refuseUnknownRoles(ctx: RequestContext, roles: string[], field: string): string[] {
  const known = new Set([TENANT_ADMIN_ROLE, ...Object.keys(sessionOf(ctx).policy.roles)]);
  const unknown = roles.filter((r) => !known.has(r));
  if (unknown.length) {
    throw new AppError(
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
    throw new AppError(
      'CONFLICT',
      'This is an API key’s service account: manage it through its key',
      { field: 'id' },
    );
  }
  return user;
}

/** A council always keeps at least one active tenant admin. */
async function refuseLastAdmin(ctx: RequestContext, user: AppUser): Promise<void> {
  const { em } = sessionOf(ctx);
  await em.query(`select pg_advisory_xact_lock(hashtextextended('admins:' || $1, 0))`, [
    em.tenantId,
  ]);
  const others = await em
    .createQueryBuilder(AppUser, 'u')
    .where(
      'u.tenant_id = :t and u.active and u.kind = :kind and :role = any(u.roles) and u.id <> :id',
      {
        t: em.tenantId,
        kind: 'person',
        role: TENANT_ADMIN_ROLE,
        id: user.id,
      },
    )
    .getCount();
  if (others === 0)
    throw new AppError('CONFLICT', 'This is your council’s last active tenant admin');
}

export async function inviteUser(
  ctx: RequestContext,
  input: z.infer<typeof inviteUserSchema>,
): Promise<AppUser> {
  const { em } = sessionOf(ctx);
  const roles = refuseUnknownRoles(ctx, input.roles, 'input.roles');
  const clash = await em
    .createQueryBuilder(AppUser, 'u')
    .where('u.tenant_id = :t and lower(u.email) = :email', { t: em.tenantId, email: input.email })
    .getOne();
  if (clash)
    throw new AppError('CONFLICT', 'input.email: already a user of your council', {
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
  return user;
}

export async function assignRoles(
  ctx: RequestContext,
  id: string,
  requested: string[],
): Promise<AppUser> {
  const roles = refuseUnknownRoles(ctx, requested, 'roles');
  const user = await loadPerson(ctx, id);
  if (user.roles.includes(TENANT_ADMIN_ROLE) && !roles.includes(TENANT_ADMIN_ROLE) && user.active) {
    await refuseLastAdmin(ctx, user);
  }
  const before = user.roles;
  user.roles = roles;
  await sessionOf(ctx).em.update(AppUser, { tenantId: user.tenantId, id: user.id }, { roles });
  await audit(ctx, {
    action: 'user.roles-assigned',
    entityType: 'user',
    entityId: user.id,
    payload: { before, after: roles },
  });
  return user;
}

/** Takes effect at once: every request re-reads the user, so their tokens stop working. */
export async function deactivateUser(ctx: RequestContext, id: string): Promise<AppUser> {
  const user = await loadPerson(ctx, id);
  if (!user.active) return user;
  if (user.roles.includes(TENANT_ADMIN_ROLE)) await refuseLastAdmin(ctx, user);
  user.active = false;
  user.deactivatedAt = ctx.services.clock.now();
  await sessionOf(ctx).em.update(
    AppUser,
    { tenantId: user.tenantId, id: user.id },
    { active: false, deactivatedAt: user.deactivatedAt },
  );
  await audit(ctx, { action: 'user.deactivated', entityType: 'user', entityId: user.id });
  return user;
}

export async function reactivateUser(ctx: RequestContext, id: string): Promise<AppUser> {
  const user = await loadPerson(ctx, id);
  if (user.active) return user;
  refuseUnknownRoles(ctx, user.roles, 'id');
  user.active = true;
  user.deactivatedAt = null;
  await sessionOf(ctx).em.update(
    AppUser,
    { tenantId: user.tenantId, id: user.id },
    { active: true, deactivatedAt: null },
  );
  await audit(ctx, { action: 'user.reactivated', entityType: 'user', entityId: user.id });
  return user;
}
