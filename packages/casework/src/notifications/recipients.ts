import type { TenantEntityManager } from '@conduct/db';
import { type Policy, roleList } from '@conduct/policy';

export interface Recipient {
  userId: string;
  email: string;
  role: string;
}

const TENANT_ADMIN = 'tenant-admin';

/** Who reviews measures at this stage: the responsible role(s) the policy names. */
export function reviewerRoles(policy: Policy, stageKey: string): string[] {
  return roleList(policy.stages[stageKey]?.review?.reviewers);
}

/**
 * Who authorised measures at this stage: the deciding role(s) of every move
 * into it. An overdue review is escalated to them. Falls back to the reviewers.
 */
export function authoriserRoles(policy: Policy, stageKey: string): string[] {
  const roles = new Set<string>();
  for (const stage of Object.values(policy.stages)) {
    for (const t of stage.transitions) {
      if (t.to !== stageKey || t.automatic) continue;
      for (const step of t.approval)
        if (step.step === 'decide') roleList(step.role).forEach((r) => roles.add(r));
    }
  }
  return roles.size ? [...roles] : reviewerRoles(policy, stageKey);
}

/**
 * Active staff holding any of `roles`. Nobody holding them (a vacancy) must not
 * lose the notice: the council's tenant admins get it instead.
 */
export async function recipientsFor(
  em: TenantEntityManager,
  roles: string[],
): Promise<Recipient[]> {
  const find = async (wanted: string[]) => {
    const users = (await em.query(
      `select id, email, roles from app_user where tenant_id = $1 and active and roles && $2::text[] order by id`,
      [em.tenantId, wanted],
    )) as { id: string; email: string; roles: string[] }[];
    return users.map((u) => ({
      userId: u.id,
      email: u.email,
      role: wanted.find((r) => u.roles.includes(r)) ?? wanted[0]!,
    }));
  };
  const found = roles.length ? await find(roles) : [];
  return found.length ? found : find([TENANT_ADMIN]);
}
