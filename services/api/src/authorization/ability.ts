import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import { LRUCache } from 'lru-cache';
import type { Policy } from '@conduct/policy';
import { Permission, TENANT_ADMIN_ROLE } from './permissions';

export type Subject =
  | 'Case'
  | 'Customer'
  | 'SafeguardingDetails'
  | 'Register'
  | 'AuditTrail'
  | 'Member'
  | 'Tenant'
  | 'Platform'
  | 'Notification'
  | 'Retention'
  | 'Benchmark'
  | 'all';
export type Action = 'read' | 'work' | 'manage';
export type AppAbility = MongoAbility<[Action, Subject | Record<string, unknown>]>;

export interface AbilityUser {
  id: string;
  tenantId: string;
  roles: string[];
}

/**
 * Built per request from the user's roles and the tenant's active policy.
 * Every rule is conditioned on the user's tenant, so even a resolver that
 * forgot its filter gets `tenant_id = …` from `accessibleWhere`.
 */
export function defineAbility(
  user: AbilityUser | undefined,
  policy: Policy | undefined,
): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (!user) return build();
  const own = { tenantId: user.tenantId };
  const policyRoles = new Set(Object.keys(policy?.roles ?? {}));
  const isStaff = user.roles.some((r) => policyRoles.has(r));
  if (isStaff) {
    can('read', 'Case', own);
    can('read', 'Customer', own);
    can('work', 'Case', own);
    can('work', 'Customer', own);
    can('read', 'Register', own);
    can('read', 'AuditTrail', own);
    can('manage', 'Member', own);
  }
  const readers = new Set(policy?.sensitiveFields.safeguardingReaders ?? []);
  if (user.roles.some((r) => readers.has(r))) can('read', 'SafeguardingDetails', own);
  if (user.roles.includes(TENANT_ADMIN_ROLE)) {
    can('manage', 'Tenant', own);
    can('read', 'AuditTrail', own);
    can('read', 'Retention', own);
  }
  // Reminders and escalations go to staff, and to tenant admins when a role is vacant.
  if (isStaff || user.roles.includes(TENANT_ADMIN_ROLE)) can('read', 'Notification', own);
  // Benchmarking: anonymised aggregates only, for every member of the council.
  if (isStaff || user.roles.includes(TENANT_ADMIN_ROLE)) can('read', 'Benchmark', own);
  return build();
}

/**
 * The ability of (user, roles, policy version), built once: a policy version is
 * immutable (a trigger refuses updates) and the rules read nothing else, so a
 * changed role or a newly active version gives a new key. Abilities are only
 * read (`can`, `rulesFor`), never updated, so requests can share one.
 */
const abilities = new LRUCache<string, AppAbility>({ max: 5_000 });

export function abilityFor(
  user: AbilityUser,
  policyVersionId: string,
  policy: Policy | undefined,
): AppAbility {
  const key = `${user.tenantId}|${user.id}|${policyVersionId}|${[...user.roles].sort().join(',')}`;
  let ability = abilities.get(key);
  if (!ability) {
    ability = defineAbility(user, policy);
    abilities.set(key, ability);
  }
  return ability;
}

/**
 * A platform operator's ability: the platform (tenants list, create, suspend)
 * and nothing inside any tenant. No rule names a tenant subject, so every
 * tenant permission is refused and `accessibleWhere` turns into `false`.
 */
export function defineOperatorAbility(): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  can('manage', 'Platform');
  return build();
}

const PERMISSION_RULES: Record<Permission, [Action, Subject]> = {
  [Permission.ReadCases]: ['read', 'Case'],
  [Permission.WorkCases]: ['work', 'Case'],
  [Permission.ReadRegister]: ['read', 'Register'],
  [Permission.ReadAudit]: ['read', 'AuditTrail'],
  [Permission.ManageMembers]: ['manage', 'Member'],
  [Permission.ManageTenant]: ['manage', 'Tenant'],
  [Permission.OperatePlatform]: ['manage', 'Platform'],
  [Permission.ReadOwnNotifications]: ['read', 'Notification'],
  [Permission.PreviewPurge]: ['read', 'Retention'],
  [Permission.ReadBenchmarks]: ['read', 'Benchmark'],
};

export function abilityAllows(ability: AppAbility, permission: Permission): boolean {
  const [action, subject] = PERMISSION_RULES[permission];
  return ability.can(action, subject);
}
