import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './tenancy-sql';

/**
 * Cross-council benchmarking. The worker computes each council's own figures
 * inside that council's transaction into `benchmark_snapshot` (tenant-owned,
 * behind forced row-level security), after disclosure control: a suppressed
 * figure is stored as null with the reason, never its value. Then it writes the
 * anonymous peer distribution (median, quartiles, number of councils) to
 * `benchmark_distribution`, a platform table with no tenant_id: nothing in it
 * says which council contributed what.
 */
export class Benchmarking1764000000007 implements MigrationInterface {
  name = 'Benchmarking1764000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table benchmark_snapshot (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        period text not null check (period ~ '^[0-9]{4}(-Q[1-4])?$'),
        metric text not null,
        category text not null default '',
        value double precision,
        count integer check (count % 5 = 0),
        base integer check (base % 5 = 0),
        suppression text check (suppression in ('small-base', 'small-count', 'secondary')),
        computed_at timestamptz not null,
        primary key (tenant_id, id),
        unique (tenant_id, period, metric, category),
        check (suppression is null or (value is null and count is null))
      )`);
    await protectTenantTable(q, 'benchmark_snapshot');

    await q.query(`
      create table benchmark_distribution (
        id uuid primary key default gen_random_uuid(),
        period text not null check (period ~ '^[0-9]{4}(-Q[1-4])?$'),
        metric text not null,
        category text not null default '',
        peer_count integer not null check (peer_count >= 3),
        median double precision not null,
        lower_quartile double precision,
        upper_quartile double precision,
        computed_at timestamptz not null,
        unique (period, metric, category)
      )`);
    await q.query(`grant select, insert, update, delete on benchmark_distribution to conduct_app`);

    // The snapshot takes each council's cases by the date they were opened.
    await q.query(`create index managed_case_opened on managed_case (tenant_id, opened_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists managed_case_opened`);
    await q.query(`drop table if exists benchmark_distribution`);
    await q.query(`drop table if exists benchmark_snapshot`);
  }
}
