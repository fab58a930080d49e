import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CaseStatus = 'open' | 'closed' | 'dormant' | 'archived' | 'purged';

/** One managed-contact matter about one customer, pinned to the policy version it was opened under. */
@Entity('managed_case')
export class ManagedCase {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('text') reference: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('uuid', { name: 'policy_version_id' }) policyVersionId: string;
  @Column('text') stage: string;
  @Column('text') status: CaseStatus;
  @Column('text', { name: 'service_areas', array: true }) serviceAreas: string[];
  @Column('text', { name: 'linked_references', array: true }) linkedReferences: string[];
  @Column('text', { nullable: true }) summary: string | null;
  @Column('boolean', { name: 'legal_hold' }) legalHold: boolean;
  @Column('timestamptz', { name: 'opened_at' }) openedAt: Date;
  @Column('uuid', { name: 'opened_by' }) openedBy: string;
  @Column('timestamptz', { name: 'stage_entered_at' }) stageEnteredAt: Date;
  @Column('timestamptz', { name: 'last_activity_at' }) lastActivityAt: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('timestamptz', { name: 'dormant_at', nullable: true }) dormantAt: Date | null;
  @Column('timestamptz', { name: 'review_due_at', nullable: true }) reviewDueAt: Date | null;
  @Column('timestamptz', { name: 'retention_due_at', nullable: true }) retentionDueAt: Date | null;
  /** Bumped by every decision; a decision taken on an older version is refused (CONFLICT). */
  @Column('integer', { default: 0 }) version: number;
}
