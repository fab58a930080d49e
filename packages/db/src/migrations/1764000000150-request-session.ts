import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One statement opens a staff request: it sets the tenant for row-level
 * security (transaction-local) and then, under that setting, reads the tenant's
 * current row, its active policy version and the signed-in person. A plpgsql
 * function because its statements run in order: in one plain SQL statement the
 * RLS filter of `app_user` could be evaluated before `set_config`. Security
 * invoker: it reads as the caller, so forced RLS still applies.
 */
export class RequestSession1764000000150 implements MigrationInterface {
  name = 'RequestSession1764000000150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create function app_open_session(p_tenant uuid, p_issuer text, p_subject text, p_dev_email text)
      returns table (tenant_row tenant, policy_version_id uuid, person app_user)
      language plpgsql volatile security invoker as $$
      begin
        perform set_config('app.tenant_id', p_tenant::text, true);
        return query
          select t,
                 (select v.id from policy_version v where v.tenant_id = p_tenant and v.status = 'active'),
                 (select u from app_user u
                   where u.tenant_id = p_tenant and u.kind = 'person'
                     and case when p_subject is not null
                              then u.issuer = p_issuer and u.subject = p_subject
                              else lower(u.email) = lower(p_dev_email) end
                   limit 1)
            from tenant t where t.id = p_tenant;
      end $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function if exists app_open_session(uuid, text, text, text)`);
  }
}
