import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One pipeline writes every decision: measures reaching their end date and the
 * system's automatic moves become decisions too (decided by nobody: the
 * system), and every decision bumps the case's version so a decision made on a
 * stale view is refused; a review's escalation may be referred to the people
 * who propose the move. Nothing is backfilled: past expiries stay as they were
 * recorded, and every case starts at version 0.
 */
export class DecisionPipeline1764000000120 implements MigrationInterface {
  name = 'DecisionPipeline1764000000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table decision drop constraint decision_kind_check`);
    await q.query(
      `alter table decision add constraint decision_kind_check
         check (kind in ('transition', 'review', 'appeal', 'derestriction', 'expiry', 'automatic'))`,
    );
    await q.query(`alter table decision alter column decided_by drop not null`);
    await q.query(`alter table managed_case add column version integer not null default 0`);
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(
      `alter table notification add constraint notification_kind_check
         check (kind in ('review-reminder', 'review-overdue', 'monitoring-ended', 'filed-unconfirmed', 'escalation-referred'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from notification where kind = 'escalation-referred'`);
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(
      `alter table notification add constraint notification_kind_check
         check (kind in ('review-reminder', 'review-overdue', 'monitoring-ended', 'filed-unconfirmed'))`,
    );
    await q.query(`alter table managed_case drop column version`);
    await q.query(`delete from decision where kind in ('expiry', 'automatic')`);
    await q.query(`alter table decision alter column decided_by set not null`);
    await q.query(`alter table decision drop constraint decision_kind_check`);
    await q.query(
      `alter table decision add constraint decision_kind_check
         check (kind in ('transition', 'review', 'appeal', 'derestriction'))`,
    );
  }
}
