import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './tenancy-sql';

/**
 * The casework tables. Every one is tenant-owned: tenant_id leads each primary
 * and foreign key, so no row can point at another council's row, and each sits
 * behind forced row-level security.
 */
export class Casework1764000000002 implements MigrationInterface {
  name = 'Casework1764000000002';

  async up(q: QueryRunner): Promise<void> {
    const ref = (table: string, column: string) =>
      `foreign key (tenant_id, ${column}) references ${table} (tenant_id, id)`;

    await q.query(`
      create table customer (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        reference text not null,
        full_name text,
        email text,
        phone text,
        address text,
        vulnerability_flags text[] not null default '{}',
        safeguarding_notes text,
        reasonable_adjustments text,
        representative text,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        purged_at timestamptz,
        primary key (tenant_id, id),
        unique (tenant_id, reference)
      )`);
    await q.query(`create index customer_name_trgm on customer using gin (full_name gin_trgm_ops)`);

    await q.query(`
      create table managed_case (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        reference text not null,
        customer_id uuid not null,
        policy_version_id uuid not null,
        stage text not null,
        status text not null check (status in ('open', 'closed', 'dormant', 'purged')),
        service_areas text[] not null default '{}',
        linked_references text[] not null default '{}',
        summary text,
        legal_hold boolean not null default false,
        opened_at timestamptz not null,
        opened_by uuid not null,
        stage_entered_at timestamptz not null,
        last_activity_at timestamptz not null,
        closed_at timestamptz,
        dormant_at timestamptz,
        review_due_at timestamptz,
        retention_due_at timestamptz,
        primary key (tenant_id, id),
        unique (tenant_id, reference),
        ${ref('customer', 'customer_id')},
        ${ref('policy_version', 'policy_version_id')},
        ${ref('app_user', 'opened_by')}
      )`);
    await q.query(`create index managed_case_customer on managed_case (tenant_id, customer_id)`);
    await q.query(
      `create index managed_case_review_due on managed_case (tenant_id, review_due_at) where status = 'open'`,
    );

    await q.query(`
      create table contact (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid,
        customer_id uuid not null,
        occurred_at timestamptz not null,
        channel text not null,
        behaviour_categories text[] not null default '{}',
        severity text not null,
        description text,
        staff_affected text,
        recorded_by uuid not null,
        recorded_at timestamptz not null,
        primary key (tenant_id, id),
        ${ref('managed_case', 'case_id')},
        ${ref('customer', 'customer_id')},
        ${ref('app_user', 'recorded_by')}
      )`);
    await q.query(`create index contact_case on contact (tenant_id, case_id, occurred_at)`);

    await q.query(`
      create table check_attestation (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        check_key text not null,
        note text,
        attested_by uuid not null,
        attested_at timestamptz not null,
        primary key (tenant_id, id),
        unique (tenant_id, case_id, check_key),
        ${ref('managed_case', 'case_id')},
        ${ref('app_user', 'attested_by')}
      )`);

    await q.query(`
      create table proposal (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        transition_key text not null,
        from_stage text not null,
        to_stage text not null,
        rationale text not null,
        evidence_contact_ids uuid[] not null default '{}',
        restrictions jsonb not null default '[]',
        duration_months integer,
        indefinite boolean not null default false,
        exceptional boolean not null default false,
        principal_unavailable boolean not null default false,
        status text not null check (status in ('open', 'approved', 'rejected')),
        proposed_by uuid not null,
        proposed_at timestamptz not null,
        closed_at timestamptz,
        primary key (tenant_id, id),
        ${ref('managed_case', 'case_id')},
        ${ref('app_user', 'proposed_by')}
      )`);
    // At most one open proposal per case: two people cannot race two moves.
    await q.query(
      `create unique index proposal_one_open on proposal (tenant_id, case_id) where status = 'open'`,
    );

    await q.query(`
      create table proposal_step (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        proposal_id uuid not null,
        position integer not null,
        step text not null,
        action text not null check (action in ('propose', 'recommend', 'approve', 'reject')),
        role text not null,
        user_id uuid not null,
        note text,
        acted_at timestamptz not null,
        primary key (tenant_id, id),
        unique (tenant_id, proposal_id, position),
        ${ref('proposal', 'proposal_id')},
        ${ref('app_user', 'user_id')}
      )`);

    await q.query(`
      create table consultation (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        proposal_id uuid,
        consultee text not null,
        note text,
        recorded_by uuid not null,
        recorded_at timestamptz not null,
        primary key (tenant_id, id),
        ${ref('managed_case', 'case_id')},
        ${ref('proposal', 'proposal_id')},
        ${ref('app_user', 'recorded_by')}
      )`);

    await q.query(`
      create table decision (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        kind text not null check (kind in ('transition', 'review', 'appeal', 'derestriction')),
        transition_key text,
        from_stage text,
        to_stage text,
        outcome text,
        proposal_id uuid,
        appeal_of uuid,
        participants jsonb not null default '[]',
        decided_by uuid not null,
        decided_at timestamptz not null,
        primary key (tenant_id, id),
        ${ref('managed_case', 'case_id')},
        ${ref('proposal', 'proposal_id')},
        ${ref('decision', 'appeal_of')},
        ${ref('app_user', 'decided_by')}
      )`);
    await q.query(`create index decision_case on decision (tenant_id, case_id, decided_at)`);

    await q.query(`
      create table restriction (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        decision_id uuid not null,
        type text not null,
        parameters jsonb not null default '{}',
        starts_at timestamptz not null,
        ends_at timestamptz,
        status text not null check (status in ('active', 'ended', 'lifted')),
        ended_at timestamptz,
        primary key (tenant_id, id),
        ${ref('managed_case', 'case_id')},
        ${ref('decision', 'decision_id')}
      )`);
    await q.query(`create index restriction_case on restriction (tenant_id, case_id)`);
    await q.query(
      `create index restriction_ends on restriction (tenant_id, ends_at) where status = 'active'`,
    );

    await q.query(`
      create table letter (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        decision_id uuid,
        template_key text not null,
        title text not null,
        body text not null,
        sections jsonb not null,
        status text not null check (status in ('draft', 'sent')),
        created_at timestamptz not null,
        sent_at timestamptz,
        sent_by uuid,
        primary key (tenant_id, id),
        ${ref('managed_case', 'case_id')},
        ${ref('decision', 'decision_id')},
        ${ref('app_user', 'sent_by')}
      )`);

    await q.query(`
      create table review (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        decision_id uuid not null,
        outcome text not null,
        note text not null,
        customer_comment_invited boolean not null default false,
        reviewed_by uuid not null,
        reviewed_at timestamptz not null,
        next_review_due_at timestamptz,
        primary key (tenant_id, id),
        ${ref('managed_case', 'case_id')},
        ${ref('decision', 'decision_id')},
        ${ref('app_user', 'reviewed_by')}
      )`);

    await q.query(`
      create table appeal (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        decision_id uuid not null,
        grounds text not null,
        lodged_at timestamptz not null,
        lodged_by uuid not null,
        status text not null check (status in ('lodged', 'upheld', 'varied', 'dismissed')),
        decided_by uuid,
        decided_at timestamptz,
        note text,
        primary key (tenant_id, id),
        ${ref('managed_case', 'case_id')},
        ${ref('decision', 'decision_id')},
        ${ref('app_user', 'lodged_by')},
        ${ref('app_user', 'decided_by')}
      )`);

    await q.query(`
      create table derestriction_request (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        restriction_id uuid not null,
        reason text not null,
        exceptional boolean not null default false,
        requested_at timestamptz not null,
        recorded_by uuid not null,
        status text not null check (status in ('pending', 'granted', 'refused')),
        decided_by uuid,
        decided_at timestamptz,
        note text,
        primary key (tenant_id, id),
        ${ref('managed_case', 'case_id')},
        ${ref('restriction', 'restriction_id')},
        ${ref('app_user', 'recorded_by')},
        ${ref('app_user', 'decided_by')}
      )`);

    await q.query(`
      create table dissemination_record (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        decision_id uuid not null,
        audience text not null,
        informed_at timestamptz not null,
        primary key (tenant_id, id),
        unique (tenant_id, decision_id, audience),
        ${ref('managed_case', 'case_id')},
        ${ref('decision', 'decision_id')}
      )`);

    // Cheshire §1: elected members opt in or out of being told about arrangements.
    await q.query(`
      create table member_preference (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        member_name text not null,
        ward text,
        opted_in boolean not null,
        updated_by uuid not null,
        updated_at timestamptz not null,
        primary key (tenant_id, id),
        unique (tenant_id, member_name),
        ${ref('app_user', 'updated_by')}
      )`);

    for (const table of [
      'customer',
      'managed_case',
      'contact',
      'check_attestation',
      'proposal',
      'proposal_step',
      'consultation',
      'decision',
      'restriction',
      'letter',
      'review',
      'appeal',
      'derestriction_request',
      'dissemination_record',
      'member_preference',
    ]) {
      await protectTenantTable(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'member_preference',
      'dissemination_record',
      'derestriction_request',
      'appeal',
      'review',
      'letter',
      'restriction',
      'decision',
      'consultation',
      'proposal_step',
      'proposal',
      'check_attestation',
      'contact',
      'managed_case',
      'customer',
    ]) {
      await q.query(`drop table if exists ${t}`);
    }
  }
}
