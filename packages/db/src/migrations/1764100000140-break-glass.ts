import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = [
  'review-reminder',
  'review-overdue',
  'monitoring-ended',
  'filed-unconfirmed',
  'escalation-referred',
  'contact-logged',
  'contact-while-inactive',
  'identity-provider-proposed',
  'new-issue-while-restricted',
];

const kindCheck = (kinds: string[]) =>
  `alter table notification add constraint notification_kind_check
     check (kind in (${kinds.map((k) => `'${k}'`).join(', ')}))`;

/**
 * Issue 14: a platform operator's break-glass action is noticed to the
 * council's tenant admins (notification kind `break-glass`), and reactivating
 * someone who holds a deciding role waits for a second admin like a grant
 * (staff change kind `reactivate`).
 */
export class BreakGlass1764100000140 implements MigrationInterface {
  name = 'BreakGlass1764100000140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(kindCheck([...KINDS, 'break-glass']));
    await q.query(
      `alter table staff_change_request drop constraint staff_change_request_kind_check`,
    );
    await q.query(
      `alter table staff_change_request add constraint staff_change_request_kind_check
         check (kind in ('roles', 'deactivate', 'reactivate'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from staff_change_request where kind = 'reactivate'`);
    await q.query(
      `alter table staff_change_request drop constraint staff_change_request_kind_check`,
    );
    await q.query(
      `alter table staff_change_request add constraint staff_change_request_kind_check
         check (kind in ('roles', 'deactivate'))`,
    );
    await q.query(`delete from notification where kind = 'break-glass'`);
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(kindCheck(KINDS));
  }
}
