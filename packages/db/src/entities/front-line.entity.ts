import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A council's front-line settings: letterhead, redaction choices, lead times, equality readers. */
@Entity('front_line_settings')
export class FrontLineSettings {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text', { name: 'letterhead_name', nullable: true }) letterheadName: string | null;
  @Column('text', { name: 'letterhead_address', nullable: true }) letterheadAddress: string | null;
  @Column('bytea', { name: 'letterhead_logo', nullable: true }) letterheadLogo: Buffer | null;
  @Column('text', { name: 'letterhead_logo_type', nullable: true }) letterheadLogoType:
    'image/png' | 'image/jpeg' | null;
  /** Evidence packs show staff by role, not name. */
  @Column('boolean', { name: 'redact_staff_names' }) redactStaffNames: boolean;
  /** Working days a designated officer has to confirm a filed item before it escalates. */
  @Column('integer', { name: 'filed_review_working_days' }) filedReviewWorkingDays: number;
  /** Roles that may record and report protected characteristics; null: the policy's safeguarding readers. */
  @Column('text', { name: 'equality_reader_roles', array: true, nullable: true })
  equalityReaderRoles: string[] | null;
  @Column('uuid', { name: 'updated_by' }) updatedBy: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

export type FiledOutcome = 'no-new-information' | 'new-information' | 'safeguarding-concern';

/** An item of correspondence read and filed without reply, awaiting a designated officer's confirmation. */
@Entity('filed_correspondence')
export class FiledCorrespondence {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('uuid', { name: 'restriction_id' }) restrictionId: string;
  @Column('text') channel: string;
  @Column('timestamptz', { name: 'received_at' }) receivedAt: Date;
  @Column('text', { nullable: true }) summary: string | null;
  @Column('uuid', { name: 'logged_by' }) loggedBy: string;
  @Column('timestamptz', { name: 'logged_at' }) loggedAt: Date;
  /** Unconfirmed after this, the item escalates. */
  @Column('timestamptz', { name: 'review_due_at' }) reviewDueAt: Date;
  @Column('uuid', { name: 'confirmed_by', nullable: true }) confirmedBy: string | null;
  @Column('timestamptz', { name: 'confirmed_at', nullable: true }) confirmedAt: Date | null;
  @Column('text', { nullable: true }) outcome: FiledOutcome | null;
  @Column('text', { name: 'confirmation_note', nullable: true }) confirmationNote: string | null;
  @Column('timestamptz', { name: 'escalated_at', nullable: true }) escalatedAt: Date | null;
  /** Role keys the escalation went to. */
  @Column('text', { name: 'escalated_to', array: true }) escalatedTo: string[];
}

/** Third-party personal data in a customer's records, withheld from evidence packs. */
@Entity('redaction_mark')
export class RedactionMark {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  /** Null: applies to every case of the customer. */
  @Column('uuid', { name: 'case_id', nullable: true }) caseId: string | null;
  @Column('text') term: string;
  @Column('text') category: 'third-party' | 'staff-name';
  @Column('text') reason: string;
  @Column('uuid', { name: 'marked_by' }) markedBy: string;
  @Column('timestamptz', { name: 'marked_at' }) markedAt: Date;
}

/** One protected characteristic of a customer (special-category data; optional). */
@Entity('customer_characteristic')
export class CustomerCharacteristic {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('text') characteristic: string;
  @Column('text') value: string;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
