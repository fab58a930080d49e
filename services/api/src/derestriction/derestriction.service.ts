import {
  type Decision,
  DerestrictionRequest,
  type Letter,
  type ManagedCase,
  Restriction,
} from '@conduct/db';
import {
  applyDecision,
  conflict,
  lockCaseForDecision,
  notFound,
  policyViolation,
  recordEvent,
  requireAllowed,
} from '@conduct/casework';
import {
  canDecideDerestriction,
  canRequestDerestriction,
  letterFor,
  roleList,
} from '@conduct/policy';
import type { z } from 'zod';
import type { RequestContext } from '../request/context';
import { audit, caseContextOf, sessionOf } from '../casework/session';
import { loadCaseState } from '../cases/case-state.loader';
import { loadCase, policyOfCase, touchCase } from '../cases/case.service';
import { derestrictionConsultations } from '../consultations/consultation.service';
import { actingRole } from '../reviews/review.service';
import type { decideDerestrictionSchema, requestDerestrictionSchema } from './derestriction.inputs';
import type { DerestrictionRequestNode } from './derestriction.type';

export function toDerestrictionRequestNode(r: DerestrictionRequest): DerestrictionRequestNode {
  return {
    id: r.id,
    caseId: r.caseId,
    restrictionId: r.restrictionId,
    reason: r.reason,
    exceptional: r.exceptional,
    requestedAt: r.requestedAt,
    recordedBy: r.recordedBy,
    status: r.status,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    note: r.note,
    decisionId: r.decisionId,
  };
}

/** Records a request to lift a restriction when the policy lets it be made now (engine `canRequestDerestriction`). */
export async function requestDerestriction(
  ctx: RequestContext,
  input: z.infer<typeof requestDerestrictionSchema>,
): Promise<DerestrictionRequest> {
  const session = sessionOf(ctx);
  const { em } = session;
  const restriction = await em.findOne(Restriction, {
    where: { tenantId: em.tenantId, id: input.restrictionId },
  });
  if (!restriction) throw notFound('Restriction');
  const c = await loadCase(ctx, restriction.caseId, { lock: true });
  const policy = await policyOfCase(ctx, c);
  const now = ctx.services.clock.now();
  const state = await loadCaseState(ctx, c);
  requireAllowed(canRequestDerestriction(policy, state, restriction.id, now, input.exceptional));
  const pending = await em.findOne(DerestrictionRequest, {
    where: { tenantId: em.tenantId, restrictionId: restriction.id, status: 'pending' },
  });
  if (pending) {
    throw conflict('A request to lift this restriction is already waiting for a decision', {
      field: 'input.restrictionId',
      requestId: pending.id,
    });
  }
  const request = await em.save(
    em.create(DerestrictionRequest, {
      tenantId: em.tenantId,
      caseId: c.id,
      restrictionId: restriction.id,
      reason: input.reason,
      exceptional: input.exceptional,
      requestedAt: now,
      recordedBy: session.user.id,
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      note: null,
      decisionId: null,
    }),
  );
  await touchCase(ctx, c);
  await audit(ctx, {
    action: 'derestriction.requested',
    entityType: 'derestriction_request',
    entityId: request.id,
    caseId: c.id,
    payload: { restrictionId: restriction.id, exceptional: input.exceptional },
  });
  return request;
}

export interface DecidedDerestriction {
  request: DerestrictionRequest;
  decision: Decision;
  case: ManagedCase;
  lifted: Restriction[];
  restrictions: Restriction[];
  letter: Letter | null;
}

/**
 * The role the policy names decides (engine `canDecideDerestriction`); a grant
 * lifts the restriction, and the customer is told either way in writing, from
 * the council's template for the outcome (London §9).
 */
export async function decideDerestriction(
  ctx: RequestContext,
  input: z.infer<typeof decideDerestrictionSchema>,
): Promise<DecidedDerestriction> {
  const session = sessionOf(ctx);
  const { em } = session;
  const found = await em.findOne(DerestrictionRequest, {
    where: { tenantId: em.tenantId, id: input.requestId },
  });
  if (!found) throw notFound('Derestriction request');
  const c = await lockCaseForDecision(em, found.caseId, input.expectedCaseVersion);
  const request = await em.findOneOrFail(DerestrictionRequest, {
    where: { tenantId: em.tenantId, id: found.id },
  });
  if (request.status !== 'pending') {
    throw conflict('This request has already been decided', { field: 'input.requestId' });
  }
  const cctx = await caseContextOf(ctx, c);
  const { policy } = cctx;
  const state = await loadCaseState(ctx, c);
  const consulted = await derestrictionConsultations(ctx, request.id);
  requireAllowed(canDecideDerestriction(policy, state, session.actor, consulted));
  const outcome = input.grant ? 'granted' : 'refused';
  const letter = letterFor(policy, { kind: 'derestriction', outcome });
  if (!letter.ok) throw policyViolation(letter.reasons);

  const applied = await applyDecision(cctx, c, {
    kind: 'derestriction',
    outcome,
    participants: [
      {
        userId: session.user.id,
        role: actingRole(session.actor.roles, roleList(policy.derestriction?.decidedBy)),
        step: 'decide',
      },
    ],
    reasons: input.note,
    measures: input.grant
      ? { kind: 'lift', restrictionIds: [request.restrictionId] }
      : { kind: 'none' },
    settle: true,
    letterTemplate: letter.template,
  });
  const { decision, measures: fx } = applied;
  Object.assign(request, {
    status: outcome,
    decidedBy: session.user.id,
    decidedAt: cctx.now,
    note: input.note,
    decisionId: decision.id,
  });
  await em.save(request);
  await recordEvent(
    cctx,
    'derestriction.decided',
    { entityId: request.id, caseId: c.id },
    {
      decisionId: decision.id,
      restrictionId: request.restrictionId,
      outcome,
      fromStage: applied.fromStage,
      toStage: c.stage,
      liftedRestrictionIds: fx.lifted.map((r) => r.id),
      letterId: applied.letter?.id ?? null,
    },
  );
  return {
    request,
    decision,
    case: c,
    lifted: fx.lifted,
    restrictions: fx.after,
    letter: applied.letter,
  };
}
