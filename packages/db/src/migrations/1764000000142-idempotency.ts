import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './tenancy-sql';

/**
 * `Idempotency-Key` on mutations: the first response per (council, principal,
 * key), written in the same transaction as the mutation's effect, so a retry
 * or a double-click gets that response and causes no second effect.
 */
export class Idempotency1764000000142 implements MigrationInterface {
  name = 'Idempotency1764000000142';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table idempotency_record (
        tenant_id uuid not null references tenant(id),
        principal text not null,
        key text not null,
        request_hash text not null,
        response jsonb not null,
        created_at timestamptz not null,
        primary key (tenant_id, principal, key)
      )`);
    await q.query(
      `create index idempotency_record_age on idempotency_record (tenant_id, created_at)`,
    );
    await protectTenantTable(q, 'idempotency_record', 'select, insert, delete');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists idempotency_record`);
  }
}
