import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './tenancy-sql';

/**
 * A council's existing register brought in from its spreadsheet. One row per
 * imported file (by its SHA-256, so the same file twice imports once); the
 * decisions it creates are of kind `imported`, pointing at the file and the
 * spreadsheet row they came from, and name no decider: nobody decided them in
 * Conduct. Neither table holds a cell of the file.
 */
export class RegisterImport1764100000160 implements MigrationInterface {
  name = 'RegisterImport1764100000160';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `create table register_import (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        filename text not null check (length(filename) between 1 and 200),
        format text not null check (format in ('csv', 'xlsx')),
        mapping jsonb not null,
        policy_version_id uuid not null,
        row_count integer not null check (row_count >= 0),
        counts jsonb not null,
        imported_by uuid not null,
        imported_at timestamptz not null,
        primary key (tenant_id, id),
        unique (tenant_id, sha256),
        foreign key (tenant_id, imported_by) references app_user (tenant_id, id),
        foreign key (tenant_id, policy_version_id) references policy_version (tenant_id, id)
      )`,
    );
    await protectTenantTable(q, 'register_import');
    await q.query(`alter table decision drop constraint decision_kind_check`);
    await q.query(
      `alter table decision add constraint decision_kind_check
         check (kind in ('transition', 'review', 'appeal', 'derestriction', 'expiry', 'automatic', 'monitoring-end', 'imported'))`,
    );
    await q.query(
      `alter table decision
         add column source_import_id uuid,
         add column source_row integer check (source_row >= 2),
         add foreign key (tenant_id, source_import_id) references register_import (tenant_id, id),
         add constraint decision_imported_source
           check ((kind = 'imported') = (source_import_id is not null and source_row is not null))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from restriction r using decision d
                    where r.tenant_id = d.tenant_id and r.decision_id = d.id and d.kind = 'imported'`);
    await q.query(`delete from decision where kind = 'imported'`);
    await q.query(`alter table decision drop constraint decision_imported_source`);
    await q.query(`alter table decision drop column source_row, drop column source_import_id`);
    await q.query(`alter table decision drop constraint decision_kind_check`);
    await q.query(
      `alter table decision add constraint decision_kind_check
         check (kind in ('transition', 'review', 'appeal', 'derestriction', 'expiry', 'automatic', 'monitoring-end'))`,
    );
    await q.query(`drop table register_import`);
  }
}
