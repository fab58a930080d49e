import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every table a purge batch empties by case, and the register reads by case,
 * has an index that leads with (tenant_id, case_id). Without these, each purge
 * batch and each register page scanned every notification, consultation,
 * dissemination record and proposal of every council.
 */
const TABLES = ['notification', 'consultation', 'dissemination_record', 'proposal'];

export class CaseRecordIndexes1764000000152 implements MigrationInterface {
  name = 'CaseRecordIndexes1764000000152';

  async up(q: QueryRunner): Promise<void> {
    for (const t of TABLES)
      await q.query(`create index if not exists ${t}_by_case on ${t} (tenant_id, case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(`drop index if exists ${t}_by_case`);
  }
}
