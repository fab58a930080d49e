import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Correspondence filed without reply and not confirmed within the lead time is
 * escalated to the roles that act on new information; they are now told, as a
 * notification (and its email) like an overdue review, not only by the queue.
 */
export class FiledEscalationNotices1764000000009 implements MigrationInterface {
  name = 'FiledEscalationNotices1764000000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(
      `alter table notification add constraint notification_kind_check
         check (kind in ('review-reminder', 'review-overdue', 'monitoring-ended', 'filed-unconfirmed'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from notification where kind = 'filed-unconfirmed'`);
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(
      `alter table notification add constraint notification_kind_check
         check (kind in ('review-reminder', 'review-overdue', 'monitoring-ended'))`,
    );
  }
}
