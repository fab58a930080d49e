import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A scheduled reconsideration of a case's restrictions, with its outcome. */
@Entity('review')
export class Review {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'decision_id' }) decisionId: string;
  @Column('text') outcome: string;
  @Column('text') note: string;
  @Column('boolean', { name: 'customer_comment_invited' }) customerCommentInvited: boolean;
  @Column('uuid', { name: 'reviewed_by' }) reviewedBy: string;
  @Column('timestamptz', { name: 'reviewed_at' }) reviewedAt: Date;
  @Column('timestamptz', { name: 'next_review_due_at', nullable: true })
  nextReviewDueAt: Date | null;
  /** The stage reviewed and the stage the outcome left the case in. */
  @Column('text', { name: 'from_stage', nullable: true }) fromStage: string | null;
  @Column('text', { name: 'to_stage', nullable: true }) toStage: string | null;
  /** Role keys of the consultations recorded for this review. */
  @Column('text', { array: true, default: () => "'{}'" }) consultations: string[];
  /** Southampton: the council decided not to write to the customer, for the reasons given. */
  @Column('boolean', { name: 'no_letter', default: false }) noLetter: boolean;
  @Column('text', { name: 'no_letter_reasons', nullable: true }) noLetterReasons: string | null;
  /** The review letter rendered (draft), if any. */
  @Column('uuid', { name: 'letter_id', nullable: true }) letterId: string | null;
}

/** A customer's challenge to a decision, heard by the role the policy names. */
@Entity('appeal')
export class Appeal {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'decision_id' }) decisionId: string;
  @Column('text') grounds: string;
  @Column('timestamptz', { name: 'lodged_at' }) lodgedAt: Date;
  @Column('uuid', { name: 'lodged_by' }) lodgedBy: string;
  @Column('text') status: 'lodged' | 'upheld' | 'varied' | 'dismissed';
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('text', { nullable: true }) note: string | null;
  /** The decision (kind appeal) that settled it. */
  @Column('uuid', { name: 'outcome_decision_id', nullable: true }) outcomeDecisionId: string | null;
}

/** The customer's request that restrictions be lifted (London §10). */
@Entity('derestriction_request')
export class DerestrictionRequest {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'restriction_id' }) restrictionId: string;
  @Column('text') reason: string;
  @Column('boolean') exceptional: boolean;
  @Column('timestamptz', { name: 'requested_at' }) requestedAt: Date;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('text') status: 'pending' | 'granted' | 'refused';
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('text', { nullable: true }) note: string | null;
  /** The decision (kind derestriction) that settled it. */
  @Column('uuid', { name: 'decision_id', nullable: true }) decisionId: string | null;
}

/** Cheshire §1: whether an elected member is told about managed-contact arrangements. */
@Entity('member_preference')
export class MemberPreference {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('text', { name: 'member_name' }) memberName: string;
  /** The customer whose arrangement this is about; null: every customer. */
  @Column('uuid', { name: 'customer_id', nullable: true }) customerId: string | null;
  @Column('text', { nullable: true }) ward: string | null;
  @Column('boolean', { name: 'opted_in' }) optedIn: boolean;
  @Column('uuid', { name: 'updated_by' }) updatedBy: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
