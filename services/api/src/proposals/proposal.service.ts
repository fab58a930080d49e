import { In } from 'typeorm';
import { Contact, type ManagedCase, Proposal, ProposalStep } from '@conduct/db';
import {
  type Actor,
  type ApprovalStep,
  type Policy,
  attestedForNextDecision,
  availableTransitions,
  canActOnProposal,
  canPropose,
  canWithdrawProposal,
  nextStepOf,
  roleList,
} from '@conduct/policy';
import type { z } from 'zod';
import type { RequestContext } from '../request/context';
import { audit, sessionOf } from '../casework/session';
import { loadCaseState } from '../cases/case-state.loader';
import { loadCase, policyOfCase, touchCase } from '../cases/case.service';
import {
  type StageMoveOutcome,
  customerNameOf,
  decideTransition,
} from '../decisions/decision.service';
import {
  DomainError,
  lockCaseForDecision,
  notFound,
  planTransition,
  policyViolation,
  refuseUnknownLinkedStaff,
  requireAllowed,
  transitionOf,
} from '@conduct/casework';
import type {
  actOnProposalSchema,
  proposeTransitionSchema,
  withdrawProposalSchema,
} from './proposal.inputs';
import type { AvailableActionNode, ProposalNode, ProposalStepNode } from './proposal.type';

export const toProposalNode = (
  p: Proposal,
  policy: Policy,
  policyVersionId: string,
): ProposalNode => ({
  id: p.id,
  caseId: p.caseId,
  transitionKey: p.transitionKey,
  fromStage: p.fromStage,
  toStage: p.toStage,
  rationale: p.rationale,
  evidenceContactIds: p.evidenceContactIds,
  restrictions: p.restrictions.map((r) => ({
    type: r.type,
    label: policy.restrictionTypes[r.type]?.label ?? r.type,
    parametersJson: JSON.stringify(r.parameters),
  })),
  durationMonths: p.durationMonths,
  indefinite: p.indefinite,
  exceptional: p.exceptional,
  principalUnavailable: p.principalUnavailable,
  status: p.status,
  proposedBy: p.proposedBy,
  proposedAt: p.proposedAt,
  closedAt: p.closedAt,
  policyVersionId,
});

export const toProposalStepNode = (s: ProposalStep): ProposalStepNode => ({
  id: s.id,
  position: s.position,
  step: s.step,
  action: s.action,
  role: s.role,
  userId: s.userId,
  note: s.note,
  actedAt: s.actedAt,
});

/** The role an actor takes a step in: a named role first, else the deputy role. */
export function actingRole(step: ApprovalStep, actor: Actor): string {
  const principal = roleList(step.role).find((r) => actor.roles.includes(r));
  if (principal) return principal;
  return roleList(step.deputy?.role).find((r) => actor.roles.includes(r)) ?? '';
}

/** A proposal of the caller's council, or NOT_FOUND (the same for another council's id). */
export async function loadProposal(ctx: RequestContext, id: string): Promise<Proposal> {
  const { em } = sessionOf(ctx);
  const found = await em.findOne(Proposal, { where: { tenantId: em.tenantId, id } });
  if (!found) throw notFound('Proposal');
  return found;
}

function refuseUnlessWorkable(c: ManagedCase): void {
  if (c.status === 'purged') {
    throw policyViolation([
      {
        code: 'CASE_PURGED',
        message: 'This case’s records were purged; nothing more can be decided on it.',
      },
    ]);
  }
}

/**
 * Opens a proposal to move a case, if the engine allows: role of the proposer,
 * skip conditions, the measures and their duration. The letter the decision
 * would send is written in advance, so a proposal that could never produce a
 * complete letter is refused now rather than at the decision.
 */
export async function proposeTransition(
  ctx: RequestContext,
  input: z.infer<typeof proposeTransitionSchema>,
): Promise<{ proposal: Proposal; theCase: ManagedCase; policy: Policy }> {
  const session = sessionOf(ctx);
  const { em } = session;
  const c = await loadCase(ctx, input.caseId, { lock: true });
  refuseUnlessWorkable(c);
  const policy = await policyOfCase(ctx, c);
  if (input.evidenceContactIds.length > 0) {
    const ids = [...new Set(input.evidenceContactIds)];
    const found = await em.find(Contact, {
      where: { tenantId: c.tenantId, id: In(ids), customerId: c.customerId },
      select: { id: true },
    });
    if (found.length !== ids.length) {
      throw new DomainError(
        'BAD_USER_INPUT',
        'input.evidenceContactIds: every id must be a contact logged about this case’s customer',
        { field: 'input.evidenceContactIds' },
      );
    }
  }
  await refuseUnknownLinkedStaff(session.em, policy, input.restrictions);
  const now = ctx.services.clock.now();
  const state = await loadCaseState(ctx, c);
  const verdict = canPropose(
    policy,
    state,
    session.actor,
    {
      transitionKey: input.transitionKey ?? undefined,
      toStage: input.toStage,
      restrictions: input.restrictions,
      durationMonths: input.durationMonths ?? undefined,
      indefinite: input.indefinite ?? undefined,
    },
    now,
  );
  requireAllowed(verdict);
  const transition = transitionOf(policy, c.stage, verdict.transitionKey!);
  if (!transition) throw new Error(`engine allowed unknown transition ${verdict.transitionKey}`);
  const planned = planTransition(policy, {
    toStage: transition.to,
    transitionKey: transition.key,
    letterTemplate: transition.letter ?? null,
    restrictions: input.restrictions,
    durationMonths: input.durationMonths,
    indefinite: input.indefinite,
    reasons: input.rationale,
    customerName: await customerNameOf(ctx, c),
    now,
  });
  if (!planned.ok) throw policyViolation(planned.reasons);

  const proposal = await em.save(
    em.create(Proposal, {
      tenantId: c.tenantId,
      caseId: c.id,
      transitionKey: transition.key,
      fromStage: c.stage,
      toStage: transition.to,
      rationale: input.rationale,
      evidenceContactIds: input.evidenceContactIds,
      restrictions: input.restrictions,
      durationMonths: input.durationMonths ?? null,
      indefinite: input.indefinite ?? false,
      exceptional: input.exceptional ?? false,
      principalUnavailable: input.principalUnavailable ?? false,
      status: 'open',
      proposedBy: session.user.id,
      proposedAt: now,
      closedAt: null,
    }),
  );
  const step = await em.save(
    em.create(ProposalStep, {
      tenantId: c.tenantId,
      proposalId: proposal.id,
      position: 0,
      step: 'propose',
      action: 'propose',
      role: transition.approval[0] ? actingRole(transition.approval[0], session.actor) : '',
      userId: session.user.id,
      note: null,
      actedAt: now,
    }),
  );
  await touchCase(ctx, c);
  await audit(ctx, {
    action: 'proposal.created',
    entityType: 'proposal',
    entityId: proposal.id,
    caseId: c.id,
    payload: {
      transitionKey: proposal.transitionKey,
      fromStage: proposal.fromStage,
      toStage: proposal.toStage,
      stepId: step.id,
      role: step.role,
      restrictionTypes: proposal.restrictions.map((r) => r.type),
      evidenceContactIds: proposal.evidenceContactIds,
      durationMonths: proposal.durationMonths,
      indefinite: proposal.indefinite,
      exceptional: proposal.exceptional,
      principalUnavailable: proposal.principalUnavailable,
    },
  });
  return { proposal, theCase: c, policy };
}

export interface ProposalActOutcome {
  proposal: Proposal;
  step: ProposalStep;
  theCase: ManagedCase;
  policy: Policy;
  outcome: StageMoveOutcome | null;
}

/**
 * Recommends, approves or rejects a proposal at its next step, if the engine
 * allows (role in chain order, or the deputy when the principal is recorded
 * unavailable; not one's own proposal; independence; consultations; checks).
 * The final approval applies the move (decideTransition); a rejection closes
 * the proposal and the case stays where it is.
 */
export async function actOnProposal(
  ctx: RequestContext,
  input: z.infer<typeof actOnProposalSchema>,
): Promise<ProposalActOutcome> {
  const session = sessionOf(ctx);
  const { em } = session;
  const first = await loadProposal(ctx, input.proposalId);
  const c = await lockCaseForDecision(em, first.caseId, input.expectedCaseVersion);
  refuseUnlessWorkable(c);
  // Re-read under the case lock: another act may have finished it meanwhile.
  const proposal = await loadProposal(ctx, input.proposalId);
  if (proposal.status !== 'open') {
    throw policyViolation([
      { code: 'PROPOSAL_FINISHED', message: 'This proposal has already been decided.' },
    ]);
  }
  const policy = await policyOfCase(ctx, c);
  if (input.principalUnavailable && !proposal.principalUnavailable) {
    proposal.principalUnavailable = true;
    await em.update(
      Proposal,
      { tenantId: proposal.tenantId, id: proposal.id },
      { principalUnavailable: true },
    );
  }
  const now = ctx.services.clock.now();
  const state = await loadCaseState(ctx, c);
  const open = state.openProposal;
  if (!open || open.id !== proposal.id) throw new Error('open proposal does not match');
  const verdict = canActOnProposal(policy, state, session.actor, input.action, now);
  requireAllowed(verdict);
  const next = nextStepOf(policy, open);
  if (!next) throw new Error('engine allowed an act on a finished chain');

  const step = await em.save(
    em.create(ProposalStep, {
      tenantId: proposal.tenantId,
      proposalId: proposal.id,
      position: next.index,
      step: next.step.step,
      action: input.action,
      role: actingRole(next.step, session.actor),
      userId: session.user.id,
      note: input.note,
      actedAt: now,
    }),
  );

  let outcome: StageMoveOutcome | null = null;
  if (input.action === 'reject' || verdict.completes) {
    proposal.status = input.action === 'reject' ? 'rejected' : 'approved';
    proposal.closedAt = now;
    await em.update(
      Proposal,
      { tenantId: proposal.tenantId, id: proposal.id },
      { status: proposal.status, closedAt: now },
    );
  }
  await audit(ctx, {
    action: `proposal.${input.action === 'recommend' ? 'recommended' : input.action === 'approve' ? 'approved' : 'rejected'}`,
    entityType: 'proposal',
    entityId: proposal.id,
    caseId: c.id,
    payload: {
      stepId: step.id,
      position: step.position,
      step: step.step,
      role: step.role,
      principalUnavailable: proposal.principalUnavailable,
      completes: verdict.completes === true,
    },
  });

  if (verdict.completes) {
    const steps = await em.find(ProposalStep, {
      where: { tenantId: proposal.tenantId, proposalId: proposal.id },
      order: { position: 'ASC' },
    });
    outcome = await decideTransition(ctx, {
      theCase: c,
      policy,
      transitionKey: proposal.transitionKey,
      toStage: proposal.toStage,
      proposalId: proposal.id,
      participants: steps.map((s) => ({ userId: s.userId, role: s.role, step: s.step })),
      reasons: proposal.rationale,
      restrictions: proposal.restrictions,
      durationMonths: proposal.durationMonths,
      indefinite: proposal.indefinite,
    });
  } else {
    await touchCase(ctx, c);
  }
  return { proposal, step, theCase: c, policy, outcome };
}

/** Every move out of the case's stage: allowed or why not, next step, who may act, what is still needed. */
export async function availableActions(
  ctx: RequestContext,
  c: ManagedCase,
): Promise<AvailableActionNode[]> {
  const session = sessionOf(ctx);
  const policy = await policyOfCase(ctx, c);
  const state = await loadCaseState(ctx, c);
  const moves = availableTransitions(policy, state, session.actor, ctx.services.clock.now());
  const roles = (refs: Parameters<typeof roleList>[0]) =>
    roleList(refs).map((key) => ({ key, label: policy.roles[key]?.label ?? key }));
  return moves.map((m) => {
    const t = transitionOf(policy, c.stage, m.transitionKey)!;
    const proposal = state.openProposal?.transitionKey === t.key ? state.openProposal : undefined;
    const step = proposal ? nextStepOf(policy, proposal)?.step : t.approval[0];
    return {
      transitionKey: m.transitionKey,
      label: m.label,
      fromStage: m.from,
      toStage: m.to,
      toStageLabel: policy.stages[m.to]?.label ?? m.to,
      allowed: m.allowed,
      reasons: m.reasons,
      nextStep: m.nextStep ?? null,
      whoMayAct: roles(step?.role),
      deputies: roles(step?.deputy?.role),
      proposalId: proposal?.id ?? null,
      requiredChecks: t.checks.map((key) => ({
        key,
        label: policy.checks[key]?.label ?? key,
        done: attestedForNextDecision(state, key),
      })),
      requiredConsultations: t.consultations.map((key) => ({
        key,
        label: policy.roles[key]?.label ?? key,
        done: proposal?.consultationsRecorded.includes(key) ?? false,
      })),
      isSkip: t.skip !== undefined,
    };
  });
}

/**
 * The proposer withdraws their open proposal (the engine says who may): a
 * `withdraw` step holds their reasons, the proposal closes, the case stays where
 * it is and a new proposal may be made.
 */
export async function withdrawProposal(
  ctx: RequestContext,
  input: z.infer<typeof withdrawProposalSchema>,
): Promise<{ proposal: Proposal; step: ProposalStep; policy: Policy; theCase: ManagedCase }> {
  const session = sessionOf(ctx);
  const { em } = session;
  const c = await loadCase(ctx, (await loadProposal(ctx, input.proposalId)).caseId, { lock: true });
  // Re-read under the case lock: an approval may have finished it meanwhile.
  const proposal = await loadProposal(ctx, input.proposalId);
  const state = await loadCaseState(ctx, c);
  if (proposal.status !== 'open' || state.openProposal?.id !== proposal.id) {
    throw policyViolation([
      { code: 'PROPOSAL_FINISHED', message: 'This proposal has already been decided.' },
    ]);
  }
  requireAllowed(canWithdrawProposal(state, session.actor));
  const steps = await em.find(ProposalStep, {
    where: { tenantId: em.tenantId, proposalId: proposal.id },
    order: { position: 'DESC' },
  });
  const now = ctx.services.clock.now();
  const step = await em.save(
    em.create(ProposalStep, {
      tenantId: em.tenantId,
      proposalId: proposal.id,
      position: (steps[0]?.position ?? 0) + 1,
      step: 'withdraw',
      action: 'withdraw',
      role: steps.find((s) => s.action === 'propose')?.role ?? session.actor.roles[0] ?? 'staff',
      userId: session.user.id,
      note: input.reason,
      actedAt: now,
    }),
  );
  Object.assign(proposal, { status: 'withdrawn', closedAt: now });
  await em.update(
    Proposal,
    { tenantId: em.tenantId, id: proposal.id },
    { status: 'withdrawn', closedAt: now },
  );
  await audit(ctx, {
    action: 'proposal.withdrawn',
    entityType: 'proposal',
    entityId: proposal.id,
    caseId: c.id,
    payload: { stepId: step.id, position: step.position },
  });
  return { proposal, step, policy: await policyOfCase(ctx, c), theCase: c };
}
