import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './tenancy-sql';

export class Foundation1764000000001 implements MigrationInterface {
  name = 'Foundation1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create extension if not exists pgcrypto`);
    await q.query(`create extension if not exists pg_trgm`);

    // Platform table: councils themselves. Holds no personal data; read by the
    // app role before a tenant is known (to verify a token's issuer).
    await q.query(`
      create table tenant (
        id uuid primary key default gen_random_uuid(),
        slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text not null,
        population integer not null check (population > 0),
        benchmarking_opt_in boolean not null default false,
        status text not null default 'active' check (status in ('active', 'suspended')),
        oidc_issuer text,
        oidc_jwks_url text,
        oidc_audience text,
        created_at timestamptz not null default now()
      )`);
    await q.query(`grant select, insert, update on tenant to conduct_app`);

    await q.query(`
      create table policy_version (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        version integer not null,
        status text not null check (status in ('draft', 'active', 'superseded')),
        source_text text not null,
        source_hash text not null,
        document jsonb,
        created_at timestamptz not null default now(),
        activated_at timestamptz,
        primary key (tenant_id, id),
        unique (tenant_id, version)
      )`);
    await q.query(
      `create unique index policy_version_one_active on policy_version (tenant_id) where status = 'active'`,
    );
    await protectTenantTable(q, 'policy_version');

    await q.query(`
      create table app_user (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        email text not null,
        display_name text not null,
        roles text[] not null default '{}',
        subject text,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        unique (tenant_id, email)
      )`);
    await protectTenantTable(q, 'app_user');

    // Append-only, hash-chained per tenant. The app role may insert and read,
    // never update or delete: tampering needs a superuser and is then detected.
    await q.query(`
      create table audit_event (
        tenant_id uuid not null references tenant(id),
        seq bigint not null,
        id uuid not null default gen_random_uuid(),
        occurred_at timestamptz not null,
        actor_id uuid,
        action text not null,
        entity_type text not null,
        entity_id uuid,
        case_id uuid,
        payload jsonb not null default '{}',
        prev_hash text not null,
        hash text not null,
        primary key (tenant_id, seq),
        unique (tenant_id, id)
      )`);
    await q.query(`create index audit_event_case on audit_event (tenant_id, case_id, seq)`);
    await protectTenantTable(q, 'audit_event', 'select, insert');

    // Platform table: proof that the worker consumed a job (foundation check).
    await q.query(`
      create table worker_heartbeat (
        job_id text primary key,
        worker text not null,
        processed_at timestamptz not null default now()
      )`);
    await q.query(`grant select, insert, update on worker_heartbeat to conduct_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['worker_heartbeat', 'audit_event', 'app_user', 'policy_version', 'tenant']) {
      await q.query(`drop table if exists ${t}`);
    }
  }
}
