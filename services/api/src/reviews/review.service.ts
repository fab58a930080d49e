import {
  type Decision,
  type Letter,
  type ManagedCase,
  type Proposal,
  type Restriction,
  Review,
} from '@conduct/db';
import {
  type AppliedDecision,
  type CaseContext,
  type MeasureChange,
  applyDecision,
  badInput,
  lockCaseForDecision,
  policyViolation,
  recordEvent,
  requireAllowed,
  writeNotices,
} from '@conduct/casework';
import {
  canPropose,
  canRecordReview,
  letterFor,
  reviewOutcomeStage,
  roleList,
  type Transition,
} from '@conduct/policy';
import type { RequestContext } from '../request/context';
import { caseContextOf, sessionOf } from '../casework/session';
import { loadCaseState } from '../cases/case-state.loader';
import {
  pendingReviewConsultations,
  spendReviewConsultations,
} from '../consultations/consultation.service';
import { proposeTransition } from '../proposals/proposal.service';
import type { RecordReviewArgs } from './review.inputs';
import type { ReviewNode, ReviewOutcomeValue } from './review.type';

export interface RecordedReview {
  review: Review;
  decision: Decision;
  case: ManagedCase;
  restrictions: Restriction[];
  letter: Letter | null;
  /** ESCALATE: the proposal of the target stage's transition. */
  proposal: Proposal | null;
}

export function toReviewNode(r: Review): ReviewNode {
  return {
    id: r.id,
    caseId: r.caseId,
    decisionId: r.decisionId,
    outcome: r.outcome as ReviewOutcomeValue,
    note: r.note,
    fromStage: r.fromStage,
    toStage: r.toStage,
    customerCommentInvited: r.customerCommentInvited,
    consultations: r.consultations,
    noLetter: r.noLetter,
    noLetterReasons: r.noLetterReasons,
    letterId: r.letterId,
    reviewedBy: r.reviewedBy,
    reviewedAt: r.reviewedAt,
    nextReviewDueAt: r.nextReviewDueAt,
  };
}

/**
 * Records a review: the engine decides whether this actor may record this
 * outcome now, with these measures and this letter; the one pipeline applies
 * it. An escalation does not move the case: it opens a proposal of the target
 * stage's transition, whose own approval chain decides the move.
 */
export async function recordReview(
  ctx: RequestContext,
  input: RecordReviewArgs,
): Promise<RecordedReview> {
  const session = sessionOf(ctx);
  const c = await lockCaseForDecision(session.em, input.caseId, input.expectedCaseVersion);
  const cctx = await caseContextOf(ctx, c);
  const measures = (input.restrictions ?? []).map((r) => ({
    type: r.type,
    parameters: r.parametersJson,
  }));
  const letterTemplate = await allowedReview(ctx, cctx, c, input, measures);
  const fromStage = c.stage;
  const rule = cctx.policy.stages[fromStage]!.review!;
  const applied = await applyDecision(cctx, c, {
    kind: 'review',
    outcome: input.outcome,
    participants: [
      {
        userId: session.user.id,
        role: actingRole(session.actor.roles, roleList(rule.reviewers)),
        step: 'review',
      },
    ],
    reasons: input.note,
    measures: measureChange(input, measures),
    toStage:
      input.outcome === 'escalate'
        ? undefined
        : reviewOutcomeStage(cctx.policy, fromStage, input.outcome),
    letterTemplate,
  });
  const proposal =
    input.outcome === 'escalate'
      ? await openEscalation(ctx, cctx, c, rule.escalateTo!, input, measures)
      : null;
  const review = await saveReview(cctx, applied.decision, c, fromStage, input, applied.letter);
  review.consultations = await spendReviewConsultations(ctx, c, review.id);
  await auditReview(cctx, review, applied, proposal);
  const { decision, measures: fx, letter } = applied;
  return { review, decision, case: c, restrictions: fx.after, letter, proposal };
}

/** The engine's verdict on this review (role, outcome, consultations, measures, letter); its letter template. */
async function allowedReview(
  ctx: RequestContext,
  cctx: CaseContext,
  c: ManagedCase,
  input: RecordReviewArgs,
  measures: { type: string; parameters: Record<string, unknown> }[],
): Promise<string | null> {
  const consultations = input.consultations ?? [];
  const unknownRole = consultations.find((r) => !(r in cctx.policy.roles));
  if (unknownRole) {
    throw badInput('consultations', `'${unknownRole}' is not a role of this council’s policy`);
  }
  const recorded = await pendingReviewConsultations(ctx, c);
  const review = {
    outcome: input.outcome,
    consultationsRecorded: recorded.map((r) => r.consultee),
    customerInvitedToComment: input.customerInvitedToComment ?? false,
    noLetter: input.noLetter ?? false,
    noLetterReasons: input.noLetterReasons ?? undefined,
    measures,
  };
  const state = await loadCaseState(ctx, c);
  requireAllowed(canRecordReview(cctx.policy, state, sessionOf(ctx).actor, review, cctx.now));
  const letter = letterFor(cctx.policy, { kind: 'review', stage: c.stage, ...review });
  if (!letter.ok) throw policyViolation(letter.reasons);
  return letter.template;
}

function auditReview(
  cctx: CaseContext,
  review: Review,
  applied: AppliedDecision,
  proposal: Proposal | null,
) {
  const fx = applied.measures;
  return recordEvent(
    cctx,
    'review.recorded',
    { entityId: review.id, caseId: review.caseId },
    {
      decisionId: applied.decision.id,
      outcome: review.outcome,
      fromStage: applied.fromStage,
      toStage: applied.theCase.stage,
      nextReviewDueAt: review.nextReviewDueAt?.toISOString() ?? null,
      consultations: review.consultations,
      customerCommentInvited: review.customerCommentInvited,
      noLetter: review.noLetter,
      letterId: applied.letter?.id ?? null,
      liftedRestrictionIds: fx.lifted.map((r) => r.id),
      changedRestrictionIds: fx.changed.map((r) => r.id),
      addedRestrictionIds: fx.added.map((r) => r.id),
      ...(proposal ? { proposalId: proposal.id } : {}),
    },
  );
}

/** Lift: every measure lifted. Extend: each end moves on. Vary: the measures become the list given. */
function measureChange(
  input: RecordReviewArgs,
  measures: { type: string; parameters: Record<string, unknown> }[],
): MeasureChange {
  switch (input.outcome) {
    case 'lift':
      return { kind: 'lift' };
    case 'extend':
      return { kind: 'extend', durationMonths: input.durationMonths };
    case 'vary':
      return { kind: 'vary', measures, durationMonths: input.durationMonths };
    case 'continue':
    case 'escalate':
      return { kind: 'none' };
  }
}

/**
 * The escalation's move is proposed, not made: the target stage's chain,
 * checks, consultations and letter decide it. A reviewer who may propose that
 * move opens the proposal; one who may not (Cheshire §6.2: the Director's
 * business case) refers it to those who may, by notice, and the case stays.
 */
async function openEscalation(
  ctx: RequestContext,
  cctx: CaseContext,
  c: ManagedCase,
  toStage: string,
  input: RecordReviewArgs,
  measures: { type: string; parameters: Record<string, unknown> }[],
): Promise<Proposal | null> {
  const session = sessionOf(ctx);
  const transition = cctx.policy.stages[c.stage]!.transitions.find(
    (t) => t.to === toStage && !t.automatic,
  )!;
  const proposing = {
    transitionKey: transition.key,
    toStage,
    restrictions: measures,
    durationMonths: input.durationMonths ?? undefined,
  };
  const verdict = canPropose(
    cctx.policy,
    await loadCaseState(ctx, c),
    session.actor,
    proposing,
    cctx.now,
  );
  if (!verdict.allowed && verdict.reasons.some((r) => r.code === 'WRONG_ROLE')) {
    await referEscalation(cctx, c, transition);
    return null;
  }
  const { proposal } = await proposeTransition(ctx, {
    caseId: c.id,
    ...proposing,
    rationale: input.note,
    evidenceContactIds: [],
  });
  return proposal;
}

/** Asks the people who propose the move to do so (by notice: the case reference, never a name). */
async function referEscalation(cctx: CaseContext, c: ManagedCase, transition: Transition) {
  const target = cctx.policy.stages[transition.to]!.label;
  await writeNotices(cctx.em, {
    kind: 'escalation-referred',
    caseId: c.id,
    dueDate: cctx.now.toISOString().slice(0, 10),
    roles: roleList(transition.approval[0]?.role),
    title: `Review escalated: case ${c.reference} to ${target}`,
    body: `A review of case ${c.reference} decided to escalate it to ${target}. Under ${cctx.policy.name}'s policy the move must be proposed by you and go through its approval chain ("${transition.label}").`,
    now: cctx.now,
  });
}

function saveReview(
  cctx: CaseContext,
  decision: Decision,
  c: ManagedCase,
  fromStage: string,
  input: RecordReviewArgs,
  letter: Letter | null,
): Promise<Review> {
  const { em } = cctx;
  return em.save(
    em.create(Review, {
      tenantId: em.tenantId,
      caseId: c.id,
      decisionId: decision.id,
      outcome: input.outcome,
      note: input.note,
      customerCommentInvited: input.customerInvitedToComment ?? false,
      reviewedBy: decision.decidedBy!,
      reviewedAt: cctx.now,
      nextReviewDueAt: c.reviewDueAt,
      fromStage,
      toStage: c.stage,
      consultations: [],
      noLetter: input.noLetter ?? false,
      noLetterReasons: input.noLetterReasons ?? null,
      letterId: letter?.id ?? null,
    }),
  );
}

/** The role an actor acts in: the first of the roles the policy names that they hold. */
export function actingRole(actorRoles: string[], named: string[]): string {
  return named.find((r) => actorRoles.includes(r)) ?? actorRoles[0] ?? 'unknown';
}
