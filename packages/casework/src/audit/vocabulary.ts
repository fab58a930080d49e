import {
  appendAuditEvent,
  type AuditInput,
  type NotificationKind,
  type RegisterImportCounts,
  type TenantEntityManager,
} from '@conduct/db';
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

type Fields = { fields: string[] };
type PolicyDraft = { version: number; sourceHash: string; valid?: boolean };
type Via = { via?: string; operatorId?: string };
type Notified = { notificationIds: Id[]; recipientIds: Id[] };
type SecondAdmin = { requestedBy?: Id | null; approvedBy?: Id | null };

/**
 * Every other event in a council's chain: records kept on a case, staff and
 * identity, the council's settings and documents, notices and exports. The
 * same rule: ids, keys, codes, counts and field names only, never a personal
 * value (a customer's name, a note's text, an address).
 */
export interface RecordEvents {
  'case.opened': { customerId: Id; stage: string; policyVersionId: Id };
  'case.note': { referralKey?: string };
  'case.referral': { referralKey?: string };
  'case.legal-hold-placed': { referralKey?: string };
  'case.legal-hold-released': { referralKey?: string };
  /** A reviewer set this case's next review date (the reasons stay on the case record). */
  'case.review-rescheduled': { referralKey?: string };
  'case.policy-version-moved': {
    fromPolicyVersionId: Id;
    toPolicyVersionId: Id;
    toVersion: number;
    reviewDueChanged: boolean;
  };
  'customer.created': Fields;
  'customer.updated': Fields;
  'contact.logged': { customerId: Id; channel: string; severity: string; categories: string[] };
  'check.attested': { checkKey: string };
  'proposal.created': {
    transitionKey: string;
    fromStage: string;
    toStage: string;
    stepId: Id;
    role: string;
    restrictionTypes: string[];
    evidenceContactIds: Id[];
    [more: string]: unknown;
  };
  'proposal.recommended': ProposalStep;
  'proposal.approved': ProposalStep;
  'proposal.rejected': ProposalStep;
  'proposal.withdrawn': { stepId: Id; position: number };
  'consultation.recorded': { proposalId: Id | null; consultee: string; [more: string]: unknown };
  'appeal.lodged': { decisionId: Id; decisionKind: string };
  'derestriction.requested': { restrictionId: Id; exceptional: boolean };
  'letter.sent': { decisionId: Id | null; templateKey: string; [more: string]: unknown };
  'letter.rendered': { format: 'pdf'; status: string; enclosure: string | null };
  'letter.previewed': { format: 'pdf'; templateKey: string };
  'evidence-pack.generated': { [key: string]: unknown };
  'redaction.marked': { customerId: Id; category: string };
  'redaction.removed': { customerId: Id };
  'protected-characteristic.recorded': { characteristic: string };
  'protected-characteristic.removed': { characteristic: string };
  'equality-report.generated': { characteristic: string };
  'guidance.looked-up': { channel: string; customerIds: Id[] };
  'filed-correspondence.logged': { restrictionId: Id; customerId: Id; channel: string };
  'filed-correspondence.confirmed': { outcome: string; wasEscalated: boolean };
  'filed-correspondence.escalated': { roles: string[]; reason: 'not-confirmed-within-lead-time' };
  'notification.read': { kind: string };
  'register.exported': { format: string; entries: number };
  /** A council's existing register brought in: the file by its hash, never a cell of it. */
  'register.imported': {
    sha256: string;
    format: string;
    rows: number;
    counts: RegisterImportCounts;
    policyVersionId: Id;
  };
  /** One imported row: what it created, by id. */
  'register.row-imported': {
    importId: Id;
    row: number;
    customerId: Id;
    decisionId: Id;
    restrictionIds: Id[];
    stage: string;
  };
  'retention.purged': { runId: string; cutoff: string; caseIds: Id[]; [more: string]: unknown };
  'policy.draft-created': PolicyDraft;
  'policy.draft-updated': PolicyDraft;
  'policy.activation-requested': PolicyDraft;
  'policy.activated': PolicyDraft &
    Via & { supersedes?: Id | null; requestedBy?: Id | null; approvedBy?: Id | null };
  'policy-document.uploaded': { sha256: string; bytes: number; previousSha256: string | null };
  'policy-document.replaced': { sha256: string; bytes: number; previousSha256: string | null };
  'front-line-settings.updated': Fields;
  'member-preference.created': {
    optedIn: boolean;
    arrangement: string | null;
    customerId?: Id | null;
  };
  'member-preference.updated': {
    optedIn: boolean;
    arrangement: string | null;
    customerId?: Id | null;
  };
  'tenant.created': Via;
  'identity-provider.proposed': Via & { issuerChanged: boolean };
  'identity-provider.cleared': Via;
  /** The deployment set the first provider of a council that had none (tenants:apply). */
  'identity-provider.applied': Via;
  'identity-provider.accepted': { proposedBy: Id | string | null };
  'identity-provider.rejected': { proposedBy: Id | string | null };
  'user.added': Via & { roles: string[] };
  'user.invited': Via & { roles: string[] };
  'user.identity-bound': { via: 'verified-email' | 'admin'; rebound: boolean };
  'user.roles-assigned': SecondAdmin & Via & { before?: string[]; after: string[] };
  'user.deactivated': SecondAdmin & Via;
  'user.reactivated': SecondAdmin & Via;
  'user.roles-change-requested': { requestId: Id; reason: string; roles?: string[] };
  'user.deactivate-change-requested': { requestId: Id; reason: string };
  'user.reactivate-change-requested': { requestId: Id; reason: string };
  'api-key.created': {
    keyId: string;
    expiresAt: string;
    serviceUserId: Id;
    [more: string]: unknown;
  };
  'api-key.revoked': { keyId: string };
  /**
   * A platform operator acted in the council through break-glass. Their reason
   * (free text) is in the platform's operator log, named here by its entry's id.
   */
  'break-glass.used': Via & { act: string; operatorLogEntryId: string };
  /** An attempt beyond someone's authority, written after the request rolled back. */
  'refused.user.roles-approval': Refused;
  'refused.user.deactivate-approval': Refused;
  'refused.user.reactivate-approval': Refused;
  'refused.api-key.create': Refused;
}

interface ProposalStep {
  stepId: Id;
  position: number;
  step: string;
  role: string;
  [more: string]: unknown;
}
interface NoticeWritten extends Notified {
  kind: string;
  dueDate: string;
}
interface Refused {
  code: unknown;
  correlationId?: string;
  [more: string]: unknown;
}

/** Notices written to staff, one event per batch: `notification.<kind>` for every notification kind. */
type NoticeEvents = {
  [K in NotificationKind as `notification.${K}`]: NoticeWritten | ({ contactId: Id } & Notified);
};

export type AuditEvents = CaseworkEvents & RecordEvents & NoticeEvents;
export type AuditAction = keyof AuditEvents;

/** One event of the vocabulary as its writer gives it: the payload checked against the action. */
export type VocabularyEvent = {
  [N in AuditAction]: Omit<AuditInput, 'action' | 'payload'> & {
    action: N;
    payload?: AuditEvents[N];
  };
}[AuditAction];

/** Every action of the vocabulary, for the runtime check (the record makes the list exhaustive). */
const ACTIONS: Record<AuditAction, true> = {
  'decision.recorded': true,
  'restriction.imposed': true,
  'restriction.varied': true,
  'restriction.lifted': true,
  'restriction.ended': true,
  'case.stage-changed': true,
  'case.closed': true,
  'case.dormant': true,
  'case.archived': true,
  'letter.drafted': true,
  'dissemination.recorded': true,
  'review.recorded': true,
  'appeal.decided': true,
  'derestriction.decided': true,
  'case.opened': true,
  'case.note': true,
  'case.referral': true,
  'case.legal-hold-placed': true,
  'case.legal-hold-released': true,
  'case.review-rescheduled': true,
  'case.policy-version-moved': true,
  'customer.created': true,
  'customer.updated': true,
  'contact.logged': true,
  'check.attested': true,
  'proposal.created': true,
  'proposal.recommended': true,
  'proposal.approved': true,
  'proposal.rejected': true,
  'proposal.withdrawn': true,
  'consultation.recorded': true,
  'appeal.lodged': true,
  'derestriction.requested': true,
  'letter.sent': true,
  'letter.rendered': true,
  'letter.previewed': true,
  'evidence-pack.generated': true,
  'redaction.marked': true,
  'redaction.removed': true,
  'protected-characteristic.recorded': true,
  'protected-characteristic.removed': true,
  'equality-report.generated': true,
  'guidance.looked-up': true,
  'filed-correspondence.logged': true,
  'filed-correspondence.confirmed': true,
  'filed-correspondence.escalated': true,
  'notification.read': true,
  'notification.review-reminder': true,
  'notification.review-overdue': true,
  'notification.monitoring-ended': true,
  'notification.filed-unconfirmed': true,
  'notification.identity-provider-proposed': true,
  'notification.contact-logged': true,
  'notification.contact-while-inactive': true,
  'notification.escalation-referred': true,
  'notification.new-issue-while-restricted': true,
  'notification.break-glass': true,
  'register.exported': true,
  'register.imported': true,
  'register.row-imported': true,
  'retention.purged': true,
  'policy.draft-created': true,
  'policy.draft-updated': true,
  'policy.activation-requested': true,
  'policy.activated': true,
  'policy-document.uploaded': true,
  'policy-document.replaced': true,
  'front-line-settings.updated': true,
  'member-preference.created': true,
  'member-preference.updated': true,
  'tenant.created': true,
  'identity-provider.proposed': true,
  'identity-provider.cleared': true,
  'identity-provider.applied': true,
  'identity-provider.accepted': true,
  'identity-provider.rejected': true,
  'user.added': true,
  'user.invited': true,
  'user.identity-bound': true,
  'user.roles-assigned': true,
  'user.deactivated': true,
  'user.reactivated': true,
  'user.roles-change-requested': true,
  'user.deactivate-change-requested': true,
  'user.reactivate-change-requested': true,
  'api-key.created': true,
  'api-key.revoked': true,
  'break-glass.used': true,
  'refused.user.roles-approval': true,
  'refused.user.deactivate-approval': true,
  'refused.user.reactivate-approval': true,
  'refused.api-key.create': true,
};

export const AUDIT_ACTIONS: readonly AuditAction[] = Object.keys(ACTIONS) as AuditAction[];

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(ACTIONS, action);
}

/**
 * THE writer of audit events outside a decision: only actions of the
 * vocabulary, with their payloads (checked by the type, and at run time for
 * actions built from data).
 */
export function appendVocabularyEvent(em: TenantEntityManager, event: VocabularyEvent) {
  if (!isAuditAction(event.action)) {
    throw new TypeError(`'${String(event.action)}' is not in the audit vocabulary`);
  }
  return appendAuditEvent(em, {
    ...event,
    payload: event.payload as Record<string, unknown> | undefined,
  });
}

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
  return appendVocabularyEvent(ctx.em, {
    action: action as CaseworkEventName,
    entityType: ENTITY[action],
    entityId: ids.entityId,
    caseId: ids.caseId,
    payload,
    actorId: actorIdOf(ctx.actor),
    occurredAt: ctx.now,
  } as VocabularyEvent);
}
