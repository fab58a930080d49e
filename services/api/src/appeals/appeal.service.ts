import { Appeal, Decision, type ManagedCase, Restriction } from '@conduct/db';
import {
  appealRouteFor,
  canDecideAppeal,
  canLodgeAppeal,
  roleList,
  type DecisionRecord,
} from '@conduct/policy';
import type { z } from 'zod';
import type { RequestContext } from '../context';
import { audit, sessionOf } from '../casework/session';
import { loadCaseState } from '../cases/case-state.loader';
import { loadCase, policyOfCase } from '../cases/case.service';
import { requireAllowed } from '../decisions/policy-violation';
import { AppError, notFound } from '../graphql/errors';
import {
  actingRole,
  liftRestrictions,
  saveCase,
  settleAfterLifting,
} from '../reviews/case-progress';
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
    throw new AppError(
      'CONFLICT',
      'An appeal against this decision is already waiting to be heard',
      {
        field: 'input.decisionId',
        appealId: open.id,
      },
    );
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
  await saveCase(ctx, c, now);
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
}

/**
 * The hearer decides: the engine checks the role the policy names and that the
 * hearer took no part in the decision appealed. Upheld lifts that decision's
 * measures; when none remain the case leaves the stage as a lifting review would.
 */
export async function decideAppeal(
  ctx: RequestContext,
  input: z.infer<typeof decideAppealSchema>,
): Promise<DecidedAppeal> {
  const session = sessionOf(ctx);
  const { em } = session;
  const found = await em.findOne(Appeal, { where: { tenantId: em.tenantId, id: input.appealId } });
  if (!found) throw notFound('Appeal');
  const c = await loadCase(ctx, found.caseId, { lock: true });
  // Re-read under the case lock: two hearers cannot both decide it.
  const appeal = await em.findOneOrFail(Appeal, { where: { tenantId: em.tenantId, id: found.id } });
  if (appeal.status !== 'lodged') {
    throw new AppError('CONFLICT', 'This appeal has already been decided', {
      field: 'input.appealId',
    });
  }
  const policy = await policyOfCase(ctx, c);
  const now = ctx.services.clock.now();
  const state = await loadCaseState(ctx, c);
  requireAllowed(canDecideAppeal(policy, state, session.actor, appeal.decisionId));

  const appealed = state.decisions.find((d) => d.id === appeal.decisionId) as DecisionRecord;
  const route = appealRouteFor(policy, appealed);
  const hearerRoles = route?.route === 'internal' ? roleList(route.hearer) : [];
  const fromStage = c.stage;

  let lifted: Restriction[] = [];
  if (input.outcome === 'upheld') {
    lifted = await em.find(Restriction, {
      where: {
        tenantId: em.tenantId,
        caseId: c.id,
        decisionId: appeal.decisionId,
        status: 'active',
      },
    });
    await liftRestrictions(ctx, lifted, now);
    await settleAfterLifting(ctx, policy, c, lifted, now);
  }

  const decision = await em.save(
    em.create(Decision, {
      tenantId: em.tenantId,
      caseId: c.id,
      kind: 'appeal',
      transitionKey: null,
      fromStage,
      toStage: c.stage,
      outcome: input.outcome,
      proposalId: null,
      appealOf: appeal.decisionId,
      participants: [
        {
          userId: session.user.id,
          role: actingRole(session.actor.roles, hearerRoles),
          step: 'hear-appeal',
        },
      ],
      decidedBy: session.user.id,
      decidedAt: now,
    }),
  );
  appeal.status = input.outcome;
  appeal.decidedBy = session.user.id;
  appeal.decidedAt = now;
  appeal.note = input.note;
  appeal.outcomeDecisionId = decision.id;
  await em.save(appeal);
  await saveCase(ctx, c, now);
  await audit(ctx, {
    action: 'appeal.decided',
    entityType: 'appeal',
    entityId: appeal.id,
    caseId: c.id,
    payload: {
      decisionId: decision.id,
      appealOf: appeal.decisionId,
      outcome: input.outcome,
      fromStage,
      toStage: c.stage,
      liftedRestrictionIds: lifted.map((r) => r.id),
    },
  });
  return { appeal, decision, case: c, lifted };
}
