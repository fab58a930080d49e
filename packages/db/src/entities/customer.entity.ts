import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The member of the public whose contact is managed. Identity fields are emptied by a purge. */
@Entity('customer')
export class Customer {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('text') reference: string;
  @Column('text', { name: 'full_name', nullable: true }) fullName: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) address: string | null;
  @Column('text', { name: 'vulnerability_flags', array: true }) vulnerabilityFlags: string[];
  @Column('text', { name: 'safeguarding_notes', nullable: true }) safeguardingNotes: string | null;
  @Column('text', { name: 'reasonable_adjustments', nullable: true }) reasonableAdjustments:
    string | null;
  @Column('text', { nullable: true }) representative: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'purged_at', nullable: true }) purgedAt: Date | null;
}
