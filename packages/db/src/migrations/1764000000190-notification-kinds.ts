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
];

/**
 * Three migrations of one release each rewrote the notification kinds from the
 * list they knew (escalations, contact notices, identity-provider proposals);
 * run in order, the last kept only its own. This one allows them all.
 */
export class NotificationKinds1764000000190 implements MigrationInterface {
  name = 'NotificationKinds1764000000190';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(
      `alter table notification add constraint notification_kind_check
         check (kind in (${KINDS.map((k) => `'${k}'`).join(', ')}))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const kept = [
      'review-reminder',
      'review-overdue',
      'monitoring-ended',
      'filed-unconfirmed',
      'identity-provider-proposed',
    ];
    await q.query(
      `delete from notification where kind not in (${kept.map((k) => `'${k}'`).join(', ')})`,
    );
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(
      `alter table notification add constraint notification_kind_check
         check (kind in (${kept.map((k) => `'${k}'`).join(', ')}))`,
    );
  }
}
