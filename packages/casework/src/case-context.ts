import type { TenantEntityManager } from '@conduct/db';
import type { Policy } from '@conduct/policy';

/** Who acts: a member of staff, a service account (API key), or the system doing scheduled work. */
export type CaseActor =
  | { kind: 'person'; userId: string; roles: string[] }
  | { kind: 'api-key'; userId: string; roles: string[] }
  | { kind: 'system'; job: string };

/**
 * Everything a domain service needs about one case's decision, passed
 * explicitly; no transport (GraphQL, HTTP, queue) leaks in. `em` is the
 * tenant's transaction (RLS applies), `now` the caller's clock, `policy` the
 * version the case is pinned to.
 */
export interface CaseContext {
  em: TenantEntityManager;
  actor: CaseActor;
  now: Date;
  policy: Policy;
  policyVersionId: string;
}

/** The user id audit events and decisions carry; null for the system. */
export function actorIdOf(actor: CaseActor): string | null {
  return actor.kind === 'system' ? null : actor.userId;
}
