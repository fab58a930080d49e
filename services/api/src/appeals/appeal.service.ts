import {
  Appeal,
  Decision,
  type Letter,
  type ManagedCase,
  Restriction,
  type TenantEntityManager,
} from '@conduct/db';
import {
  type AppliedDecision,
  type CaseContext,
  applyDecision,
  conflict,
  lockCaseForDecision,
  notFound,
  policyViolation,
  recordEvent,
  requireAllowed,
} from '@conduct/casework';
import {
  appealRouteFor,
  canDecideAppeal,
  canLodgeAppeal,
  letterFor,
  roleList,
  type DecisionRecord,
} from '@conduct/policy';
import type { z } from 'zod';
import type { RequestContext } from '../request/context';
import { audit, caseContextOf, sessionOf } from '../casework/session';
import { loadCaseState } from '../cases/case-state.loader';
import { loadCase, policyOfCase, touchCase } from '../cases/case.service';
import { actingRole } from '../reviews/review.service';
import type { decideAppealSchema, lodgeAppealSchema } from './appeal.inputs';
import type { AppealNode } from './appeal.type';

export function toAppealNode(a: Appeal): AppealNode {
  return {
    id: a.id,
    caseId: a.caseId,
    decisionId: a.decisionId,
    grounds: a.grounds,
    status: a.status,
    lodgedAt: a.lodgedAt,
    lodgedBy: a.lodgedBy,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt,
    note: a.note,
    outcomeDecisionId: a.outcomeDecisionId,
  };
}

/**
 * Lodges an appeal where the policy gives a route and it is in time; where it
 * gives none (Cheshire, London, Welwyn Hatfield) the refusal carries the
 * Ombudsman signpost.
 */
export async function lodgeAppeal(
  ctx: RequestContext,
  input: z.infer<typeof lodgeAppealSchema>,
): Promise<Appeal> {
  const session = sessionOf(ctx);
  const { em } = session;
  const decision = await em.findOne(Decision, {
    where: { tenantId: em.tenantId, id: input.decisionId },
  });
  if (!decision) throw notFound('Decision');
  const c = await loadCase(ctx, decision.caseId, { lock: true });
  const policy = await policyOfCase(ctx, c);
  const now = ctx.services.clock.now();
  const state = await loadCaseState(ctx, c);
  requireAllowed(canLodgeAppeal(policy, state, decision.id, now));
  const open = await em.findOne(Appeal, {
    where: { tenantId: em.tenantId, decisionId: decision.id, status: 'lodged' },
  });
  if (open) {
    throw conflict('An appeal against this decision is already waiting to be heard', {
      field: 'input.decisionId',
      appealId: open.id,
    });
  }
  const appeal = await em.save(
    em.create(Appeal, {
      tenantId: em.tenantId,
      caseId: c.id,
      decisionId: decision.id,
      grounds: input.grounds,
      lodgedAt: now,
      lodgedBy: session.user.id,
      status: 'lodged',
      decidedBy: null,
      decidedAt: null,
      note: null,
      outcomeDecisionId: null,
    }),
  );
  await touchCase(ctx, c);
  await audit(ctx, {
    action: 'appeal.lodged',
    entityType: 'appeal',
    entityId: appeal.id,
    caseId: c.id,
    payload: { decisionId: decision.id, decisionKind: decision.kind },
  });
  return appeal;
}

export interface DecidedAppeal {
  appeal: Appeal;
  decision: Decision;
  case: ManagedCase;
  lifted: Restriction[];
  restrictions: Restriction[];
  letter: Letter | null;
}

/**
 * The hearer decides: the engine checks the role the policy names, that the
 * hearer took no part in the decision appealed, and (varied) that the hearer
 * may impose the measures at this stage. Upheld lifts that decision's
 * measures; varied amends the measures in the same decision; when none remain
 * the case leaves the stage as a lifting review would. The customer is told in
 * writing, from the council's template for the outcome.
 */
export async function decideAppeal(
  ctx: RequestContext,
  input: z.infer<typeof decideAppealSchema>,
): Promise<DecidedAppeal> {
  const session = sessionOf(ctx);
  const { em } = session;
  const { appeal, c } = await lockedAppeal(em, input);
  const cctx = await caseContextOf(ctx, c);
  const { policy } = cctx;
  const varied = (input.restrictions ?? []).map((r) => ({
    type: r.type,
    parameters: r.parametersJson,
  }));
  const state = await loadCaseState(ctx, c);
  requireAllowed(
    canDecideAppeal(
      policy,
      state,
      session.actor,
      appeal.decisionId,
      input.outcome === 'varied' ? varied : undefined,
    ),
  );
  const letter = letterFor(policy, { kind: 'appeal', outcome: input.outcome });
  if (!letter.ok) throw policyViolation(letter.reasons);

  const appealed = state.decisions.find((d) => d.id === appeal.decisionId) as DecisionRecord;
  const route = appealRouteFor(policy, appealed);
  const hearerRoles = route?.route === 'internal' ? roleList(route.hearer) : [];
  const appealedMeasures = (
    await em.find(Restriction, {
      where: {
        tenantId: em.tenantId,
        caseId: c.id,
        decisionId: appeal.decisionId,
        status: 'active',
      },
    })
  ).map((r) => r.id);
  const applied = await applyDecision(cctx, c, {
    kind: 'appeal',
    outcome: input.outcome,
    appealOf: appeal.decisionId,
    participants: [
      {
        userId: session.user.id,
        role: actingRole(session.actor.roles, hearerRoles),
        step: 'hear-appeal',
      },
    ],
    reasons: input.note,
    measures:
      input.outcome === 'upheld'
        ? { kind: 'lift', restrictionIds: appealedMeasures }
        : input.outcome === 'varied'
          ? { kind: 'vary', measures: varied, durationMonths: input.durationMonths }
          : { kind: 'none' },
    settle: true,
    letterTemplate: letter.template,
  });
  const { decision, measures: fx } = applied;
  Object.assign(appeal, {
    status: input.outcome,
    decidedBy: session.user.id,
    decidedAt: cctx.now,
    note: input.note,
    outcomeDecisionId: decision.id,
  });
  await em.save(appeal);
  await auditAppeal(cctx, appeal, applied);
  return {
    appeal,
    decision,
    case: c,
    lifted: fx.lifted,
    restrictions: fx.after,
    letter: applied.letter,
  };
}

/** The lodged appeal, re-read under the case lock: two hearers cannot both decide it. */
async function lockedAppeal(
  em: TenantEntityManager,
  input: z.infer<typeof decideAppealSchema>,
): Promise<{ appeal: Appeal; c: ManagedCase }> {
  const found = await em.findOne(Appeal, { where: { tenantId: em.tenantId, id: input.appealId } });
  if (!found) throw notFound('Appeal');
  const c = await lockCaseForDecision(em, found.caseId, input.expectedCaseVersion);
  const appeal = await em.findOneOrFail(Appeal, { where: { tenantId: em.tenantId, id: found.id } });
  if (appeal.status !== 'lodged') {
    throw conflict('This appeal has already been decided', { field: 'input.appealId' });
  }
  return { appeal, c };
}

function auditAppeal(cctx: CaseContext, appeal: Appeal, applied: AppliedDecision) {
  const fx = applied.measures;
  return recordEvent(
    cctx,
    'appeal.decided',
    { entityId: appeal.id, caseId: appeal.caseId },
    {
      decisionId: applied.decision.id,
      appealOf: appeal.decisionId,
      outcome: appeal.status,
      fromStage: applied.fromStage,
      toStage: applied.theCase.stage,
      liftedRestrictionIds: fx.lifted.map((r) => r.id),
      changedRestrictionIds: fx.changed.map((r) => r.id),
      addedRestrictionIds: fx.added.map((r) => r.id),
      letterId: applied.letter?.id ?? null,
    },
  );
}
