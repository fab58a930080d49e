import type { z } from 'zod';
import {
  AppUser,
  Decision,
  ManagedCase,
  PolicyVersion,
  Proposal,
  Restriction,
  type TenantEntityManager,
} from '@conduct/db';
import { reviewDueDate, type Policy, type PolicyIssue } from '@conduct/policy';
import { DomainError, notFound } from '@conduct/casework';
import { TENANT_ADMIN_ROLE } from '../authorization/permissions';
import { activeTenantAdmins } from '../tenant-admins/notices';
import { audit, sessionOf } from '../casework/session';
import type { RequestContext } from '../request/context';
import { canMoveCaseToPolicy } from './case-move';
import { diffPolicies, type PolicyChange } from './policy-diff';
import { checkPolicySource, sha256, type PolicyFormat } from './policy-source';
import { policyIssuesError } from './policy-version.errors';
import type { policyDraftSchema } from './policy-version.inputs';
import type { CasePolicyNode, PolicyVersionNode } from './policy-version.type';

type DraftInput = z.infer<typeof policyDraftSchema>;

export function toPolicyVersionNode(v: PolicyVersion): PolicyVersionNode {
  return {
    id: v.id,
    version: v.version,
    status: v.status,
    format: v.sourceFormat,
    sourceText: v.sourceText,
    sourceHash: v.sourceHash,
    createdAt: v.createdAt,
    activatedAt: v.activatedAt,
    activationRequestedBy: v.activationRequestedBy,
    awaitingApproval: v.status === 'draft' && v.activationRequestedBy !== null,
    approvedBy: v.approvedBy,
  };
}

export async function listPolicyVersions(ctx: RequestContext): Promise<PolicyVersion[]> {
  const { em } = sessionOf(ctx);
  return em.find(PolicyVersion, { where: { tenantId: em.tenantId }, order: { version: 'DESC' } });
}

export async function loadPolicyVersion(ctx: RequestContext, id: string): Promise<PolicyVersion> {
  const { em } = sessionOf(ctx);
  const v = await em.findOne(PolicyVersion, { where: { tenantId: em.tenantId, id } });
  if (!v) throw notFound('Policy version');
  return v;
}

async function loadDraft(ctx: RequestContext, id: string): Promise<PolicyVersion> {
  const v = await loadPolicyVersion(ctx, id);
  if (v.status !== 'draft') {
    throw new DomainError(
      'CONFLICT',
      `Version ${v.version} is ${v.status}: an activated version never changes`,
      {
        field: 'id',
      },
    );
  }
  return v;
}

/** The checker's verdict on a stored version's text. */
export function checkVersion(
  ctx: RequestContext,
  v: PolicyVersion,
): { policy?: Policy; errors: PolicyIssue[] } {
  return checkPolicySource(v.sourceText, v.sourceFormat, sessionOf(ctx).tenant.slug);
}

/** Stores a draft even when it has errors (they are reported, and block activation). */
export async function createPolicyDraft(
  ctx: RequestContext,
  input: DraftInput,
): Promise<PolicyVersion> {
  const { em } = sessionOf(ctx);
  await lockPolicyVersions(ctx);
  const [latest] = await em.find(PolicyVersion, {
    where: { tenantId: em.tenantId },
    order: { version: 'DESC' },
    take: 1,
  });
  const { policy } = checkPolicySource(input.text, input.format, sessionOf(ctx).tenant.slug);
  const draft = await em.save(
    em.create(PolicyVersion, {
      tenantId: em.tenantId,
      version: (latest?.version ?? 0) + 1,
      status: 'draft',
      sourceText: input.text,
      sourceFormat: input.format,
      sourceHash: sha256(input.text),
      document: policy ?? null,
      activatedAt: null,
      createdBy: sessionOf(ctx).user.id,
      activationRequestedBy: null,
      activationRequestedAt: null,
      activatedBy: null,
      approvedBy: null,
    }),
  );
  await audit(ctx, {
    action: 'policy.draft-created',
    entityType: 'policy_version',
    entityId: draft.id,
    payload: { version: draft.version, sourceHash: draft.sourceHash, valid: Boolean(policy) },
  });
  return draft;
}

/** Replaces a draft's text; a pending activation request lapses (the approver must see the new text). */
export async function updatePolicyDraft(
  ctx: RequestContext,
  id: string,
  input: DraftInput,
): Promise<PolicyVersion> {
  const draft = await loadDraft(ctx, id);
  const { policy } = checkPolicySource(input.text, input.format, sessionOf(ctx).tenant.slug);
  Object.assign(draft, {
    sourceText: input.text,
    sourceFormat: input.format as PolicyFormat,
    sourceHash: sha256(input.text),
    document: policy ?? null,
    activationRequestedBy: null,
    activationRequestedAt: null,
  });
  await sessionOf(ctx).em.save(draft);
  await audit(ctx, {
    action: 'policy.draft-updated',
    entityType: 'policy_version',
    entityId: draft.id,
    payload: { version: draft.version, sourceHash: draft.sourceHash, valid: Boolean(policy) },
  });
  return draft;
}

async function activeVersion(ctx: RequestContext): Promise<PolicyVersion> {
  const { em } = sessionOf(ctx);
  return em.findOneOrFail(PolicyVersion, { where: { tenantId: em.tenantId, status: 'active' } });
}

export async function policyDiff(ctx: RequestContext, id: string): Promise<PolicyChange[]> {
  const version = await loadPolicyVersion(ctx, id);
  const { policy, errors } = checkVersion(ctx, version);
  if (!policy) throw policyIssuesError(errors, 'id', 'POLICY_VIOLATION');
  const active = await activeVersion(ctx);
  const current = await ctx.services.policies.get(sessionOf(ctx).em, active.id);
  return diffPolicies(current, policy);
}

/** One policy administrator at a time per council: drafts get distinct numbers, activations don't race. */
async function lockPolicyVersions(ctx: RequestContext): Promise<void> {
  const { em } = sessionOf(ctx);
  await em.query(`select pg_advisory_xact_lock(hashtextextended('policy:' || $1, 0))`, [
    em.tenantId,
  ]);
}

/**
 * Activates a valid draft. With more than one active tenant admin, the first
 * call records the request and a different admin's call approves and
 * activates. The previous active version is superseded; both are immutable
 * from then on. Open cases stay on the version they were opened under.
 */
export async function activatePolicyVersion(
  ctx: RequestContext,
  id: string,
): Promise<PolicyVersion> {
  const session = sessionOf(ctx);
  const { em } = session;
  await lockPolicyVersions(ctx);
  const draft = await loadDraft(ctx, id);
  const { policy, errors } = checkVersion(ctx, draft);
  if (!policy) throw policyIssuesError(errors, 'id', 'POLICY_VIOLATION');
  await refuseOrphanedRoles(em, policy);

  const admins = await activeTenantAdmins(em).getCount();
  const now = ctx.services.clock.now();
  const me = session.user.id;
  if (admins > 1) {
    if (draft.activationRequestedBy === null) {
      draft.activationRequestedBy = me;
      draft.activationRequestedAt = now;
      await em.save(draft);
      await audit(ctx, {
        action: 'policy.activation-requested',
        entityType: 'policy_version',
        entityId: draft.id,
        payload: { version: draft.version, sourceHash: draft.sourceHash },
      });
      return draft;
    }
    if (draft.activationRequestedBy === me) {
      throw new DomainError('FORBIDDEN', 'A second tenant admin must approve this activation');
    }
    draft.approvedBy = me;
  }
  const previous = await activeVersion(ctx);
  await em.update(
    PolicyVersion,
    { tenantId: em.tenantId, id: previous.id },
    { status: 'superseded' },
  );
  Object.assign(draft, { status: 'active', activatedAt: now, activatedBy: me, document: policy });
  await em.save(draft);
  await audit(ctx, {
    action: 'policy.activated',
    entityType: 'policy_version',
    entityId: draft.id,
    payload: {
      version: draft.version,
      sourceHash: draft.sourceHash,
      supersedes: previous.id,
      requestedBy: draft.activationRequestedBy,
      approvedBy: draft.approvedBy,
    },
  });
  return draft;
}

/** Staff must not silently lose their roles: reassign them before a version drops a role. */
export async function refuseOrphanedRoles(em: TenantEntityManager, policy: Policy): Promise<void> {
  const users = await em.find(AppUser, { where: { tenantId: em.tenantId, active: true } });
  const missing = new Set(
    users.flatMap((u) => u.roles).filter((r) => r !== TENANT_ADMIN_ROLE && !(r in policy.roles)),
  );
  if (missing.size) {
    throw new DomainError(
      'CONFLICT',
      `Active users hold roles this version drops (${[...missing].join(', ')}): reassign them first`,
      { roles: [...missing] },
    );
  }
}

export async function casePolicy(ctx: RequestContext, caseId: string): Promise<CasePolicyNode> {
  const { em } = sessionOf(ctx);
  const c = await em.findOne(ManagedCase, { where: { tenantId: em.tenantId, id: caseId } });
  if (!c) throw notFound('Case');
  return casePolicyNode(ctx, c);
}

async function casePolicyNode(ctx: RequestContext, c: ManagedCase): Promise<CasePolicyNode> {
  const { em } = sessionOf(ctx);
  const policy = await ctx.services.policies.get(em, c.policyVersionId);
  const version = await em.findOneOrFail(PolicyVersion, {
    where: { tenantId: em.tenantId, id: c.policyVersionId },
  });
  return {
    caseId: c.id,
    policyVersionId: c.policyVersionId,
    policyVersion: version.version,
    stage: c.stage,
    reviewEveryMonths: policy.stages[c.stage]?.review?.everyMonths ?? null,
    reviewDueAt: c.reviewDueAt,
  };
}

/**
 * Re-pins an open case to the active version, after the engine's check on its
 * current state; the next review is recomputed under the new version's
 * cadence, counted from the case's last decision (or from entering its stage).
 */
export async function moveCaseToPolicyVersion(
  ctx: RequestContext,
  caseId: string,
  versionId: string,
): Promise<CasePolicyNode> {
  const { em } = sessionOf(ctx);
  const c = await em.findOne(ManagedCase, {
    where: { tenantId: em.tenantId, id: caseId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!c) throw notFound('Case');
  const target = await loadPolicyVersion(ctx, versionId);
  if (target.status !== 'active') {
    throw new DomainError(
      'CONFLICT',
      `A case can move only to the active version (version ${target.version} is ${target.status})`,
      {
        field: 'policyVersionId',
      },
    );
  }
  if (target.id === c.policyVersionId) {
    throw new DomainError('CONFLICT', 'The case is already on this version', {
      field: 'policyVersionId',
    });
  }
  const where = { tenantId: em.tenantId, caseId: c.id };
  // One connection per transaction: queries run one after another.
  const from = await ctx.services.policies.get(em, c.policyVersionId);
  const to = await ctx.services.policies.get(em, target.id);
  const proposal = await em.findOne(Proposal, { where: { ...where, status: 'open' } });
  const restrictions = await em.find(Restriction, { where: { ...where, status: 'active' } });
  const lastDecision = await em.findOne(Decision, { where, order: { decidedAt: 'DESC' } });
  const verdict = canMoveCaseToPolicy(from, to, {
    stage: c.stage,
    status: c.status,
    openProposal: proposal?.transitionKey,
    activeRestrictionTypes: restrictions.map((r) => r.type),
  });
  if (!verdict.allowed) {
    throw new DomainError('POLICY_VIOLATION', verdict.reasons.map((r) => r.message).join('; '), {
      reasons: verdict.reasons,
    });
  }
  const fromVersionId = c.policyVersionId;
  const before = c.reviewDueAt;
  if (c.reviewDueAt) {
    const since = lastDecision?.decidedAt ?? c.stageEnteredAt;
    const endsAt =
      restrictions.length === 0 || restrictions.some((r) => r.endsAt === null)
        ? null
        : new Date(Math.max(...restrictions.map((r) => r.endsAt!.getTime())));
    c.reviewDueAt =
      to.stages[c.stage]!.review || endsAt ? reviewDueDate(to, c.stage, since, endsAt) : null;
  }
  c.policyVersionId = target.id;
  await em.update(
    ManagedCase,
    { tenantId: em.tenantId, id: c.id },
    { policyVersionId: c.policyVersionId, reviewDueAt: c.reviewDueAt },
  );
  await audit(ctx, {
    action: 'case.policy-version-moved',
    entityType: 'case',
    entityId: c.id,
    caseId: c.id,
    payload: {
      fromPolicyVersionId: fromVersionId,
      toPolicyVersionId: target.id,
      toVersion: target.version,
      reviewDueChanged: before?.getTime() !== c.reviewDueAt?.getTime(),
    },
  });
  return casePolicyNode(ctx, c);
}
