import { roleList } from '../schema/keys';
import type { Policy } from '../schema/policy';
import type { ReviewOutcome } from '../schema/stages';
import type { Actor, CaseState, Reason, Verdict } from './case-state';
import { holdsAny, roleLabel, rolesInWords, stageLabel } from './policy-lookup';
import { letterFor } from './letter-choice';
import { measureReasons, measureTypeReasons } from './measures';
import { reason, verdictOf } from './reasons';

/** A review outcome with the facts some councils require alongside it. */
export interface ReviewInput {
  outcome: ReviewOutcome;
  /** Role keys of the consultations recorded for this review. */
  consultationsRecorded?: string[];
  /** Southampton: before extending, the customer is invited to comment. */
  customerInvitedToComment?: boolean;
  /** Southampton: the council decides not to write to the customer after the review. */
  noLetter?: boolean;
  noLetterReasons?: string;
  /** Vary: the measures that will be in force after the review. */
  measures?: { type: string; parameters: unknown }[];
}

/** Whether `actor` may record this review outcome for the case's current stage. */
export function canRecordReview(
  policy: Policy,
  state: CaseState,
  actor: Actor,
  outcome: ReviewOutcome | ReviewInput,
  now: Date,
): Verdict {
  void now;
  const input: ReviewInput = typeof outcome === 'string' ? { outcome } : outcome;
  const stage = policy.stages[state.stage];
  const review = stage?.review;
  if (!stage || !review) {
    return verdictOf([
      reason(
        'NO_REVIEW',
        `Cases at '${stageLabel(policy, state.stage)}' are not reviewed under this council's policy.`,
      ),
    ]);
  }
  const reasons: Reason[] = [];
  if (!holdsAny(actor.roles, review.reviewers)) {
    reasons.push(
      reason(
        'WRONG_ROLE',
        `Only ${rolesInWords(policy, review.reviewers)} may record this review.`,
      ),
    );
  }
  if (!review.outcomes.includes(input.outcome)) {
    reasons.push(
      reason(
        'OUTCOME_NOT_ALLOWED',
        `A review at '${stage.label}' can only ${review.outcomes.join(', ')} the arrangements, not ${input.outcome}.`,
      ),
    );
  }
  const recorded = input.consultationsRecorded ?? [];
  for (const role of review.consultations) {
    if (!recorded.includes(role)) {
      reasons.push(
        reason(
          'CONSULTATION_MISSING',
          `The review must record the consultation with the ${roleLabel(policy, role)}.`,
        ),
      );
    }
  }
  if (
    input.outcome === 'extend' &&
    review.extendRequiresCustomerComment &&
    !input.customerInvitedToComment
  ) {
    reasons.push(
      reason(
        'CUSTOMER_COMMENT_MISSING',
        'Before extending, tell the customer the reasons and invite their comments on the proposed extension.',
      ),
    );
  }
  if (input.outcome === 'vary') {
    reasons.push(...measureReasons(policy, state.stage, input.measures ?? [], actor.roles));
  }
  if (input.outcome === 'extend') {
    const types = state.activeRestrictions.map((r) => r.type);
    reasons.push(...measureTypeReasons(policy, state.stage, types, actor.roles));
  }
  const letter = letterFor(policy, {
    kind: 'review',
    stage: state.stage,
    outcome: input.outcome,
    noLetter: input.noLetter,
  });
  if (!letter.ok) reasons.push(...letter.reasons);
  if (input.noLetter && letter.ok && review.noLetterRequires) {
    for (const role of roleList(review.noLetterRequires.consultations)) {
      if (!recorded.includes(role)) {
        reasons.push(
          reason(
            'CONSULTATION_MISSING',
            `Not writing to the customer needs a recorded consultation with the ${roleLabel(policy, role)}.`,
          ),
        );
      }
    }
    if (!input.noLetterReasons?.trim()) {
      reasons.push(
        reason('REASONS_MISSING', 'Record the reasons for not writing to the customer.'),
      );
    }
  }
  return verdictOf(reasons);
}

/** The stage a review outcome moves the case to; undefined when it stays where it is. */
export function reviewOutcomeStage(
  policy: Policy,
  stageKey: string,
  outcome: ReviewOutcome,
): string | undefined {
  const review = policy.stages[stageKey]?.review;
  if (outcome === 'lift') return review?.liftTo;
  if (outcome === 'escalate') return review?.escalateTo;
  return undefined;
}
