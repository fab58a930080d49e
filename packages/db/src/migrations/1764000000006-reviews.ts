import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What happens after a restriction is decided: the facts some councils require
 * alongside a review (Southampton: a decision not to write, with reasons and
 * the consultation), the letter a review produced, the decision that settled an
 * appeal or a derestriction request, and at most one open appeal per decision
 * and one pending request per restriction, so two people cannot race.
 */
export class Reviews1764000000006 implements MigrationInterface {
  name = 'Reviews1764000000006';

  async up(q: QueryRunner): Promise<void> {
    const ref = (table: string, column: string) =>
      `foreign key (tenant_id, ${column}) references ${table} (tenant_id, id)`;

    await q.query(`
      alter table review
        add column from_stage text,
        add column to_stage text,
        add column consultations text[] not null default '{}',
        add column no_letter boolean not null default false,
        add column no_letter_reasons text,
        add column letter_id uuid,
        add constraint review_letter_fk ${ref('letter', 'letter_id')}`);
    await q.query(`create index review_case on review (tenant_id, case_id, reviewed_at)`);

    await q.query(`
      alter table appeal
        add column outcome_decision_id uuid,
        add constraint appeal_outcome_decision_fk ${ref('decision', 'outcome_decision_id')}`);
    await q.query(`create index appeal_case on appeal (tenant_id, case_id, lodged_at)`);
    await q.query(
      `create unique index appeal_one_open on appeal (tenant_id, decision_id) where status = 'lodged'`,
    );

    await q.query(`
      alter table derestriction_request
        add column decision_id uuid,
        add constraint derestriction_request_decision_fk ${ref('decision', 'decision_id')}`);
    await q.query(
      `create index derestriction_request_case on derestriction_request (tenant_id, case_id, requested_at)`,
    );
    await q.query(
      `create unique index derestriction_one_pending on derestriction_request (tenant_id, restriction_id) where status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists derestriction_one_pending`);
    await q.query(`drop index if exists derestriction_request_case`);
    await q.query(`alter table derestriction_request drop column if exists decision_id`);
    await q.query(`drop index if exists appeal_one_open`);
    await q.query(`drop index if exists appeal_case`);
    await q.query(`alter table appeal drop column if exists outcome_decision_id`);
    await q.query(`drop index if exists review_case`);
    await q.query(
      `alter table review drop column if exists letter_id, drop column if exists no_letter_reasons, drop column if exists no_letter, drop column if exists consultations, drop column if exists to_stage, drop column if exists from_stage`,
    );
  }
}
