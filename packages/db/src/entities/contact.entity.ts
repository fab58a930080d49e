import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One logged contact or incident: the policies' "log sheet". */
@Entity('contact')
export class Contact {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id', nullable: true }) caseId: string | null;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('text') channel: string;
  @Column('text', { name: 'behaviour_categories', array: true }) behaviourCategories: string[];
  @Column('text') severity: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { name: 'staff_affected', nullable: true }) staffAffected: string | null;
  /** The customer raised a new issue (Maidstone §7.3: restrictions reconsidered). */
  @Column('boolean', { name: 'new_issue', default: false }) newIssue: boolean;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
