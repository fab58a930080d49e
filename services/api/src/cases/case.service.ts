import { randomBytes } from 'node:crypto';
import { Customer, ManagedCase } from '@conduct/db';
import type { Policy } from '@conduct/policy';
import type { z } from 'zod';
import { DomainError, notFound } from '@conduct/casework';
import type { RequestContext } from '../request/context';
import type { PinnedPolicy } from '../request/policy-cache';
import { audit, sessionOf } from '../casework/session';
import type { openCaseSchema } from './case.inputs';
import { CaseNode } from './case.type';
import { type CaseRelated, type CaseRelationSelection, readRelated } from './case-relations';

/** A case of the caller's council, or NOT_FOUND — the same answer for another council's id. */
export async function loadCase(
  ctx: RequestContext,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ManagedCase> {
  const { em } = sessionOf(ctx);
  const found = await em.findOne(ManagedCase, {
    where: { tenantId: em.tenantId, id },
    ...(opts.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!found) throw notFound('Case');
  return found;
}

/** The policy version a case is pinned to (not necessarily the tenant's active one). */
export function policyOfCase(ctx: RequestContext, c: ManagedCase): Promise<Policy> {
  return ctx.services.policies.get(sessionOf(ctx).em, c.policyVersionId);
}

/** A case as GraphQL shows it, with the relations the operation selects on it. */
export async function toCaseNode(
  ctx: RequestContext,
  c: ManagedCase,
  selection: CaseRelationSelection,
): Promise<CaseNode> {
  const pinned = await ctx.services.policies.pinned(sessionOf(ctx).em, c.policyVersionId);
  return caseNodeOf(c, pinned, await readRelated(ctx, c.id, selection));
}

/**
 * A case as GraphQL shows it, given the policy version it is pinned to and
 * its related rows: a list builds a page's nodes at once, with one policy
 * look-up per version rather than two awaits per case.
 */
export function caseNodeOf(
  c: ManagedCase,
  pinned: PinnedPolicy,
  related: Partial<CaseRelated>,
): CaseNode {
  return Object.assign(new CaseNode(), related, {
    id: c.id,
    reference: c.reference,
    stage: c.stage,
    stageLabel: pinned.policy.stages[c.stage]?.label ?? c.stage,
    status: c.status,
    serviceAreas: c.serviceAreas,
    linkedReferences: c.linkedReferences,
    legalHold: c.legalHold,
    openedAt: c.openedAt,
    stageEnteredAt: c.stageEnteredAt,
    reviewDueAt: c.reviewDueAt,
    closedAt: c.closedAt,
    policyVersion: pinned.version,
    version: c.version,
    customerId: c.customerId,
    policyVersionId: c.policyVersionId,
  });
}

/**
 * Opens a case at the policy's initial stage, pinned to the active version.
 * A customer may have several cases: a new, unrelated matter is never blocked.
 */
export async function openCase(
  ctx: RequestContext,
  input: z.infer<typeof openCaseSchema>,
): Promise<ManagedCase> {
  const session = sessionOf(ctx);
  const { em } = session;
  const customer = await em.findOne(Customer, {
    where: { tenantId: em.tenantId, id: input.customerId },
  });
  if (!customer) throw notFound('Customer');
  if (customer.purgedAt)
    throw new DomainError(
      'BAD_USER_INPUT',
      'input.customerId: this customer’s records were purged',
      {
        field: 'input.customerId',
      },
    );
  const now = ctx.services.clock.now();
  const c = await em.save(
    em.create(ManagedCase, {
      tenantId: em.tenantId,
      reference: `MC-${now.getUTCFullYear()}-${randomBytes(3).toString('hex').toUpperCase()}`,
      customerId: customer.id,
      policyVersionId: session.policyVersionId,
      stage: session.policy.initialStage,
      status: 'open',
      serviceAreas: input.serviceAreas,
      linkedReferences: input.linkedReferences,
      summary: input.summary ?? null,
      legalHold: false,
      openedAt: now,
      openedBy: session.user.id,
      stageEnteredAt: now,
      lastActivityAt: now,
      closedAt: null,
      dormantAt: null,
      reviewDueAt: null,
      retentionDueAt: null,
    }),
  );
  await audit(ctx, {
    action: 'case.opened',
    entityType: 'case',
    entityId: c.id,
    caseId: c.id,
    payload: { customerId: customer.id, stage: c.stage, policyVersionId: c.policyVersionId },
  });
  return c;
}

/** Marks activity on a case (dormancy and retention count from the last activity). */
export async function touchCase(ctx: RequestContext, c: ManagedCase): Promise<void> {
  c.lastActivityAt = ctx.services.clock.now();
  await sessionOf(ctx).em.update(
    ManagedCase,
    { tenantId: c.tenantId, id: c.id },
    { lastActivityAt: c.lastActivityAt },
  );
}
