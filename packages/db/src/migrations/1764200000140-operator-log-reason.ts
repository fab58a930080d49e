import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: the reason an operator gives for break-glass is their own free
 * text, so it is kept in the platform's operator log (`operator_event`, which
 * no council's row-level security covers and only the platform reads), and the
 * council's audit chain, which holds ids only, names the log entry by its id.
 */
export class OperatorLogReason1764200000140 implements MigrationInterface {
  name = 'OperatorLogReason1764200000140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table operator_event add column reason text
         constraint operator_event_reason_length check (char_length(reason) between 10 and 1000)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table operator_event drop column reason`);
  }
}
