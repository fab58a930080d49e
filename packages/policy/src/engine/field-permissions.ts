import type { Policy } from '../schema/policy';
import type { Actor } from './case-state';
import { holdsAny } from '../schema/policy-lookup';

/** Safeguarding and vulnerability notes are shown only to the roles the council names. */
export function canReadSafeguarding(policy: Policy, actor: Actor): boolean {
  return holdsAny(actor.roles, policy.sensitiveFields.safeguardingReaders) !== undefined;
}
