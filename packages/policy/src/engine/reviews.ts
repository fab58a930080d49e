import { addMonths } from '../dates/calendar';
import { roleList } from '../schema/keys';
import type { Policy } from '../schema/policy';
import type { ReviewOutcome } from '../schema/stages';
import type { Actor, CaseState, Reason, Verdict } from './case-state';
import { holdsAny, roleLabel, rolesInWords, stageLabel } from '../schema/policy-lookup';
import { letterFor } from './letter-choice';
import { measureReasons, measureTypeReasons } from './measures';
import { reason, verdictOf } from './reasons';
import { lastDecision } from './decision-conditions';

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
  reasons.push(...outcomeConditionReasons(policy, state, input.outcome));
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

/** The policy's conditions on this outcome, e.g. extend only "if the contact has continued during this period". */
function outcomeConditionReasons(
  policy: Policy,
  state: CaseState,
  outcome: ReviewOutcome,
): Reason[] {
  const condition = policy.stages[state.stage]?.review?.outcomeConditions[outcome];
  const previous = lastDecision(state);
  if (!condition?.conductSinceLastDecision || !previous) return [];
  if (state.contacts.some((x) => x.occurredAt > previous.decidedAt)) return [];
  return [
    reason(
      'NO_CONDUCT_SINCE_LAST_DECISION',
      `No contact has been logged since the previous decision (${previous.decidedAt.toISOString().slice(0, 10)}); the policy allows a review to ${outcome} only if the conduct continued.`,
    ),
  ];
}

/**
 * Whether `actor` may set this case's next review date to `due` (Southampton:
 * "adjusted given the personal circumstances"), within the policy's limits.
 */
export function canSetReviewDate(
  policy: Policy,
  state: CaseState,
  actor: Actor,
  due: Date,
  now: Date,
): Verdict {
  const review = policy.stages[state.stage]?.review;
  const rule = review?.adjustableCadence;
  if (!review || !rule) {
    return verdictOf([
      reason(
        'CADENCE_FIXED',
        `The review dates of cases at '${stageLabel(policy, state.stage)}' are fixed by this council's policy; they cannot be set case by case.`,
      ),
    ]);
  }
  const setters = rule.setBy ?? review.reviewers;
  const reasons: Reason[] = [];
  if (!holdsAny(actor.roles, setters)) {
    reasons.push(
      reason('WRONG_ROLE', `Only ${rolesInWords(policy, setters)} may set the next review date.`),
    );
  }
  const earliest = new Date(now.getTime() + rule.minDays * 86_400_000);
  const latest = addMonths(now, rule.maxMonths);
  if (due < earliest || due > latest) {
    reasons.push(
      reason(
        'REVIEW_DATE_OUT_OF_RANGE',
        `The next review may be set between ${earliest.toISOString().slice(0, 10)} and ${latest.toISOString().slice(0, 10)} (${rule.minDays} day(s) to ${rule.maxMonths} month(s) from today).`,
      ),
    );
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
