import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './tenancy-sql';

/**
 * The council's published policy, uploaded once by its admin (a PDF), so a
 * letter whose text says "a copy of the policy is enclosed" can enclose it.
 * One current document per council; replacing it is audited.
 */
export class PolicyDocument1764000000160 implements MigrationInterface {
  name = 'PolicyDocument1764000000160';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `create table policy_document (
        tenant_id uuid not null references tenant(id),
        title text not null check (length(title) between 1 and 200),
        filename text not null check (length(filename) between 1 and 200),
        content_type text not null check (content_type = 'application/pdf'),
        data bytea not null,
        sha256 text not null,
        uploaded_by uuid not null,
        uploaded_at timestamptz not null,
        primary key (tenant_id),
        foreign key (tenant_id, uploaded_by) references app_user (tenant_id, id)
      )`,
    );
    await protectTenantTable(q, 'policy_document');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table policy_document`);
  }
}
