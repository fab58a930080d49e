import { CaseRecord, type CaseRecordKind, ManagedCase } from '@conduct/db';
import {
  canChangeLegalHold,
  canRecordReferral,
  canSetReviewDate,
  type Policy,
} from '@conduct/policy';
import type { z } from 'zod';
import type { RequestContext } from '../request/context';
import { audit, sessionOf } from '../casework/session';
import { loadCase, policyOfCase, touchCase } from '../cases/case.service';
import { requireAllowed } from '../decisions/policy-violation';
import { loadCaseState } from '../cases/case-state.loader';
import type {
  addCaseNoteSchema,
  legalHoldSchema,
  recordReferralSchema,
  setNextReviewSchema,
} from './case-record.inputs';
import type { CaseRecordNode } from './case-record.type';
import { refuseImplausibleContactDate } from '../contacts/contact-date';

export const toCaseRecordNode = (policy: Policy, r: CaseRecord): CaseRecordNode => ({
  id: r.id,
  kind: r.kind,
  referralKey: r.referralKey,
  referralLabel: r.referralKey ? (policy.referrals[r.referralKey]?.label ?? r.referralKey) : null,
  body: r.body,
  occurredAt: r.occurredAt,
  recordedBy: r.recordedBy,
  recordedAt: r.recordedAt,
});

/** Writes the record and its audit event (ids and keys only, never the text). */
async function record(
  ctx: RequestContext,
  c: ManagedCase,
  kind: CaseRecordKind,
  body: string,
  extra: { referralKey?: string; occurredAt?: Date } = {},
): Promise<CaseRecord> {
  const { em, user } = sessionOf(ctx);
  const now = ctx.services.clock.now();
  const row = await em.save(
    em.create(CaseRecord, {
      tenantId: c.tenantId,
      caseId: c.id,
      kind,
      referralKey: extra.referralKey ?? null,
      body,
      occurredAt: extra.occurredAt ?? now,
      recordedBy: user.id,
      recordedAt: now,
    }),
  );
  await audit(ctx, {
    action: `case.${kind}`,
    entityType: 'case_record',
    entityId: row.id,
    caseId: c.id,
    payload: extra.referralKey ? { referralKey: extra.referralKey } : {},
  });
  return row;
}

/**
 * Places (hold = true) or releases a legal hold: only the roles the policy
 * names, always with a reason. A held case is skipped by every purge.
 */
export async function changeLegalHold(
  ctx: RequestContext,
  input: z.infer<typeof legalHoldSchema>,
  hold: boolean,
): Promise<ManagedCase> {
  const session = sessionOf(ctx);
  const c = await loadCase(ctx, input.caseId, { lock: true });
  const policy = await policyOfCase(ctx, c);
  requireAllowed(canChangeLegalHold(policy, session.actor, hold, c.legalHold));
  c.legalHold = hold;
  await session.em.update(ManagedCase, { tenantId: c.tenantId, id: c.id }, { legalHold: hold });
  await record(ctx, c, hold ? 'legal-hold-placed' : 'legal-hold-released', input.reason);
  return c;
}

/** A referral outside the policy (police, staff protection): recorded, the stage untouched. */
export async function recordReferral(
  ctx: RequestContext,
  input: z.infer<typeof recordReferralSchema>,
): Promise<{ policy: Policy; row: CaseRecord }> {
  const c = await loadCase(ctx, input.caseId, { lock: true });
  const policy = await policyOfCase(ctx, c);
  requireAllowed(canRecordReferral(policy, input.referralKey));
  refuseImplausibleContactDate(input.occurredAt, ctx.services.clock.now(), 'input.occurredAt');
  const row = await record(ctx, c, 'referral', input.note, {
    referralKey: input.referralKey,
    occurredAt: input.occurredAt,
  });
  await touchCase(ctx, c);
  return { policy, row };
}

/** A note added to the case over time (e.g. Maidstone §7.4 "cyclical unreasonable contacts"). */
export async function addCaseNote(
  ctx: RequestContext,
  input: z.infer<typeof addCaseNoteSchema>,
): Promise<{ policy: Policy; row: CaseRecord }> {
  const c = await loadCase(ctx, input.caseId, { lock: true });
  const policy = await policyOfCase(ctx, c);
  // Not customer activity: a staff note does not restart a retention clock.
  return { policy, row: await record(ctx, c, 'note', input.text) };
}

/**
 * Sets one case's next review date, with reasons, where the policy lets the
 * reviewer adjust the cadence and within its limits (engine `canSetReviewDate`).
 * The case version moves on: a decision prepared against the old date is stale.
 */
export async function setNextReview(
  ctx: RequestContext,
  input: z.infer<typeof setNextReviewSchema>,
): Promise<ManagedCase> {
  const session = sessionOf(ctx);
  const c = await loadCase(ctx, input.caseId, { lock: true });
  const policy = await policyOfCase(ctx, c);
  const state = await loadCaseState(ctx, c);
  const now = ctx.services.clock.now();
  requireAllowed(canSetReviewDate(policy, state, session.actor, input.dueAt, now));
  c.reviewDueAt = input.dueAt;
  c.version += 1;
  await session.em.update(
    ManagedCase,
    { tenantId: c.tenantId, id: c.id },
    { reviewDueAt: c.reviewDueAt, version: c.version },
  );
  await record(ctx, c, 'review-rescheduled', input.reasons);
  return c;
}
