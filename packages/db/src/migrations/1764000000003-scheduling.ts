import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './tenancy-sql';

/**
 * What the worker does on dates: notifications (review reminders, escalations,
 * ends of monitoring periods), the retention purge's deletion log and the
 * anonymous statistics a purge leaves behind. All tenant-owned, behind forced
 * row-level security. The unique keys make every job idempotent: a retried or
 * duplicated job inserts nothing twice.
 */
export class Scheduling1764000000003 implements MigrationInterface {
  name = 'Scheduling1764000000003';

  async up(q: QueryRunner): Promise<void> {
    const ref = (table: string, column: string) =>
      `foreign key (tenant_id, ${column}) references ${table} (tenant_id, id)`;

    // Title and body name the case reference, stage and date: never the customer.
    await q.query(`
      create table notification (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        kind text not null check (kind in ('review-reminder', 'review-overdue', 'monitoring-ended')),
        case_id uuid not null,
        due_date date not null,
        recipient_id uuid not null,
        role text not null,
        title text not null,
        body text not null,
        created_at timestamptz not null,
        read_at timestamptz,
        email_claimed_at timestamptz,
        emailed_at timestamptz,
        primary key (tenant_id, id),
        unique (tenant_id, kind, case_id, due_date, recipient_id),
        ${ref('managed_case', 'case_id')},
        ${ref('app_user', 'recipient_id')}
      )`);
    await q.query(
      `create index notification_recipient on notification (tenant_id, recipient_id, created_at desc, id desc)`,
    );
    await q.query(
      `create index notification_unsent on notification (tenant_id, created_at) where emailed_at is null`,
    );

    // The deletion log: one row per purged case. Internal ids, rule, counts and
    // times only; no names, no hashes of names.
    await q.query(`
      create table purge_log (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        run_id uuid not null,
        batch_id uuid not null,
        case_id uuid not null,
        category text not null,
        rule_id text not null,
        policy_version integer not null,
        action text not null check (action in ('destroy', 'anonymise')),
        retention_due_at timestamptz not null,
        cutoff timestamptz not null,
        counts jsonb not null,
        purged_at timestamptz not null,
        actor text not null,
        primary key (tenant_id, id),
        unique (tenant_id, case_id),
        ${ref('managed_case', 'case_id')}
      )`);
    await q.query(`create index purge_log_run on purge_log (tenant_id, run_id)`);

    // What remains of a purged case: enough for benchmarking, nothing personal.
    await q.query(`
      create table case_statistic (
        tenant_id uuid not null references tenant(id),
        id uuid not null,
        policy_version integer not null,
        final_stage text not null,
        final_stage_kind text not null,
        stages_reached text[] not null default '{}',
        opened_month date not null,
        closed_month date,
        purged_month date not null,
        restriction_types text[] not null default '{}',
        decision_outcomes text[] not null default '{}',
        review_outcomes text[] not null default '{}',
        appeal_outcomes text[] not null default '{}',
        contact_count integer not null,
        primary key (tenant_id, id),
        ${ref('managed_case', 'id')}
      )`);

    await protectTenantTable(q, 'notification');
    // Append-only for the application: the log of what was destroyed is never rewritten.
    await protectTenantTable(q, 'purge_log', 'select, insert');
    await protectTenantTable(q, 'case_statistic', 'select, insert');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['case_statistic', 'purge_log', 'notification']) {
      await q.query(`drop table if exists ${t}`);
    }
  }
}
