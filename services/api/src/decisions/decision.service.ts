import {
  Customer,
  Decision,
  type DecisionParticipant,
  type DisseminationRecord,
  type Letter,
  ManagedCase,
  Restriction,
} from '@conduct/db';
import type { Policy } from '@conduct/policy';
import type { RequestContext } from '../context';
import { audit, sessionOf } from '../casework/session';
import { audiencesFor, recordDissemination } from '../dissemination/dissemination.service';
import { draftLetter } from '../letters/letter.service';
import { policyViolation } from './policy-violation';
import { planTransition, transitionOf } from './transition-plan';

/** How the letter greets a customer whose name is not recorded (or was purged). */
const NAMELESS = 'Sir or Madam';

export interface StageMove {
  theCase: ManagedCase;
  /** The policy version the case is pinned to. */
  policy: Policy;
  kind?: Decision['kind'];
  /** The policy transition taken, if any; supplies the letter and `inform` defaults. */
  transitionKey?: string | null;
  toStage: string;
  outcome?: string | null;
  proposalId?: string | null;
  appealOf?: string | null;
  /** Everyone who took a step, in order; the last is the decider. */
  participants: DecisionParticipant[];
  /** The reasons in words; they become the letter's "why". */
  reasons: string;
  restrictions: { type: string; parameters: Record<string, unknown> }[];
  durationMonths?: number | null;
  indefinite?: boolean | null;
  /** Letter template; defaults to the transition's. Null: no letter. */
  letterTemplate?: string | null;
  /** Roles told of the decision; defaults to the transition's `inform`. */
  inform?: string[];
}

export interface StageMoveOutcome {
  decision: Decision;
  theCase: ManagedCase;
  restrictions: Restriction[];
  ended: Restriction[];
  letter: Letter | null;
  disseminations: DisseminationRecord[];
}

/** The customer's name for the letter's greeting. */
export async function customerNameOf(ctx: RequestContext, theCase: ManagedCase): Promise<string> {
  const { em } = sessionOf(ctx);
  const customer = await em.findOne(Customer, {
    where: { tenantId: theCase.tenantId, id: theCase.customerId },
  });
  return (!customer?.purgedAt && customer?.fullName?.trim()) || NAMELESS;
}

/**
 * Applies a decided stage move in the request's transaction: the decision (with
 * every participant), the stage change, the restrictions with their end dates,
 * the review date, closure, the letter and the dissemination records, each
 * audited. The caller has asked the engine and holds the case lock. A
 * restricting move whose letter cannot be written throws POLICY_VIOLATION, so
 * nothing is written: a decision with a restriction never exists without its letter.
 */
export async function decideTransition(
  ctx: RequestContext,
  move: StageMove,
): Promise<StageMoveOutcome> {
  const { em } = sessionOf(ctx);
  const { theCase, policy } = move;
  const now = ctx.services.clock.now();
  const transition = move.transitionKey
    ? transitionOf(policy, theCase.stage, move.transitionKey)
    : undefined;
  const letterTemplate =
    move.letterTemplate === undefined ? (transition?.letter ?? null) : move.letterTemplate;
  const planned = planTransition(policy, {
    toStage: move.toStage,
    transitionKey: move.transitionKey,
    letterTemplate,
    restrictions: move.restrictions,
    durationMonths: move.durationMonths,
    indefinite: move.indefinite,
    reasons: move.reasons,
    customerName: await customerNameOf(ctx, theCase),
    now,
  });
  if (!planned.ok) throw policyViolation(planned.reasons);
  const { plan } = planned;
  const target = policy.stages[move.toStage]!;
  const fromStage = theCase.stage;
  const decider = move.participants[move.participants.length - 1];
  if (!decider) throw new Error('a decision needs at least one participant');

  const decision = await em.save(
    em.create(Decision, {
      tenantId: theCase.tenantId,
      caseId: theCase.id,
      kind: move.kind ?? 'transition',
      transitionKey: move.transitionKey ?? null,
      fromStage,
      toStage: move.toStage,
      outcome: move.outcome ?? null,
      proposalId: move.proposalId ?? null,
      appealOf: move.appealOf ?? null,
      participants: move.participants,
      decidedBy: decider.userId,
      decidedAt: now,
      reviewDueAt: plan.reviewDueAt,
    }),
  );
  await audit(ctx, {
    action: 'decision.recorded',
    entityType: 'decision',
    entityId: decision.id,
    caseId: theCase.id,
    payload: {
      kind: decision.kind,
      transitionKey: decision.transitionKey,
      fromStage,
      toStage: move.toStage,
      proposalId: decision.proposalId,
      participants: move.participants,
    },
  });

  // New measures replace the ones in force; closing the case ends them all.
  const ended: Restriction[] = [];
  if (move.restrictions.length > 0 || target.kind === 'closed' || target.kind === 'dormant') {
    const active = await em.find(Restriction, {
      where: { tenantId: theCase.tenantId, caseId: theCase.id, status: 'active' },
    });
    for (const r of active) {
      r.status = 'ended';
      r.endedAt = now;
      await em.update(
        Restriction,
        { tenantId: r.tenantId, id: r.id },
        { status: 'ended', endedAt: now },
      );
      await audit(ctx, {
        action: 'restriction.ended',
        entityType: 'restriction',
        entityId: r.id,
        caseId: theCase.id,
        payload: { decisionId: decision.id, type: r.type },
      });
      ended.push(r);
    }
  }

  const restrictions: Restriction[] = [];
  for (const r of move.restrictions) {
    const row = await em.save(
      em.create(Restriction, {
        tenantId: theCase.tenantId,
        caseId: theCase.id,
        decisionId: decision.id,
        type: r.type,
        parameters: r.parameters,
        startsAt: now,
        endsAt: plan.endsAt ?? null,
        status: 'active',
        endedAt: null,
      }),
    );
    await audit(ctx, {
      action: 'restriction.imposed',
      entityType: 'restriction',
      entityId: row.id,
      caseId: theCase.id,
      payload: {
        decisionId: decision.id,
        type: r.type,
        parameterNames: Object.keys(r.parameters),
        endsAt: row.endsAt?.toISOString() ?? null,
      },
    });
    restrictions.push(row);
  }

  const closes = target.kind === 'closed';
  const sleeps = target.kind === 'dormant';
  const reopens = !closes && !sleeps && theCase.status !== 'open';
  Object.assign(theCase, {
    stage: move.toStage,
    stageEnteredAt: now,
    lastActivityAt: now,
    reviewDueAt: plan.reviewDueAt,
    ...(closes ? { status: 'closed', closedAt: now } : {}),
    ...(sleeps ? { status: 'dormant', dormantAt: now } : {}),
    ...(reopens ? { status: 'open', closedAt: null, dormantAt: null } : {}),
  });
  await em.update(
    ManagedCase,
    { tenantId: theCase.tenantId, id: theCase.id },
    {
      stage: theCase.stage,
      stageEnteredAt: theCase.stageEnteredAt,
      lastActivityAt: theCase.lastActivityAt,
      reviewDueAt: theCase.reviewDueAt,
      status: theCase.status,
      closedAt: theCase.closedAt,
      dormantAt: theCase.dormantAt,
    },
  );
  await audit(ctx, {
    action: closes ? 'case.closed' : sleeps ? 'case.dormant' : 'case.stage-changed',
    entityType: 'case',
    entityId: theCase.id,
    caseId: theCase.id,
    payload: {
      decisionId: decision.id,
      fromStage,
      toStage: move.toStage,
      status: theCase.status,
      reviewDueAt: theCase.reviewDueAt?.toISOString() ?? null,
    },
  });

  const letter =
    plan.letter && letterTemplate
      ? await draftLetter(ctx, theCase, decision.id, letterTemplate, plan.letter)
      : null;

  const audiences = await audiencesFor(
    ctx,
    policy,
    move.inform ?? transition?.inform ?? [],
    plan.restrictive,
  );
  const disseminations = await recordDissemination(ctx, theCase, decision, audiences);

  return { decision, theCase, restrictions, ended, letter, disseminations };
}
