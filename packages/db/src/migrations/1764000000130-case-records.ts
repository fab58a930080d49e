import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './tenancy-sql';

/**
 * What the policy texts ask to be recorded on a case besides decisions: notes
 * added over time, referrals outside the policy (police, staff protection) and
 * legal holds placed and released, each with its reason. An attestation counts
 * for one decision, so a check may be attested again for the next one; staff
 * are told of contacts the policy names.
 */
export class CaseRecords1764000000130 implements MigrationInterface {
  name = 'CaseRecords1764000000130';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table case_record (
        tenant_id uuid not null references tenant(id),
        id uuid not null default gen_random_uuid(),
        case_id uuid not null,
        kind text not null check (kind in ('note', 'referral', 'legal-hold-placed', 'legal-hold-released')),
        referral_key text,
        body text not null,
        occurred_at timestamptz not null,
        recorded_by uuid not null,
        recorded_at timestamptz not null,
        primary key (tenant_id, id),
        foreign key (tenant_id, case_id) references managed_case (tenant_id, id),
        foreign key (tenant_id, recorded_by) references app_user (tenant_id, id),
        check ((kind = 'referral') = (referral_key is not null))
      )`);
    await q.query(`create index case_record_case on case_record (tenant_id, case_id, recorded_at)`);
    await protectTenantTable(q, 'case_record', 'select, insert, update, delete');

    await q.query(
      `alter table check_attestation drop constraint check_attestation_tenant_id_case_id_check_key_key`,
    );
    await q.query(
      `create index check_attestation_case on check_attestation (tenant_id, case_id, check_key, attested_at)`,
    );

    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(
      `alter table notification add constraint notification_kind_check
         check (kind in ('review-reminder', 'review-overdue', 'monitoring-ended', 'filed-unconfirmed',
                         'contact-logged', 'contact-while-inactive'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `delete from notification where kind in ('contact-logged', 'contact-while-inactive')`,
    );
    await q.query(`alter table notification drop constraint notification_kind_check`);
    await q.query(
      `alter table notification add constraint notification_kind_check
         check (kind in ('review-reminder', 'review-overdue', 'monitoring-ended', 'filed-unconfirmed'))`,
    );
    await q.query(`drop index check_attestation_case`);
    await q.query(
      `delete from check_attestation a using check_attestation b
        where a.tenant_id = b.tenant_id and a.case_id = b.case_id and a.check_key = b.check_key
          and a.attested_at < b.attested_at`,
    );
    await q.query(
      `alter table check_attestation add constraint check_attestation_tenant_id_case_id_check_key_key
         unique (tenant_id, case_id, check_key)`,
    );
    await q.query(`drop table case_record`);
  }
}
