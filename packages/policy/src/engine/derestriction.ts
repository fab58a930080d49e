import type { Policy } from '../schema/policy';
import { addMonths } from '../dates/calendar';
import type { Actor, CaseState, Verdict } from './case-state';
import { holdsAny, roleLabel, rolesInWords } from '../schema/policy-lookup';
import { reason, verdictOf } from './reasons';

const NO_ROUTE = reason(
  'NO_DERESTRICTION_ROUTE',
  "This council's policy has no separate request to lift restrictions; the customer's request is considered at the next review, or as an appeal where the policy gives one.",
);

/** London §9: not before half the period, or a year if indefinite, unless exceptional circumstances. */
export function earliestDerestrictionRequest(
  policy: Policy,
  restriction: { startsAt: Date; endsAt: Date | null },
): Date | undefined {
  const rule = policy.derestriction?.notBefore;
  if (!rule) return undefined;
  if (restriction.endsAt === null) return addMonths(restriction.startsAt, rule.indefiniteMonths);
  const span = restriction.endsAt.getTime() - restriction.startsAt.getTime();
  return new Date(restriction.startsAt.getTime() + Math.ceil(span * rule.fractionOfPeriod));
}

export function canRequestDerestriction(
  policy: Policy,
  state: CaseState,
  restrictionId: string,
  now: Date,
  exceptional: boolean,
): Verdict {
  const rule = policy.derestriction;
  if (!rule) return verdictOf([NO_ROUTE]);
  const restriction = state.activeRestrictions.find((r) => r.id === restrictionId);
  if (!restriction) {
    return verdictOf([
      reason('NO_SUCH_RESTRICTION', 'That restriction is not in force on this case.'),
    ]);
  }
  const earliest = earliestDerestrictionRequest(policy, restriction);
  if (earliest && now < earliest && !(exceptional && rule.exceptionalCircumstancesOverride)) {
    const basis =
      restriction.endsAt === null
        ? `a year (${rule.notBefore?.indefiniteMonths} months) after indefinite restrictions began`
        : 'half of the restriction period has passed';
    return verdictOf([
      reason(
        'DERESTRICTION_TOO_EARLY',
        `A request to lift this restriction can be considered from ${earliest.toISOString().slice(0, 10)}, when ${basis}, unless exceptional circumstances are recorded.`,
      ),
    ]);
  }
  return verdictOf([]);
}

/**
 * Whether `actor` may decide a request to lift restrictions now; `consultations`
 * are the role keys of the consultations recorded for the request.
 */
export function canDecideDerestriction(
  policy: Policy,
  state: CaseState,
  actor: Actor,
  consultations: string[] = [],
): Verdict {
  const rule = policy.derestriction;
  if (!rule) return verdictOf([NO_ROUTE]);
  const reasons = [];
  for (const role of rule.consultations.filter((r) => !consultations.includes(r))) {
    reasons.push(
      reason(
        'CONSULTATION_MISSING',
        `The consultation with the ${roleLabel(policy, role)} must be recorded before this request is decided.`,
      ),
    );
  }
  if (consultations.length < rule.minConsultations) {
    reasons.push(
      reason(
        'CONSULTATION_MISSING',
        `Record at least ${rule.minConsultations} consultation(s) (who was consulted and what they advised) before this request is decided; ${consultations.length} recorded.`,
      ),
    );
  }
  if (!holdsAny(actor.roles, rule.decidedBy)) {
    reasons.push(
      reason(
        'WRONG_ROLE',
        `Requests to lift restrictions are decided by ${rolesInWords(policy, rule.decidedBy)}.`,
      ),
    );
  }
  if (state.activeRestrictions.length === 0) {
    reasons.push(reason('NOTHING_TO_LIFT', 'No restrictions are in force on this case.'));
  }
  return verdictOf(reasons);
}
