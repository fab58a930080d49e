import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface DecisionParticipant {
  userId: string;
  role: string;
  step: string;
}

/** Something decided on a case: a stage move, a review, an appeal or a derestriction. */
@Entity('decision')
export class Decision {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') kind:
    | 'transition'
    | 'review'
    | 'appeal'
    | 'derestriction'
    | 'expiry'
    | 'automatic'
    | 'monitoring-end'
    | 'imported';
  @Column('text', { name: 'transition_key', nullable: true }) transitionKey: string | null;
  @Column('text', { name: 'from_stage', nullable: true }) fromStage: string | null;
  @Column('text', { name: 'to_stage', nullable: true }) toStage: string | null;
  @Column('text', { nullable: true }) outcome: string | null;
  @Column('uuid', { name: 'proposal_id', nullable: true }) proposalId: string | null;
  /** For an appeal decision: the decision appealed against. */
  @Column('uuid', { name: 'appeal_of', nullable: true }) appealOf: string | null;
  @Column('jsonb') participants: DecisionParticipant[];
  /** Null when the system decided on schedule (an expiry, an automatic move). */
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt: Date;
  /** The review date this decision set on the case, if any (kept: the case holds only its current one). */
  @Column('timestamptz', { name: 'review_due_at', nullable: true }) reviewDueAt: Date | null;
  /** An `imported` decision: the register import it came from (nobody decided it in Conduct). */
  @Column('uuid', { name: 'source_import_id', nullable: true }) sourceImportId?: string | null;
  /** An `imported` decision: its row in the source spreadsheet (the header is row 1). */
  @Column('integer', { name: 'source_row', nullable: true }) sourceRow?: number | null;
}

/** A special measure in force, with its parameters and an end date or (if indefinite) none. */
@Entity('restriction')
export class Restriction {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'decision_id' }) decisionId: string;
  @Column('text') type: string;
  @Column('jsonb') parameters: Record<string, unknown>;
  @Column('timestamptz', { name: 'starts_at' }) startsAt: Date;
  @Column('timestamptz', { name: 'ends_at', nullable: true }) endsAt: Date | null;
  @Column('text') status: 'active' | 'ended' | 'lifted';
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
}

/** A letter to the customer, rendered from the council's template and stored as sent. */
@Entity('letter')
export class Letter {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'decision_id', nullable: true }) decisionId: string | null;
  @Column('text', { name: 'template_key' }) templateKey: string;
  @Column('text') title: string;
  @Column('text') body: string;
  @Column('jsonb') sections: { key: string; heading: string; text: string }[];
  @Column('text') status: 'draft' | 'sent';
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @Column('uuid', { name: 'sent_by', nullable: true }) sentBy: string | null;
  /** How it was sent (post, email, hand, ...). */
  @Column('text', { array: true, default: () => "'{}'" }) channels: string[];
}

/** A record that a group the policy names was told of a decision. */
@Entity('dissemination_record')
export class DisseminationRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'decision_id' }) decisionId: string;
  @Column('text') audience: string;
  @Column('timestamptz', { name: 'informed_at' }) informedAt: Date;
}
