import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TENANTS_DIR } from '@conduct/api/tenancy/apply-tenants';
import type { TestApi } from './test-api';

/**
 * Pins one case to a variant of its council's policy (the tenant's YAML with
 * `edit` applied), stored as a version no longer active (cases stay pinned to
 * such versions): a rule can then be shown on or off without activating a new
 * policy for the whole council.
 */
export async function pinCaseToPolicyVariant(
  api: TestApi,
  slug: string,
  caseId: string,
  edit: (yaml: string) => string,
): Promise<void> {
  const text = edit(readFileSync(join(TENANTS_DIR, slug, 'policy.yaml'), 'utf8'));
  const tenantId = api.tenants[slug];
  const [row] = (await api.owner.query(
    `insert into policy_version (tenant_id, version, status, source_text, source_hash, activated_at)
     select $1, coalesce(max(version), 0) + 1, 'superseded', $2, $3, now()
       from policy_version where tenant_id = $1
     returning id`,
    [tenantId, text, createHash('sha256').update(text).digest('hex')],
  )) as { id: string }[];
  await api.owner.query(`update managed_case set policy_version_id = $2 where id = $1`, [
    caseId,
    row!.id,
  ]);
}
