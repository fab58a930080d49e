import type { Policy } from '@conduct/policy';
import { TENANT_ADMIN_ROLE } from './permissions';

/**
 * Keys of a policy document whose values name the roles that take a step in a
 * decision: approval steps and deputies (`role`), reviewers, appeal hearers,
 * deciders and independence rules (`actingAs`). Read from the document rather
 * than listed per stage, so a new place that names a deciding role is covered.
 */
const DECIDING_KEYS = new Set(['role', 'reviewers', 'hearer', 'decidedBy', 'actingAs']);

/** The roles of a policy that propose, recommend, review, hear or decide. */
export function decidingRoles(policy: Policy): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown, key?: string): void => {
    if (Array.isArray(node)) {
      node.forEach((v) => visit(v, key));
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) if (k !== 'roles') visit(v, k);
    } else if (typeof node === 'string' && key && DECIDING_KEYS.has(key)) {
      found.add(node);
    }
  };
  visit(policy);
  return new Set([...found].filter((r) => r in policy.roles));
}

/**
 * Why a change of roles needs a second tenant admin, or null: it gives someone
 * a deciding role, makes another admin while one already exists (a lone admin
 * may appoint the second), or removes an admin.
 */
export function secondAdminReason(
  policy: Policy,
  before: readonly string[],
  after: readonly string[],
  otherAdmins: number,
): string | null {
  const deciding = decidingRoles(policy);
  const gained = after.filter((r) => !before.includes(r));
  if (gained.some((r) => deciding.has(r))) return 'grants a role that proposes or decides';
  if (gained.includes(TENANT_ADMIN_ROLE) && otherAdmins > 0) return 'grants tenant-admin';
  if (before.includes(TENANT_ADMIN_ROLE) && !after.includes(TENANT_ADMIN_ROLE))
    return 'removes a tenant admin';
  return null;
}
