import type { Policy } from '../schema/policy';
import type { ApprovalStep } from '../schema/stages';
import type { Actor, ProposalState, Reason } from './case-state';
import { holdsAny, rolesInWords } from '../schema/policy-lookup';
import { reason } from './reasons';

export interface ActingRole {
  role: string;
  asDeputy: boolean;
}

/**
 * The role in which an actor takes a step: a named role first, otherwise the
 * deputy role, which London §7 allows only when the named decider is unavailable.
 */
export function actingRoleFor(
  policy: Policy,
  step: ApprovalStep,
  actor: Actor,
  proposal: ProposalState | undefined,
): { acting?: ActingRole; reasons: Reason[] } {
  const principal = holdsAny(actor.roles, step.role);
  if (principal) return { acting: { role: principal, asDeputy: false }, reasons: [] };
  const deputy = step.deputy ? holdsAny(actor.roles, step.deputy.role) : undefined;
  if (deputy && step.deputy) {
    if (step.deputy.onlyWhenPrincipalUnavailable && !proposal?.principalUnavailable) {
      return {
        reasons: [
          reason(
            'DEPUTY_NOT_ALLOWED',
            `${capitalise(rolesInWords(policy, step.deputy.role))} may only take this step when ${rolesInWords(policy, step.role)} is absent or unavailable; record that on the proposal first.`,
          ),
        ],
      };
    }
    return { acting: { role: deputy, asDeputy: true }, reasons: [] };
  }
  const who = step.deputy
    ? `${rolesInWords(policy, step.role)} (or ${rolesInWords(policy, step.deputy.role)} in their absence)`
    : rolesInWords(policy, step.role);
  return {
    reasons: [reason('WRONG_ROLE', `Only ${who} may ${stepVerb(step.step)} this.`)],
  };
}

export function stepVerb(step: string): string {
  if (step === 'propose') return 'propose';
  if (step === 'recommend') return 'make the recommendation on';
  return 'decide';
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
