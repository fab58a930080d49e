import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './tenancy-sql';

/**
 * Nobody acts beyond their authority. Users are bound to (issuer, subject), so
 * a council repointed to another provider does not inherit any binding; a new
 * provider waits for a tenant admin's acceptance; changes that give a person
 * power to propose or decide, or that remove an admin, wait for a second admin.
 */
export class IdentityBinding1764000000140 implements MigrationInterface {
  name = 'IdentityBinding1764000000140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table app_user add column issuer text`);
    await q.query(`drop index if exists app_user_subject`);
    await q.query(
      `create unique index app_user_issuer_subject on app_user (tenant_id, issuer, subject) where subject is not null`,
    );
    // Existing bindings were made under the council's current provider.
    await q.query(`
      do $$
      declare t record;
      begin
        for t in select id, oidc_issuer from tenant where oidc_issuer is not null loop
          perform set_config('app.tenant_id', t.id::text, true);
          update app_user set issuer = t.oidc_issuer where tenant_id = t.id and subject is not null;
        end loop;
        perform set_config('app.tenant_id', '', true);
      end $$`);

    // A provider an operator proposed; it signs nobody in until a tenant admin accepts it.
    await q.query(`
      alter table tenant
        add column pending_oidc_issuer text,
        add column pending_oidc_jwks_url text,
        add column pending_oidc_audience text,
        add column pending_oidc_requested_at timestamptz,
        add column pending_oidc_requested_by uuid references operator(id)`);

    // Notices about the council itself (not a case), e.g. a proposed identity provider.
    await q.query(`alter table notification alter column case_id drop not null`);
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(
      `alter table notification add constraint notification_kind_check
         check (kind in ('review-reminder', 'review-overdue', 'monitoring-ended', 'filed-unconfirmed', 'identity-provider-proposed'))`,
    );

    // A staff change that needs a second tenant admin: one open request per user and kind.
    await q.query(`
      create table staff_change_request (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        user_id uuid not null,
        kind text not null check (kind in ('roles', 'deactivate')),
        roles text[],
        requested_by uuid not null,
        requested_at timestamptz not null,
        primary key (tenant_id, id),
        unique (tenant_id, user_id, kind),
        foreign key (tenant_id, user_id) references app_user (tenant_id, id),
        foreign key (tenant_id, requested_by) references app_user (tenant_id, id)
      )`);
    await protectTenantTable(q, 'staff_change_request');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists staff_change_request`);
    await q.query(`delete from notification where kind = 'identity-provider-proposed'`);
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(
      `alter table notification add constraint notification_kind_check
         check (kind in ('review-reminder', 'review-overdue', 'monitoring-ended', 'filed-unconfirmed'))`,
    );
    await q.query(`alter table notification alter column case_id set not null`);
    await q.query(`
      alter table tenant
        drop column pending_oidc_issuer, drop column pending_oidc_jwks_url,
        drop column pending_oidc_audience, drop column pending_oidc_requested_at,
        drop column pending_oidc_requested_by`);
    await q.query(`drop index if exists app_user_issuer_subject`);
    await q.query(
      `create unique index app_user_subject on app_user (tenant_id, subject) where subject is not null`,
    );
    await q.query(`alter table app_user drop column issuer`);
  }
}
