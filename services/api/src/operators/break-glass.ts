import { z } from 'zod';
import {
  AppUser,
  PolicyVersion,
  StaffChangeRequest,
  Tenant,
  type TenantEntityManager,
} from '@conduct/db';
import { appendVocabularyEvent, DomainError, notFound } from '@conduct/casework';
import { TENANT_ADMIN_ROLE } from '../authorization/permissions';
import type { RequestContext } from '../request/context';
import { noticeToAdmins } from '../tenant-admins/notices';
import { checkPolicySource } from '../policy-versions/policy-source';
import { policyIssuesError } from '../policy-versions/policy-version.errors';
import { refuseOrphanedRoles } from '../policy-versions/policy-version.service';
import { asTenant, operatorOf, recordOperatorEvent } from './operator.session';
import type { BreakGlassAct } from './operator-log.actions';

/**
 * Why the operator acts instead of a second admin: required, kept in the
 * platform's operator log (free text has no place in the council's chain,
 * which names the log entry by id).
 */
export const breakGlassReasonSchema = z.string().trim().min(10).max(1000);

type BreakGlass = { tenantId: string; reason: string };
type Scoped = { em: TenantEntityManager; operatorId: string; now: Date };

/**
 * Runs an operator's break-glass action inside one council: the operator's
 * transaction is scoped to the council for the action only, the platform's
 * operator log records it with the reason, the council's own audit chain
 * records it with the operator and the log entry's id (ids only), and every
 * tenant admin is noticed with that id as the reference to ask about.
 * There is no other way for an operator to approve or grant anything in a
 * council, so nothing an operator does there is silent.
 */
async function breakGlass<T>(
  ctx: RequestContext,
  input: BreakGlass,
  what: { action: BreakGlassAct; entityType: string; entityId: string; notice: string },
  act: (s: Scoped) => Promise<T>,
): Promise<T> {
  const { em, operator } = operatorOf(ctx);
  if (!(await em.findOne(Tenant, { where: { id: input.tenantId } }))) throw notFound('Tenant');
  const now = ctx.services.clock.now();
  const logEntryId = await recordOperatorEvent(ctx, {
    action: `tenant.break-glass.${what.action}`,
    tenantId: input.tenantId,
    payload: { entityId: what.entityId },
    reason: input.reason,
  });
  return asTenant(ctx, input.tenantId, async (scoped) => {
    await scoped.query(`select pg_advisory_xact_lock(hashtextextended('admins:' || $1, 0))`, [
      input.tenantId,
    ]);
    const done = await act({ em: scoped, operatorId: operator.id, now });
    await appendVocabularyEvent(scoped, {
      actorId: null,
      action: 'break-glass.used',
      entityType: what.entityType,
      entityId: what.entityId,
      payload: {
        via: 'break-glass',
        operatorId: operator.id,
        act: what.action,
        operatorLogEntryId: logEntryId,
      },
      occurredAt: now,
    });
    await noticeToAdmins(
      scoped,
      now,
      {
        title: 'A platform operator used break-glass in your council',
        body: `${what.notice} The platform's service desk keeps the reason they gave under reference ${logEntryId}. If nobody at your council asked for it, contact the service desk.`,
      },
      'break-glass',
    );
    return done;
  });
}

async function loadUser(em: TenantEntityManager, id: string): Promise<AppUser> {
  const user = await em.findOne(AppUser, {
    where: { tenantId: em.tenantId, id },
    lock: { mode: 'pessimistic_write' },
  });
  if (!user || user.kind !== 'person') throw notFound('User');
  return user;
}

async function activePolicyRoles(em: TenantEntityManager): Promise<Set<string>> {
  const active = await em.findOne(PolicyVersion, {
    where: { tenantId: em.tenantId, status: 'active' },
  });
  const roles = (active?.document as { roles?: Record<string, unknown> } | undefined)?.roles ?? {};
  return new Set([TENANT_ADMIN_ROLE, ...Object.keys(roles)]);
}

async function refuseLastAdminLost(em: TenantEntityManager, user: AppUser): Promise<void> {
  const others = await em
    .createQueryBuilder(AppUser, 'u')
    .where(
      'u.tenant_id = :t and u.active and u.kind = :kind and :role = any(u.roles) and u.id <> :id',
      { t: em.tenantId, kind: 'person', role: TENANT_ADMIN_ROLE, id: user.id },
    )
    .getCount();
  if (others === 0)
    throw new DomainError('CONFLICT', 'This is the council’s last active tenant admin', {
      field: 'userId',
    });
}

/** Sets a person's roles, as a break-glass grant (no second admin needed). */
async function setRoles(s: Scoped, user: AppUser, roles: string[], requestedBy: string | null) {
  const known = await activePolicyRoles(s.em);
  const unknown = roles.filter((r) => !known.has(r));
  if (unknown.length)
    throw new DomainError(
      'BAD_USER_INPUT',
      `roles: not roles of the council’s policy: ${unknown}`,
      {
        field: 'roles',
      },
    );
  if (user.roles.includes(TENANT_ADMIN_ROLE) && !roles.includes(TENANT_ADMIN_ROLE) && user.active)
    await refuseLastAdminLost(s.em, user);
  const before = user.roles;
  await s.em.update(AppUser, { tenantId: s.em.tenantId, id: user.id }, { roles });
  await s.em.delete(StaffChangeRequest, {
    tenantId: s.em.tenantId,
    userId: user.id,
    kind: 'roles',
  });
  await appendVocabularyEvent(s.em, {
    actorId: null,
    action: 'user.roles-assigned',
    entityType: 'user',
    entityId: user.id,
    payload: { before, after: roles, requestedBy, via: 'break-glass', operatorId: s.operatorId },
    occurredAt: s.now,
  });
  return Object.assign(user, { roles });
}

/** Grants (or replaces) a person's roles in a council through break-glass. */
export async function breakGlassAssignRoles(
  ctx: RequestContext,
  input: BreakGlass & { userId: string; roles: string[] },
): Promise<AppUser> {
  return breakGlass(
    ctx,
    input,
    {
      action: 'roles-assigned',
      entityType: 'user',
      entityId: input.userId,
      notice: 'An operator changed a member of staff’s roles without a second tenant admin.',
    },
    async (s) => setRoles(s, await loadUser(s.em, input.userId), [...new Set(input.roles)], null),
  );
}

/** Approves a staff change that waits for a second tenant admin, in the admin's stead. */
export async function breakGlassApproveStaffChange(
  ctx: RequestContext,
  input: BreakGlass & { requestId: string },
): Promise<AppUser> {
  return breakGlass(
    ctx,
    input,
    {
      action: 'staff-change-approved',
      entityType: 'staff_change_request',
      entityId: input.requestId,
      notice: 'An operator approved a staff change that was waiting for a second tenant admin.',
    },
    async (s) => {
      const request = await s.em.findOne(StaffChangeRequest, {
        where: { tenantId: s.em.tenantId, id: input.requestId },
      });
      if (!request) throw notFound('Staff change request');
      const user = await loadUser(s.em, request.userId);
      if (request.kind === 'roles')
        return setRoles(s, user, request.roles ?? [], request.requestedBy);
      const active = request.kind === 'reactivate';
      if (!active && user.roles.includes(TENANT_ADMIN_ROLE)) await refuseLastAdminLost(s.em, user);
      const deactivatedAt = active ? null : s.now;
      await s.em.update(
        AppUser,
        { tenantId: s.em.tenantId, id: user.id },
        { active, deactivatedAt },
      );
      await s.em.delete(StaffChangeRequest, { tenantId: s.em.tenantId, id: request.id });
      await appendVocabularyEvent(s.em, {
        actorId: null,
        action: active ? 'user.reactivated' : 'user.deactivated',
        entityType: 'user',
        entityId: user.id,
        payload: { requestedBy: request.requestedBy, via: 'break-glass', operatorId: s.operatorId },
        occurredAt: s.now,
      });
      return Object.assign(user, { active, deactivatedAt });
    },
  );
}

/** Approves a policy activation that a tenant admin asked for, in the second admin's stead. */
export async function breakGlassApprovePolicyActivation(
  ctx: RequestContext,
  input: BreakGlass & { versionId: string },
): Promise<PolicyVersion> {
  const tenant = await operatorOf(ctx).em.findOne(Tenant, { where: { id: input.tenantId } });
  return breakGlass(
    ctx,
    input,
    {
      action: 'policy-activation-approved',
      entityType: 'policy_version',
      entityId: input.versionId,
      notice:
        'An operator approved a policy activation that was waiting for a second tenant admin.',
    },
    async (s) => {
      await s.em.query(`select pg_advisory_xact_lock(hashtextextended('policy:' || $1, 0))`, [
        input.tenantId,
      ]);
      const draft = await s.em.findOne(PolicyVersion, {
        where: { tenantId: s.em.tenantId, id: input.versionId },
      });
      if (!draft) throw notFound('Policy version');
      if (draft.status !== 'draft' || draft.activationRequestedBy === null)
        throw new DomainError('CONFLICT', 'versionId: no activation of this version waits', {
          field: 'versionId',
        });
      const { policy, errors } = checkPolicySource(
        draft.sourceText,
        draft.sourceFormat,
        tenant!.slug,
      );
      if (!policy) throw policyIssuesError(errors, 'versionId', 'POLICY_VIOLATION');
      await refuseOrphanedRoles(s.em, policy);
      const previous = await s.em.findOne(PolicyVersion, {
        where: { tenantId: s.em.tenantId, status: 'active' },
      });
      if (previous)
        await s.em.update(
          PolicyVersion,
          { tenantId: s.em.tenantId, id: previous.id },
          { status: 'superseded' },
        );
      Object.assign(draft, { status: 'active', activatedAt: s.now, document: policy });
      await s.em.save(draft);
      await appendVocabularyEvent(s.em, {
        actorId: null,
        action: 'policy.activated',
        entityType: 'policy_version',
        entityId: draft.id,
        payload: {
          version: draft.version,
          sourceHash: draft.sourceHash,
          supersedes: previous?.id ?? null,
          requestedBy: draft.activationRequestedBy,
          via: 'break-glass',
          operatorId: s.operatorId,
        },
        occurredAt: s.now,
      });
      return draft;
    },
  );
}
