import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './tenancy-sql';

/**
 * Identity and policy administration: platform operators (outside every
 * tenant), per-tenant API keys, the kind of each user, the approval trail of
 * policy versions and the rule that an activated version never changes.
 */
export class Identity1764000000004 implements MigrationInterface {
  name = 'Identity1764000000004';

  async up(q: QueryRunner): Promise<void> {
    // Platform table: the people who run the hosted instance. They have no
    // tenant, so a transaction of theirs sets none and RLS shows them no rows.
    await q.query(`
      create table operator (
        id uuid primary key default gen_random_uuid(),
        email text not null unique,
        display_name text not null,
        subject text unique,
        active boolean not null default true,
        created_at timestamptz not null default now()
      )`);
    await q.query(`grant select, insert, update on operator to conduct_app`);

    // Platform table: what operators did (append-only; ids and codes only).
    // Platform tables name a tenant as `<x>_tenant_id`, never `tenant_id`: a
    // `tenant_id` column means a tenant-owned table behind forced RLS.
    await q.query(`
      create table operator_event (
        id uuid primary key default gen_random_uuid(),
        occurred_at timestamptz not null,
        operator_id uuid not null references operator(id),
        action text not null,
        target_tenant_id uuid references tenant(id),
        payload jsonb not null default '{}'
      )`);
    await q.query(`grant select, insert on operator_event to conduct_app`);

    // A token names its issuer; the issuer (with the audience) picks the tenant.
    await q.query(`alter table tenant add column suspended_at timestamptz`);
    await q.query(
      `create unique index tenant_oidc_issuer on tenant (oidc_issuer, coalesce(oidc_audience, '')) where oidc_issuer is not null`,
    );

    // People sign in; service accounts act through API keys only.
    await q.query(
      `alter table app_user add column kind text not null default 'person' check (kind in ('person', 'service'))`,
    );
    await q.query(`alter table app_user add column deactivated_at timestamptz`);
    await q.query(
      `create unique index app_user_subject on app_user (tenant_id, subject) where subject is not null`,
    );

    await q.query(`
      alter table policy_version
        add column source_format text not null default 'yaml' check (source_format in ('yaml', 'json')),
        add column created_by uuid,
        add column activation_requested_by uuid,
        add column activation_requested_at timestamptz,
        add column activated_by uuid,
        add column approved_by uuid,
        add foreign key (tenant_id, created_by) references app_user (tenant_id, id),
        add foreign key (tenant_id, activation_requested_by) references app_user (tenant_id, id),
        add foreign key (tenant_id, activated_by) references app_user (tenant_id, id),
        add foreign key (tenant_id, approved_by) references app_user (tenant_id, id)`);
    // An activated version is immutable: only active → superseded may change.
    await q.query(`
      create function policy_version_immutable() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.status <> 'draft' then
            raise exception 'policy version % was activated and cannot be deleted', old.version
              using errcode = 'integrity_constraint_violation';
          end if;
          return old;
        end if;
        if old.status = 'draft' then
          return new;
        end if;
        if new.status is distinct from old.status and not (old.status = 'active' and new.status = 'superseded') then
          raise exception 'policy version % cannot go from % to %', old.version, old.status, new.status
            using errcode = 'integrity_constraint_violation';
        end if;
        if (new.tenant_id, new.id, new.version, new.source_text, new.source_hash, new.source_format, new.document,
            new.created_at, new.activated_at, new.activated_by, new.approved_by, new.created_by)
           is distinct from
           (old.tenant_id, old.id, old.version, old.source_text, old.source_hash, old.source_format, old.document,
            old.created_at, old.activated_at, old.activated_by, old.approved_by, old.created_by) then
          raise exception 'policy version % was activated and is immutable', old.version
            using errcode = 'integrity_constraint_violation';
        end if;
        return new;
      end $$`);
    await q.query(`
      create trigger policy_version_immutable before update or delete on policy_version
        for each row execute function policy_version_immutable()`);

    // Service accounts' keys: `ck_<key_id>.<secret>`; only sha256(secret) is kept.
    await q.query(`
      create table api_key (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        key_id text not null,
        name text not null,
        secret_hash text not null,
        roles text[] not null,
        user_id uuid not null,
        expires_at timestamptz not null,
        revoked_at timestamptz,
        revoked_by uuid,
        created_by uuid not null,
        created_at timestamptz not null,
        primary key (tenant_id, id),
        unique (tenant_id, key_id),
        foreign key (tenant_id, user_id) references app_user (tenant_id, id),
        foreign key (tenant_id, created_by) references app_user (tenant_id, id),
        foreign key (tenant_id, revoked_by) references app_user (tenant_id, id)
      )`);
    await protectTenantTable(q, 'api_key', 'select, insert, update');

    // A key arrives before its tenant is known: this platform table holds only
    // (key_id, tenant_id), never a secret or hash; the key itself is checked
    // inside the tenant's transaction, behind RLS.
    await q.query(`
      create table api_key_locator (
        key_id text primary key,
        key_tenant_id uuid not null references tenant(id)
      )`);
    await q.query(`grant select, insert on api_key_locator to conduct_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists api_key_locator`);
    await q.query(`drop table if exists api_key`);
    await q.query(`drop trigger if exists policy_version_immutable on policy_version`);
    await q.query(`drop function if exists policy_version_immutable()`);
    await q.query(`
      alter table policy_version
        drop column if exists approved_by,
        drop column if exists activated_by,
        drop column if exists activation_requested_at,
        drop column if exists activation_requested_by,
        drop column if exists created_by,
        drop column if exists source_format`);
    await q.query(`drop index if exists app_user_subject`);
    await q.query(
      `alter table app_user drop column if exists deactivated_at, drop column if exists kind`,
    );
    await q.query(`drop index if exists tenant_oidc_issuer`);
    await q.query(`alter table tenant drop column if exists suspended_at`);
    await q.query(`drop table if exists operator_event`);
    await q.query(`drop table if exists operator`);
  }
}
