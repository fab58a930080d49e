import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './tenancy-sql';

/**
 * The front line and accountability: fuzzy look-up of customers by email,
 * phone and reference (the name already has a trigram index), the council's
 * front-line settings (letterhead, staff-name redaction, the filed-correspondence
 * lead time, who may read protected characteristics), the queue of
 * correspondence read and filed without reply, third-party data marked for
 * redaction in evidence packs, and optional protected characteristics.
 *
 * Purges: a purged customer's characteristics and redaction terms are deleted,
 * and a purged case's filed-correspondence free text emptied, by triggers here,
 * so the retention job needs to know nothing about these tables.
 */
export class FrontLine1764000000008 implements MigrationInterface {
  name = 'FrontLine1764000000008';

  async up(q: QueryRunner): Promise<void> {
    const ref = (table: string, column: string) =>
      `foreign key (tenant_id, ${column}) references ${table} (tenant_id, id)`;

    await q.query(`create extension if not exists pg_trgm`);
    await q.query(
      `create index customer_email_trgm on customer using gin (lower(email) gin_trgm_ops)`,
    );
    await q.query(
      `create index customer_reference_trgm on customer using gin (lower(reference) gin_trgm_ops)`,
    );
    await q.query(
      `create index customer_phone_digits on customer (tenant_id, (right(regexp_replace(phone, '[^0-9]', '', 'g'), 10)))`,
    );

    await q.query(`
      create table front_line_settings (
        tenant_id uuid not null references tenant(id),
        letterhead_name text,
        letterhead_address text,
        letterhead_logo bytea,
        letterhead_logo_type text check (letterhead_logo_type in ('image/png', 'image/jpeg')),
        redact_staff_names boolean not null default false,
        filed_review_working_days integer not null default 5 check (filed_review_working_days between 1 and 30),
        equality_reader_roles text[],
        updated_by uuid not null,
        updated_at timestamptz not null,
        primary key (tenant_id),
        ${ref('app_user', 'updated_by')}
      )`);

    await q.query(`
      create table filed_correspondence (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        customer_id uuid not null,
        restriction_id uuid not null,
        channel text not null,
        received_at timestamptz not null,
        summary text,
        logged_by uuid not null,
        logged_at timestamptz not null,
        review_due_at timestamptz not null,
        confirmed_by uuid,
        confirmed_at timestamptz,
        outcome text check (outcome in ('no-new-information', 'new-information', 'safeguarding-concern')),
        confirmation_note text,
        escalated_at timestamptz,
        escalated_to text[] not null default '{}',
        primary key (tenant_id, id),
        check ((confirmed_at is null) = (outcome is null)),
        ${ref('managed_case', 'case_id')},
        ${ref('customer', 'customer_id')},
        ${ref('restriction', 'restriction_id')},
        ${ref('app_user', 'logged_by')},
        ${ref('app_user', 'confirmed_by')}
      )`);
    await q.query(
      `create index filed_correspondence_due on filed_correspondence (tenant_id, review_due_at) where confirmed_at is null and escalated_at is null`,
    );
    await q.query(
      `create index filed_correspondence_case on filed_correspondence (tenant_id, case_id, received_at)`,
    );

    await q.query(`
      create table redaction_mark (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        customer_id uuid not null,
        case_id uuid,
        term text not null,
        category text not null check (category in ('third-party', 'staff-name')),
        reason text not null,
        marked_by uuid not null,
        marked_at timestamptz not null,
        primary key (tenant_id, id),
        ${ref('customer', 'customer_id')},
        ${ref('managed_case', 'case_id')},
        ${ref('app_user', 'marked_by')}
      )`);
    await q.query(
      `create index redaction_mark_customer on redaction_mark (tenant_id, customer_id)`,
    );

    await q.query(`
      create table customer_characteristic (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        customer_id uuid not null,
        characteristic text not null,
        value text not null,
        recorded_by uuid not null,
        recorded_at timestamptz not null,
        primary key (tenant_id, id),
        unique (tenant_id, customer_id, characteristic),
        ${ref('customer', 'customer_id')},
        ${ref('app_user', 'recorded_by')}
      )`);
    await q.query(
      `create index customer_characteristic_by on customer_characteristic (tenant_id, characteristic, value)`,
    );

    for (const table of [
      'front_line_settings',
      'filed_correspondence',
      'redaction_mark',
      'customer_characteristic',
    ]) {
      await protectTenantTable(q, table);
    }

    // A purge empties the customer and tombstones the case; these follow it.
    await q.query(`
      create function front_line_customer_purged() returns trigger language plpgsql as $$
      begin
        delete from customer_characteristic where tenant_id = new.tenant_id and customer_id = new.id;
        delete from redaction_mark where tenant_id = new.tenant_id and customer_id = new.id;
        return new;
      end $$`);
    await q.query(`
      create trigger customer_purged_front_line after update of purged_at on customer
        for each row when (old.purged_at is null and new.purged_at is not null)
        execute function front_line_customer_purged()`);
    await q.query(`
      create function front_line_case_purged() returns trigger language plpgsql as $$
      begin
        update filed_correspondence set summary = null, confirmation_note = null
         where tenant_id = new.tenant_id and case_id = new.id;
        delete from redaction_mark where tenant_id = new.tenant_id and case_id = new.id;
        return new;
      end $$`);
    await q.query(`
      create trigger case_purged_front_line after update of status on managed_case
        for each row when (old.status <> 'purged' and new.status = 'purged')
        execute function front_line_case_purged()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger if exists case_purged_front_line on managed_case`);
    await q.query(`drop trigger if exists customer_purged_front_line on customer`);
    await q.query(`drop function if exists front_line_case_purged()`);
    await q.query(`drop function if exists front_line_customer_purged()`);
    for (const t of [
      'customer_characteristic',
      'redaction_mark',
      'filed_correspondence',
      'front_line_settings',
    ]) {
      await q.query(`drop table if exists ${t}`);
    }
    await q.query(`drop index if exists customer_phone_digits`);
    await q.query(`drop index if exists customer_reference_trgm`);
    await q.query(`drop index if exists customer_email_trgm`);
  }
}
