import { appendAuditEvent } from '@conduct/db';
import type { CaseContext } from '../case-context';
import { actorIdOf } from '../case-context';

type Id = string;
type Iso = string | null;

/**
 * The casework audit vocabulary, declared once: every event a decision writes,
 * with its payload. Payloads hold ids, keys and dates, never a personal value,
 * so a purge never rewrites the chain. Events written before this declaration
 * keep their old shapes (the chain must still verify): the worker's
 * `case.transitioned` (now `case.stage-changed` with `automatic: true`) and its
 * per-case `restriction.ended` (now one event per measure, as the API wrote it).
 */
export interface CaseworkEvents {
  /** Any decision on a case: a transition, review, appeal, derestriction, expiry, monitoring end or automatic move. */
  'decision.recorded': {
    kind: string;
    transitionKey: string | null;
    outcome: string | null;
    fromStage: string;
    toStage: string;
    proposalId: string | null;
    appealOf: string | null;
    participants: { userId: string; role: string; step: string }[];
  };
  'restriction.imposed': {
    decisionId: Id;
    type: string;
    parameterNames: string[];
    endsAt: Iso;
  };
  /** Its parameters or end date changed (vary, extend, a varied appeal). */
  'restriction.varied': { decisionId: Id; type: string; parameterNames: string[]; endsAt: Iso };
  /** Lifted by a decision before its end (review lift/vary, appeal, derestriction). */
  'restriction.lifted': { decisionId: Id; type: string };
  /** Ended: replaced by a later decision's measures, the case closed, its end date reached, or its monitoring period over. */
  'restriction.ended': {
    decisionId: Id;
    type: string;
    reason?: 'replaced' | 'case-closed' | 'end-date-reached' | 'monitoring-period-ended';
  };
  'case.stage-changed': CaseMove;
  'case.closed': CaseMove;
  'case.dormant': CaseMove;
  /** Measures all ended with nothing further to review: off the review schedule until retention applies. */
  'case.archived': CaseMove;
  'letter.drafted': { decisionId: Id | null; templateKey: string; sections: string[] };
  'dissemination.recorded': { decisionId: Id; audience: string };
  'review.recorded': {
    decisionId: Id;
    outcome: string;
    fromStage: string;
    toStage: string;
    nextReviewDueAt: Iso;
    consultations: string[];
    customerCommentInvited: boolean;
    noLetter: boolean;
    letterId: Id | null;
    liftedRestrictionIds: Id[];
    changedRestrictionIds: Id[];
    addedRestrictionIds: Id[];
    /** Escalate: the proposal opened for the target stage's transition. */
    proposalId?: Id | null;
  };
  'appeal.decided': {
    decisionId: Id;
    appealOf: Id;
    outcome: string;
    fromStage: string;
    toStage: string;
    liftedRestrictionIds: Id[];
    changedRestrictionIds?: Id[];
    addedRestrictionIds?: Id[];
    letterId?: Id | null;
  };
  'derestriction.decided': {
    decisionId: Id;
    restrictionId: Id;
    outcome: string;
    fromStage: string;
    toStage: string;
    liftedRestrictionIds: Id[];
    letterId?: Id | null;
  };
}

interface CaseMove {
  decisionId: Id;
  fromStage: string;
  toStage: string;
  status: string;
  reviewDueAt: Iso;
  /** When the council's retention rule applies (absent on events written before it was recorded). */
  retentionDueAt?: Iso;
  /** Made by the system on schedule (an automatic move, an expiry, a monitoring period's end). */
  automatic?: boolean;
}

export type CaseworkEventName = keyof CaseworkEvents;

/** The entity each event is about. */
const ENTITY: Record<CaseworkEventName, string> = {
  'decision.recorded': 'decision',
  'restriction.imposed': 'restriction',
  'restriction.varied': 'restriction',
  'restriction.lifted': 'restriction',
  'restriction.ended': 'restriction',
  'case.stage-changed': 'case',
  'case.closed': 'case',
  'case.dormant': 'case',
  'case.archived': 'case',
  'letter.drafted': 'letter',
  'dissemination.recorded': 'dissemination_record',
  'review.recorded': 'review',
  'appeal.decided': 'appeal',
  'derestriction.decided': 'derestriction_request',
};

/** Appends one event of the vocabulary to the tenant's chain, in the decision's transaction. */
export function recordEvent<N extends CaseworkEventName>(
  ctx: CaseContext,
  action: N,
  ids: { entityId: string; caseId: string },
  payload: CaseworkEvents[N],
) {
  return appendAuditEvent(ctx.em, {
    action,
    entityType: ENTITY[action],
    entityId: ids.entityId,
    caseId: ids.caseId,
    payload: payload as unknown as Record<string, unknown>,
    actorId: actorIdOf(ctx.actor),
    occurredAt: ctx.now,
  });
}
