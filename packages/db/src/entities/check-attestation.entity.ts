import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A pre-action check (safeguarding, adjustments, ...) someone attested on a case. */
@Entity('check_attestation')
export class CheckAttestation {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text', { name: 'check_key' }) checkKey: string;
  @Column('text', { nullable: true }) note: string | null;
  @Column('uuid', { name: 'attested_by' }) attestedBy: string;
  @Column('timestamptz', { name: 'attested_at' }) attestedAt: Date;
}
