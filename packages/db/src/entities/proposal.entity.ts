import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface ProposedRestriction {
  type: string;
  parameters: Record<string, unknown>;
}

/** A proposed move between stages, travelling up its approval chain. */
@Entity('proposal')
export class Proposal {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text', { name: 'transition_key' }) transitionKey: string;
  @Column('text', { name: 'from_stage' }) fromStage: string;
  @Column('text', { name: 'to_stage' }) toStage: string;
  @Column('text') rationale: string;
  @Column('uuid', { name: 'evidence_contact_ids', array: true }) evidenceContactIds: string[];
  @Column('jsonb') restrictions: ProposedRestriction[];
  @Column('integer', { name: 'duration_months', nullable: true }) durationMonths: number | null;
  @Column('boolean') indefinite: boolean;
  /** Exceptional circumstances recorded (London §10: derestriction before the usual time). */
  @Column('boolean') exceptional: boolean;
  /** London §7: the named decider is absent and a deputy decides. */
  @Column('boolean', { name: 'principal_unavailable' }) principalUnavailable: boolean;
  @Column('text') status: 'open' | 'approved' | 'rejected' | 'withdrawn';
  @Column('uuid', { name: 'proposed_by' }) proposedBy: string;
  @Column('timestamptz', { name: 'proposed_at' }) proposedAt: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
}

/** One act on a proposal: who, in which role, at which step of the chain. */
@Entity('proposal_step')
export class ProposalStep {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'proposal_id' }) proposalId: string;
  @Column('integer') position: number;
  @Column('text') step: string;
  @Column('text') action: 'propose' | 'recommend' | 'approve' | 'reject' | 'withdraw';
  @Column('text') role: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { nullable: true }) note: string | null;
  @Column('timestamptz', { name: 'acted_at' }) actedAt: Date;
}

/** A consultation the policy requires (e.g. Southampton: Head of Service Legal), recorded. */
@Entity('consultation')
export class Consultation {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'proposal_id', nullable: true }) proposalId: string | null;
  /** The role consulted. */
  @Column('text') consultee: string;
  /** What it informs: a proposal, the next review, or a request to lift restrictions. */
  @Column('text') subject: 'proposal' | 'review' | 'derestriction';
  @Column('uuid', { name: 'derestriction_request_id', nullable: true })
  derestrictionRequestId: string | null;
  /** The review it informed, once recorded (a review consultation counts once). */
  @Column('uuid', { name: 'review_id', nullable: true }) reviewId: string | null;
  /** Who was consulted: a staff user, or a person named by whoever recorded it. */
  @Column('uuid', { name: 'consulted_user_id', nullable: true }) consultedUserId: string | null;
  @Column('text', { name: 'consulted_name', nullable: true }) consultedName: string | null;
  /** What they advised. */
  @Column('text', { nullable: true }) note: string | null;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
