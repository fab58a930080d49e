import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The review date a decision set. A case keeps only its current review date
 * and a review keeps the next one it set, so the first due date of a
 * restriction was lost once reviewed, and with it whether the first review was
 * on time (a benchmarking figure). Past decisions get theirs back from the
 * audit trail, which recorded each stage move's review date.
 */
export class DecisionReviewDue1764000000010 implements MigrationInterface {
  name = 'DecisionReviewDue1764000000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table decision add column review_due_at timestamptz`);
    await q.query(`
      update decision d set review_due_at = (e.payload ->> 'reviewDueAt')::timestamptz
        from audit_event e
       where e.tenant_id = d.tenant_id and e.case_id = d.case_id
         and e.action in ('case.stage-changed', 'case.closed', 'case.dormant')
         and e.payload ->> 'decisionId' = d.id::text
         and e.payload ->> 'reviewDueAt' is not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table decision drop column review_due_at`);
  }
}
