import { In } from 'typeorm';
import { ManagedCase, Restriction } from '@conduct/db';
import { retentionDueDate, reviewDueDate, type Policy } from '@conduct/policy';
import type { RequestContext } from '../context';
import { sessionOf } from '../casework/session';

/**
 * What reviews, appeals and derestriction decisions do to a case after the
 * engine has allowed them: move it between stages, lift measures, and work out
 * the next review and the retention date. No rule lives here: the dates come
 * from the engine and the stages from the case's policy.
 */

/** Measures in force on the case, oldest first. */
export function activeRestrictions(ctx: RequestContext, caseId: string): Promise<Restriction[]> {
  const { em } = sessionOf(ctx);
  return em.find(Restriction, {
    where: { tenantId: em.tenantId, caseId, status: 'active' },
    order: { startsAt: 'ASC', id: 'ASC' },
  });
}

/** The end of the period in force: the earliest end date; null when none is set (indefinite or no measures). */
export function periodEnd(active: Restriction[]): Date | null {
  const ends = active.map((r) => r.endsAt).filter((d): d is Date => d !== null);
  if (ends.length === 0) return null;
  return new Date(Math.min(...ends.map((d) => d.getTime())));
}

/** When the case is next reviewed at `stageKey` (engine `reviewDueDate`); null for stages that are not reviewed. */
export function nextReviewDue(
  policy: Policy,
  stageKey: string,
  decidedAt: Date,
  active: Restriction[],
): Date | null {
  const stage = policy.stages[stageKey];
  if (!stage || stage.kind === 'closed' || stage.kind === 'dormant') return null;
  const end = periodEnd(active);
  if (!stage.review && end === null) return null;
  return reviewDueDate(policy, stageKey, decidedAt, end);
}

/** Moves the case into `stageKey`; closed and dormant stages close the case. */
export function moveToStage(policy: Policy, c: ManagedCase, stageKey: string, now: Date): void {
  if (c.stage === stageKey) return;
  c.stage = stageKey;
  c.stageEnteredAt = now;
  const kind = policy.stages[stageKey]?.kind;
  if (kind === 'closed') {
    c.status = 'closed';
    c.closedAt = now;
  } else if (kind === 'dormant') {
    c.status = 'dormant';
    c.dormantAt = now;
  }
}

/** Marks measures lifted now. */
export async function liftRestrictions(
  ctx: RequestContext,
  rows: Restriction[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const { em } = sessionOf(ctx);
  await em.update(
    Restriction,
    { tenantId: em.tenantId, id: In(rows.map((r) => r.id)) },
    { status: 'lifted', endedAt: now },
  );
  for (const r of rows) {
    r.status = 'lifted';
    r.endedAt = now;
  }
}

/** Recomputes when the case's records fall due for destruction, once a rule has been triggered. */
export function updateRetention(
  policy: Policy,
  c: ManagedCase,
  now: Date,
  restrictionEnded: boolean,
): void {
  const due = retentionDueDate(policy, {
    restrictionEndedAt: restrictionEnded ? now : undefined,
    closedAt: c.closedAt ?? undefined,
    dormantAt: c.dormantAt ?? undefined,
    lastActivityAt: now,
  });
  if (due) c.retentionDueAt = due.dueAt;
}

/**
 * After measures were lifted by an appeal or a derestriction decision: when
 * none remain, the case leaves the stage as a review that lifts them would
 * (the stage's `liftTo`), and its review schedule follows.
 */
export async function settleAfterLifting(
  ctx: RequestContext,
  policy: Policy,
  c: ManagedCase,
  lifted: Restriction[],
  now: Date,
): Promise<void> {
  if (lifted.length === 0) return;
  const remaining = await activeRestrictions(ctx, c.id);
  const liftTo = policy.stages[c.stage]?.review?.liftTo;
  if (remaining.length === 0 && liftTo) {
    moveToStage(policy, c, liftTo, now);
    c.reviewDueAt = nextReviewDue(policy, c.stage, now, remaining);
  }
  updateRetention(policy, c, now, true);
}

/** Writes the case's moving parts and marks activity. */
export async function saveCase(ctx: RequestContext, c: ManagedCase, now: Date): Promise<void> {
  c.lastActivityAt = now;
  await sessionOf(ctx).em.update(
    ManagedCase,
    { tenantId: c.tenantId, id: c.id },
    {
      stage: c.stage,
      status: c.status,
      stageEnteredAt: c.stageEnteredAt,
      closedAt: c.closedAt,
      dormantAt: c.dormantAt,
      reviewDueAt: c.reviewDueAt,
      retentionDueAt: c.retentionDueAt,
      lastActivityAt: c.lastActivityAt,
    },
  );
}

/** The role an actor acts in: the first of the roles the policy names that they hold. */
export function actingRole(actorRoles: string[], named: string[]): string {
  return named.find((r) => actorRoles.includes(r)) ?? actorRoles[0] ?? 'unknown';
}
