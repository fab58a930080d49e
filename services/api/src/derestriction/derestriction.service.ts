import { Decision, DerestrictionRequest, type ManagedCase, Restriction } from '@conduct/db';
import { canDecideDerestriction, canRequestDerestriction, roleList } from '@conduct/policy';
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
    throw new AppError(
      'CONFLICT',
      'A request to lift this restriction is already waiting for a decision',
      {
        field: 'input.restrictionId',
        requestId: pending.id,
      },
    );
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
  await saveCase(ctx, c, now);
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
}

/** The role the policy names decides; a grant lifts the restriction (engine `canDecideDerestriction`). */
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
  const c = await loadCase(ctx, found.caseId, { lock: true });
  const request = await em.findOneOrFail(DerestrictionRequest, {
    where: { tenantId: em.tenantId, id: found.id },
  });
  if (request.status !== 'pending') {
    throw new AppError('CONFLICT', 'This request has already been decided', {
      field: 'input.requestId',
    });
  }
  const policy = await policyOfCase(ctx, c);
  const now = ctx.services.clock.now();
  const state = await loadCaseState(ctx, c);
  requireAllowed(canDecideDerestriction(policy, state, session.actor));

  const fromStage = c.stage;
  let lifted: Restriction[] = [];
  if (input.grant) {
    lifted = await em.find(Restriction, {
      where: { tenantId: em.tenantId, id: request.restrictionId, status: 'active' },
    });
    await liftRestrictions(ctx, lifted, now);
    await settleAfterLifting(ctx, policy, c, lifted, now);
  }
  const decision = await em.save(
    em.create(Decision, {
      tenantId: em.tenantId,
      caseId: c.id,
      kind: 'derestriction',
      transitionKey: null,
      fromStage,
      toStage: c.stage,
      outcome: input.grant ? 'granted' : 'refused',
      proposalId: null,
      appealOf: null,
      participants: [
        {
          userId: session.user.id,
          role: actingRole(session.actor.roles, roleList(policy.derestriction?.decidedBy)),
          step: 'decide',
        },
      ],
      decidedBy: session.user.id,
      decidedAt: now,
    }),
  );
  request.status = input.grant ? 'granted' : 'refused';
  request.decidedBy = session.user.id;
  request.decidedAt = now;
  request.note = input.note;
  request.decisionId = decision.id;
  await em.save(request);
  await saveCase(ctx, c, now);
  await audit(ctx, {
    action: 'derestriction.decided',
    entityType: 'derestriction_request',
    entityId: request.id,
    caseId: c.id,
    payload: {
      decisionId: decision.id,
      restrictionId: request.restrictionId,
      outcome: request.status,
      fromStage,
      toStage: c.stage,
      liftedRestrictionIds: lifted.map((r) => r.id),
    },
  });
  return { request, decision, case: c, lifted };
}
