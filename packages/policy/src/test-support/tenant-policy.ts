import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkPolicyText } from '../checking/check-policy-text';
import type { Policy } from '../schema/policy';

export const TENANT_SLUGS = [
  'london-borough',
  'maidstone',
  'welwyn-hatfield',
  'southampton',
  'cheshire-west-and-chester',
] as const;

export function tenantPolicyPath(slug: string): string {
  return resolve(__dirname, '../../../../tenants', slug, 'policy.yaml');
}

export function tenantPolicyText(slug: string): string {
  return readFileSync(tenantPolicyPath(slug), 'utf8');
}

export function loadTenantPolicy(slug: string): Policy {
  const { policy, errors } = checkPolicyText(tenantPolicyText(slug));
  if (!policy)
    throw new Error(`${slug}: ${errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`);
  return policy;
}
