import type { RoleRefs } from '../schema/keys';
import type { Policy } from '../schema/policy';
import type { Actor, Reason, Verdict } from './case-state';
import { holdsAny, rolesInWords } from '../schema/policy-lookup';
import { reason, verdictOf } from './reasons';

function roleReasons(policy: Policy, actor: Actor, refs: RoleRefs, what: string): Reason[] {
  return holdsAny(actor.roles, refs)
    ? []
    : [reason('WRONG_ROLE', `Only ${rolesInWords(policy, refs)} may ${what}.`)];
}

/** Placing (hold = true) or releasing a legal hold: the roles the policy names, a reason always. */
export function canChangeLegalHold(
  policy: Policy,
  actor: Actor,
  hold: boolean,
  currentlyHeld: boolean,
): Verdict {
  const rule = policy.legalHolds;
  if (!rule) {
    return verdictOf([
      reason('NO_LEGAL_HOLD_RULE', "This council's policy does not say who may place legal holds."),
    ]);
  }
  if (hold === currentlyHeld) {
    return verdictOf([
      reason(
        hold ? 'ALREADY_HELD' : 'NOT_HELD',
        hold ? 'The case is already under a legal hold.' : 'The case is not under a legal hold.',
      ),
    ]);
  }
  return verdictOf(
    hold
      ? roleReasons(policy, actor, rule.setBy, 'place a legal hold')
      : roleReasons(policy, actor, rule.releasedBy, 'release a legal hold'),
  );
}

/** A referral outside the policy must be one the policy lists; it never moves the case. */
export function canRecordReferral(policy: Policy, referralKey: string): Verdict {
  return verdictOf(
    referralKey in policy.referrals
      ? []
      : [
          reason(
            'NO_SUCH_REFERRAL',
            `'${referralKey}' is not a referral this council's policy lists (${Object.keys(policy.referrals).join(', ') || 'none'}).`,
          ),
        ],
  );
}

/** Who may read the register: the policy's readers, else every member of staff. */
export function canReadRegister(policy: Policy, actor: Actor): Verdict {
  const readers = policy.register.readers;
  if (readers === undefined) return verdictOf([]);
  return verdictOf(roleReasons(policy, actor, readers, 'read the register'));
}

/** Who may attest a check: the roles the check names (e.g. the decider), else anyone on the case. */
export function canAttestCheck(policy: Policy, actor: Actor, checkKey: string): Verdict {
  const check = policy.checks[checkKey];
  if (!check) {
    return verdictOf([
      reason('NO_SUCH_CHECK', `'${checkKey}' is not a pre-action check of this council's policy.`),
    ]);
  }
  if (check.attestedBy === undefined) return verdictOf([]);
  return verdictOf(roleReasons(policy, actor, check.attestedBy, `confirm: ${check.label}`));
}
