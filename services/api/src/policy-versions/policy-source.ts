import { createHash } from 'node:crypto';
import { checkPolicyText, type Policy, type PolicyIssue } from '@conduct/policy';
import { TENANT_ADMIN_ROLE } from '../authorization/permissions';

export type PolicyFormat = 'yaml' | 'json';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The same checker as `pnpm policy:check` (`checkPolicyText`), plus what only
 * the platform knows: the policy must be the tenant’s own (its slug), and it
 * must not name a role the platform reserves.
 */
export function checkPolicySource(
  text: string,
  format: PolicyFormat,
  tenantSlug: string,
): { policy?: Policy; errors: PolicyIssue[] } {
  const { policy, errors } = checkPolicyText(text, format);
  if (!policy) return { errors };
  const extra: PolicyIssue[] = [];
  if (policy.slug !== tenantSlug) {
    extra.push({
      path: 'slug',
      message: `must be this council’s slug '${tenantSlug}', not '${policy.slug}'`,
    });
  }
  if (TENANT_ADMIN_ROLE in policy.roles) {
    extra.push({
      path: `roles.${TENANT_ADMIN_ROLE}`,
      message: `'${TENANT_ADMIN_ROLE}' is reserved for the platform`,
    });
  }
  return extra.length ? { errors: extra } : { policy, errors: [] };
}

/** Lines such as `stages.stage-2.review.everyMonths (line 12): must be a whole number`. */
export function describeIssues(errors: PolicyIssue[]): string {
  return errors
    .map((e) => `${e.path}${e.line ? ` (line ${e.line})` : ''}: ${e.message}`)
    .join('; ');
}
