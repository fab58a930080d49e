import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Less work per row a purge writes (bench:purge: 3.0–3.8x one hand-written DELETE).
 *
 * - The first trigram indexes on customer (migrations 0002 and 0008) do not
 *   lead with the tenant. Under forced RLS the app role can never use them
 *   (pg_trgm's operators are not LEAKPROOF), and the front-line search uses the
 *   tenant-leading ones (1764000000151, 1764200000155). Every customer write,
 *   the purge's wipe among them, still paid for three GIN entries.
 * - `case_statistic` and `purge_log` each reference the case by (tenant_id, id),
 *   whose row references the tenant; their own tenant key added a second check
 *   per row written (two per purged case).
 */
export class PurgeWriteCost1764200000156 implements MigrationInterface {
  name = 'PurgeWriteCost1764200000156';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop index customer_name_trgm`);
    await q.query(`drop index customer_email_trgm`);
    await q.query(`drop index customer_reference_trgm`);
    await q.query(`alter table case_statistic drop constraint case_statistic_tenant_id_fkey`);
    await q.query(`alter table purge_log drop constraint purge_log_tenant_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table purge_log add constraint purge_log_tenant_id_fkey foreign key (tenant_id) references tenant(id)`,
    );
    await q.query(
      `alter table case_statistic add constraint case_statistic_tenant_id_fkey foreign key (tenant_id) references tenant(id)`,
    );
    await q.query(
      `create index customer_reference_trgm on customer using gin (lower(reference) gin_trgm_ops)`,
    );
    await q.query(
      `create index customer_email_trgm on customer using gin (lower(email) gin_trgm_ops)`,
    );
    await q.query(`create index customer_name_trgm on customer using gin (full_name gin_trgm_ops)`);
  }
}
