import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Letters are read and purged by case; without this a purge batch scanned every letter. */
export class LetterCaseIndex1764000000012 implements MigrationInterface {
  name = 'LetterCaseIndex1764000000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index if not exists letter_case on letter (tenant_id, case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists letter_case`);
  }
}
