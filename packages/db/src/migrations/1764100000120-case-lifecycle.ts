import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The end of a monitoring period becomes a decision (kind `monitoring-end`,
 * by the system), and a case whose measures all ended with nothing further to
 * review is `archived`: off the review schedule until its retention rule
 * applies. Nothing is backfilled: past monitoring ends stay notices only, and
 * no existing case changes status.
 */
export class CaseLifecycle1764100000120 implements MigrationInterface {
  name = 'CaseLifecycle1764100000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table decision drop constraint decision_kind_check`);
    await q.query(
      `alter table decision add constraint decision_kind_check
         check (kind in ('transition', 'review', 'appeal', 'derestriction', 'expiry', 'automatic', 'monitoring-end'))`,
    );
    await q.query(`alter table managed_case drop constraint managed_case_status_check`);
    await q.query(
      `alter table managed_case add constraint managed_case_status_check
         check (status in ('open', 'closed', 'dormant', 'archived', 'purged'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`update managed_case set status = 'open' where status = 'archived'`);
    await q.query(`alter table managed_case drop constraint managed_case_status_check`);
    await q.query(
      `alter table managed_case add constraint managed_case_status_check
         check (status in ('open', 'closed', 'dormant', 'purged'))`,
    );
    await q.query(`delete from decision where kind = 'monitoring-end'`);
    await q.query(`alter table decision drop constraint decision_kind_check`);
    await q.query(
      `alter table decision add constraint decision_kind_check
         check (kind in ('transition', 'review', 'appeal', 'derestriction', 'expiry', 'automatic'))`,
    );
  }
}
