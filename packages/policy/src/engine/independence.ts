import { roleList } from '../schema/keys';
import type { Policy } from '../schema/policy';
import type { Transition } from '../schema/stages';
import type { ActingRole } from './acting-role';
import type { Actor, CaseState, ProposalState, Reason } from './case-state';
import { roleLabel, stageLabel } from '../schema/policy-lookup';
import { reason } from './reasons';

/**
 * Nobody approves their own proposal and nobody takes two steps of one chain
 * (enforced for every tenant); then the transition's own rules, such as London
 * §7's "a Director who was not involved in any previous decision".
 */
export function independenceReasons(
  policy: Policy,
  transition: Transition,
  state: CaseState,
  proposal: ProposalState,
  actor: Actor,
  acting: ActingRole,
): Reason[] {
  // Four eyes unless the policy names one person for the step (Southampton's local resolution).
  const fourEyes = transition.decidedAlone ? [] : fourEyesReasons(proposal, actor);
  return [...fourEyes, ...previousDecisionReasons(policy, transition, state, actor, acting)];
}

function fourEyesReasons(proposal: ProposalState, actor: Actor): Reason[] {
  if (proposal.proposedBy === actor.userId) {
    return [
      reason('SELF_APPROVAL', 'You made this proposal, so someone else must take the next step.'),
    ];
  }
  if (proposal.steps.some((s) => s.userId === actor.userId && s.action !== 'propose')) {
    return [
      reason(
        'INDEPENDENCE',
        'You have already taken a step on this proposal; a different person must take this one.',
      ),
    ];
  }
  return [];
}

function previousDecisionReasons(
  policy: Policy,
  transition: Transition,
  state: CaseState,
  actor: Actor,
  acting: ActingRole,
): Reason[] {
  const reasons: Reason[] = [];
  for (const rule of transition.independence) {
    if (rule.rule !== 'not-involved-in-previous-decisions') continue;
    const applies = rule.actingAs === undefined || roleList(rule.actingAs).includes(acting.role);
    if (!applies) continue;
    const earlier = state.decisions.filter(
      (d) =>
        rule.transitions === undefined ||
        (d.transitionKey !== undefined && rule.transitions.includes(d.transitionKey)),
    );
    const involved = earlier.find((d) => d.participants.some((p) => p.userId === actor.userId));
    if (involved) {
      reasons.push(
        reason(
          'INDEPENDENCE',
          `As ${roleLabel(policy, acting.role)} you may only decide this if you were not involved in any previous decision on the case; you took part in the decision of ${involved.decidedAt.toISOString().slice(0, 10)} (${stageLabel(policy, involved.toStage ?? involved.fromStage)}).`,
        ),
      );
    }
  }
  return reasons;
}
