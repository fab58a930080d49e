import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The front-line follow-ups of a purge (migration 0008) once per statement
 * instead of once per row. A purge batch tombstones hundreds of cases and
 * empties their customers in one statement each; the row triggers then ran two
 * statements per row (a third of the purge's time at 20,000 cases). Statement
 * triggers see the rows the statement changed (transition tables) and do the
 * same work set-based. Transition tables exclude a column list (`update of`),
 * so the functions first pick the rows that became purged in this statement
 * and return at once when there are none (every other update of a case or a
 * customer). Invoker's rights as before: forced RLS applies.
 */
export class PurgeSetTriggers1764100000151 implements MigrationInterface {
  name = 'PurgeSetTriggers1764100000151';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger if exists case_purged_front_line on managed_case`);
    await q.query(`drop trigger if exists customer_purged_front_line on customer`);
    await q.query(`
      create function front_line_cases_purged() returns trigger language plpgsql as $$
      begin
        if not exists (select 1 from new_cases where status = 'purged') then return null; end if;
        update filed_correspondence f set summary = null, confirmation_note = null
          from new_cases n join old_cases o on o.tenant_id = n.tenant_id and o.id = n.id
         where o.status <> 'purged' and n.status = 'purged'
           and f.tenant_id = n.tenant_id and f.case_id = n.id;
        delete from redaction_mark x
         using new_cases n join old_cases o on o.tenant_id = n.tenant_id and o.id = n.id
         where o.status <> 'purged' and n.status = 'purged'
           and x.tenant_id = n.tenant_id and x.case_id = n.id;
        return null;
      end $$`);
    await q.query(`
      create trigger cases_purged_front_line after update on managed_case
        referencing old table as old_cases new table as new_cases
        for each statement execute function front_line_cases_purged()`);
    await q.query(`
      create function front_line_customers_purged() returns trigger language plpgsql as $$
      begin
        if not exists (select 1 from new_customers where purged_at is not null) then return null; end if;
        delete from customer_characteristic x
         using new_customers n join old_customers o on o.tenant_id = n.tenant_id and o.id = n.id
         where o.purged_at is null and n.purged_at is not null
           and x.tenant_id = n.tenant_id and x.customer_id = n.id;
        delete from redaction_mark x
         using new_customers n join old_customers o on o.tenant_id = n.tenant_id and o.id = n.id
         where o.purged_at is null and n.purged_at is not null
           and x.tenant_id = n.tenant_id and x.customer_id = n.id;
        return null;
      end $$`);
    await q.query(`
      create trigger customers_purged_front_line after update on customer
        referencing old table as old_customers new table as new_customers
        for each statement execute function front_line_customers_purged()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger if exists cases_purged_front_line on managed_case`);
    await q.query(`drop trigger if exists customers_purged_front_line on customer`);
    await q.query(`drop function if exists front_line_cases_purged()`);
    await q.query(`drop function if exists front_line_customers_purged()`);
    await q.query(`
      create trigger customer_purged_front_line after update of purged_at on customer
        for each row when (old.purged_at is null and new.purged_at is not null)
        execute function front_line_customer_purged()`);
    await q.query(`
      create trigger case_purged_front_line after update of status on managed_case
        for each row when (old.status <> 'purged' and new.status = 'purged')
        execute function front_line_case_purged()`);
  }
}
