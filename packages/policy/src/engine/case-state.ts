/** What the engine is told about the person asking. `roles` are role keys of the case's policy. */
export interface Actor {
  userId: string;
  roles: string[];
}

/** Why something may not happen. `code` is stable for programs; `message` is for council staff. */
export interface Reason {
  code: string;
  message: string;
}

export type Verdict = { allowed: true } | { allowed: false; reasons: Reason[] };

export interface DecisionRecord {
  id: string;
  kind:
    | 'transition'
    | 'review'
    | 'appeal'
    | 'derestriction'
    | 'expiry'
    | 'automatic'
    | 'monitoring-end'
    | 'imported';
  transitionKey?: string;
  fromStage?: string;
  toStage?: string;
  decidedAt: Date;
  participants: { userId: string; role: string; step: string }[];
  /** For kind 'appeal': the decision appealed against. */
  appealOf?: string;
}

export interface ProposalState {
  id: string;
  transitionKey: string;
  proposedBy: string;
  proposedAt: Date;
  /** Acts so far; a 'propose' entry for the proposer may be included or left out. */
  steps: {
    step: string;
    userId: string;
    role: string;
    action: 'propose' | 'recommend' | 'approve' | 'reject';
    at: Date;
  }[];
  /** Role keys of the consultations recorded on this proposal. */
  consultationsRecorded: string[];
  exceptional?: boolean;
  /** Recorded when a deputy decides because the named decider is absent (London §7). */
  principalUnavailable?: boolean;
  /** The logged contacts the proposer cites as evidence. */
  evidenceContactIds?: string[];
}

export interface CaseState {
  stage: string;
  openedAt: Date;
  /** Check keys attested on the case; used when `attestations` is not given. */
  attestedChecks: string[];
  /** Each attestation with its time: one counts only for the next decision after it. */
  attestations?: { checkKey: string; attestedAt: Date }[];
  /** Letters written for decisions: whether and when each was sent. */
  letters?: { decisionId: string | null; sentAt: Date | null }[];
  contacts: { id: string; occurredAt: Date; behaviourCategories: string[]; severity: string }[];
  decisions: DecisionRecord[];
  activeRestrictions: { id: string; type: string; startsAt: Date; endsAt: Date | null }[];
  openProposal?: ProposalState;
  lastActivityAt: Date;
  closedAt?: Date;
  dormantAt?: Date;
}
