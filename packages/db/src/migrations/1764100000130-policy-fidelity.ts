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

const RECORD_KINDS = [
  'note',
  'referral',
  'legal-hold-placed',
  'legal-hold-released',
  'review-rescheduled',
];

const quoted = (xs: string[]) => xs.map((k) => `'${k}'`).join(', ');

/**
 * What the policy texts ask to be recorded and the tables could not hold:
 * who was consulted and about what (a proposal, a review or a request to lift
 * restrictions), how a letter was sent, a review date set for one case with
 * its reasons, an elected member's say per customer, and the notice that a
 * restricted customer raised a new issue.
 */
export class PolicyFidelity1764100000130 implements MigrationInterface {
  name = 'PolicyFidelity1764100000130';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table consultation
        add column subject text not null default 'proposal'
          check (subject in ('proposal', 'review', 'derestriction')),
        add column derestriction_request_id uuid,
        add column review_id uuid,
        add column consulted_user_id uuid,
        add column consulted_name text`);
    await q.query(`alter table letter add column channels text[] not null default '{}'`);
    // Cheshire §1: a member's say may be for one customer's arrangement (null: every customer).
    await q.query(`alter table contact add column new_issue boolean not null default false`);
    await q.query(`alter table member_preference add column customer_id uuid`);
    await q.query(
      `alter table member_preference drop constraint member_preference_tenant_id_member_name_key`,
    );
    await q.query(
      `alter table member_preference add constraint member_preference_member_customer
         unique nulls not distinct (tenant_id, member_name, customer_id)`,
    );
    await q.query(`alter table case_record drop constraint case_record_kind_check`);
    await q.query(
      `alter table case_record add constraint case_record_kind_check check (kind in (${quoted(RECORD_KINDS)}))`,
    );
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(
      `alter table notification add constraint notification_kind_check check (kind in (${quoted(KINDS)}))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from notification where kind = 'new-issue-while-restricted'`);
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(
      `alter table notification add constraint notification_kind_check check (kind in (${quoted(KINDS.slice(0, -1))}))`,
    );
    await q.query(`delete from case_record where kind = 'review-rescheduled'`);
    await q.query(`alter table case_record drop constraint case_record_kind_check`);
    await q.query(
      `alter table case_record add constraint case_record_kind_check check (kind in (${quoted(RECORD_KINDS.slice(0, -1))}))`,
    );
    await q.query(`delete from member_preference where customer_id is not null`);
    await q.query(
      `alter table member_preference drop constraint member_preference_member_customer`,
    );
    await q.query(`alter table member_preference drop column customer_id`);
    await q.query(
      `alter table member_preference add constraint member_preference_tenant_id_member_name_key
         unique (tenant_id, member_name)`,
    );
    await q.query(`alter table letter drop column channels`);
    await q.query(`alter table contact drop column new_issue`);
    await q.query(`
      alter table consultation drop column subject, drop column derestriction_request_id,
        drop column review_id, drop column consulted_user_id, drop column consulted_name`);
  }
}
