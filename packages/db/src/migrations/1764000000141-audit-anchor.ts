import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anchors of each council's audit chain: its head (seq, hash) as the worker
 * saw it, HMAC-signed with a key from configuration that the database never
 * holds. A platform table (the tenant is `anchor_tenant_id`), outside the
 * council's own table; the app role may only read and append.
 */
export class AuditAnchor1764000000141 implements MigrationInterface {
  name = 'AuditAnchor1764000000141';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table audit_anchor (
        id bigserial primary key,
        anchor_tenant_id uuid not null references tenant(id),
        seq bigint not null,
        hash text not null,
        anchored_at timestamptz not null,
        mac text not null
      )`);
    await q.query(`create index audit_anchor_tenant on audit_anchor (anchor_tenant_id, seq)`);
    await q.query(`grant select, insert on audit_anchor to conduct_app`);
    await q.query(`grant usage on sequence audit_anchor_id_seq to conduct_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists audit_anchor`);
  }
}
