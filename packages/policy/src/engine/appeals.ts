import type { AppealRoute } from '../schema/appeals';
import type { Policy } from '../schema/policy';
import { addDays } from '../dates/calendar';
import type { Actor, CaseState, DecisionRecord, Verdict } from './case-state';
import { findTransition, holdsAny, rolesInWords } from '../schema/policy-lookup';
import { measureReasons } from './measures';
import { reason, verdictOf } from './reasons';

/** The route the council gives against this decision, or undefined when the policy gives none. */
export function appealRouteFor(policy: Policy, decision: DecisionRecord): AppealRoute | undefined {
  switch (decision.kind) {
    case 'transition':
      return decision.transitionKey
        ? findTransition(policy, decision.transitionKey)?.transition.appeal
        : undefined;
    case 'review':
      return decision.fromStage ? policy.stages[decision.fromStage]?.review?.appeal : undefined;
    case 'derestriction':
      return policy.derestriction?.appeal;
    case 'appeal':
    case 'expiry':
    case 'automatic':
      return undefined;
  }
}

/** Words for a letter or a refusal: where the customer can go. */
export function appealRouteText(policy: Policy, route: AppealRoute | undefined): string {
  if (route?.route === 'internal') {
    const limit = route.timeLimitDays
      ? ` within ${route.timeLimitDays} days of the date of this decision`
      : '';
    const then = route.ombudsman ? ` ${route.ombudsman}` : '';
    return `You may appeal against this decision to ${rolesInWords(policy, route.hearer)}${limit}.${then}`;
  }
  const ombudsman =
    route?.ombudsman ?? 'You may contact the Local Government and Social Care Ombudsman.';
  return `There is no right of appeal against this decision under the council's policy. ${ombudsman}`;
}

function findDecision(state: CaseState, decisionId: string): DecisionRecord | undefined {
  return state.decisions.find((d) => d.id === decisionId);
}

/** Whether the customer may appeal a decision now; with no route, the refusal signposts the Ombudsman. */
export function canLodgeAppeal(
  policy: Policy,
  state: CaseState,
  decisionId: string,
  now: Date,
): Verdict {
  const decision = findDecision(state, decisionId);
  if (!decision)
    return verdictOf([reason('NO_SUCH_DECISION', 'There is no such decision on this case.')]);
  if (decision.kind === 'appeal') {
    return verdictOf([
      reason(
        'NO_APPEAL_ROUTE',
        "An appeal decision is final under the council's policy. The customer may contact the Local Government and Social Care Ombudsman.",
      ),
    ]);
  }
  const route = appealRouteFor(policy, decision);
  if (route?.route !== 'internal') {
    return verdictOf([reason('NO_APPEAL_ROUTE', appealRouteText(policy, route))]);
  }
  const reasons = [];
  if (route.timeLimitDays !== undefined && now > addDays(decision.decidedAt, route.timeLimitDays)) {
    reasons.push(
      reason(
        'APPEAL_OUT_OF_TIME',
        `An appeal had to be made within ${route.timeLimitDays} days of the decision of ${decision.decidedAt.toISOString().slice(0, 10)}.`,
      ),
    );
  }
  if (state.decisions.some((d) => d.kind === 'appeal' && d.appealOf === decisionId)) {
    reasons.push(
      reason('ALREADY_APPEALED', 'This decision has already been appealed and the appeal decided.'),
    );
  }
  return verdictOf(reasons);
}

/** The hearer must hold the configured role and have taken no part in the decision appealed. */
export function canDecideAppeal(
  policy: Policy,
  state: CaseState,
  actor: Actor,
  decisionId: string,
  varied?: { type: string; parameters: unknown }[],
): Verdict {
  const decision = findDecision(state, decisionId);
  if (!decision)
    return verdictOf([reason('NO_SUCH_DECISION', 'There is no such decision on this case.')]);
  const route = appealRouteFor(policy, decision);
  if (route?.route !== 'internal') {
    return verdictOf([reason('NO_APPEAL_ROUTE', appealRouteText(policy, route))]);
  }
  const reasons = [];
  if (!holdsAny(actor.roles, route.hearer)) {
    reasons.push(
      reason(
        'WRONG_ROLE',
        `Appeals against this decision are heard by ${rolesInWords(policy, route.hearer)}.`,
      ),
    );
  }
  if (decision.participants.some((p) => p.userId === actor.userId)) {
    reasons.push(
      reason(
        'INDEPENDENCE',
        'You took part in the decision under appeal, so you cannot hear the appeal.',
      ),
    );
  }
  // A varied appeal amends the measures itself: the hearer may impose only what the stage allows.
  if (varied) reasons.push(...measureReasons(policy, state.stage, varied, actor.roles));
  return verdictOf(reasons);
}
