import type { QueryRunner } from 'typeorm';

const CURRENT_TENANT = `NULLIF(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * Puts a tenant-owned table behind row-level security: enabled and forced (so
 * even the owner is filtered), one policy with both USING and WITH CHECK, so a
 * transaction with no tenant set sees zero rows and cannot insert any.
 */
export async function protectTenantTable(
  q: QueryRunner,
  table: string,
  grants = 'select, insert, update, delete',
): Promise<void> {
  await q.query(`alter table ${table} enable row level security`);
  await q.query(`alter table ${table} force row level security`);
  await q.query(
    `create policy tenant_isolation on ${table} using (tenant_id = ${CURRENT_TENANT}) with check (tenant_id = ${CURRENT_TENANT})`,
  );
  await q.query(`grant ${grants} on ${table} to conduct_app`);
}
