import { Column, Entity, PrimaryColumn } from 'typeorm';

export type NotificationKind =
  | 'review-reminder'
  | 'review-overdue'
  | 'monitoring-ended'
  | 'filed-unconfirmed'
  | 'identity-provider-proposed'
  | 'contact-logged'
  | 'contact-while-inactive'
  /** A review escalated the case; the target move's proposers are asked to propose it. */
  | 'escalation-referred'
  /** A restricted customer raised a new issue: whether restrictions still fit is to be decided. */
  | 'new-issue-while-restricted'
  /** A platform operator acted through break-glass in the council. */
  | 'break-glass';

/**
 * A message to one member of staff about one case on one date. Unique per
 * (kind, case, due date, recipient), so the job that writes it is idempotent.
 * Holds the case reference, never the customer's name.
 */
@Entity('notification')
export class Notification {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('text') kind: NotificationKind;
  /** Null for a notice about the council itself (a proposed identity provider). */
  @Column('uuid', { name: 'case_id', nullable: true }) caseId: string | null;
  /** The date the notice is about (the review due date, the end of the period), `YYYY-MM-DD`. */
  @Column('date', { name: 'due_date' }) dueDate: string;
  @Column('uuid', { name: 'recipient_id' }) recipientId: string;
  /** The policy role the recipient was told in. */
  @Column('text') role: string;
  @Column('text') title: string;
  @Column('text') body: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt: Date | null;
  @Column('timestamptz', { name: 'email_claimed_at', nullable: true }) emailClaimedAt: Date | null;
  @Column('timestamptz', { name: 'emailed_at', nullable: true }) emailedAt: Date | null;
}
