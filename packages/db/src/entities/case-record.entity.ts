import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CaseRecordKind =
  'note' | 'referral' | 'legal-hold-placed' | 'legal-hold-released' | 'review-rescheduled';

/**
 * Something recorded on a case that is not a decision: a note, a referral
 * outside the policy (no effect on the stage), or a legal hold placed or
 * released. `body` is the note or reason (personal data: never in the audit).
 */
@Entity('case_record')
export class CaseRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') kind: CaseRecordKind;
  @Column('text', { name: 'referral_key', nullable: true }) referralKey: string | null;
  @Column('text') body: string;
  /** When it happened (a referral may be recorded after it was made). */
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
