import type { Policy } from '../schema/policy';
import type { ApprovalStep } from '../schema/stages';
import { actingRoleFor } from './acting-role';
import type { Actor, CaseState, ProposalState, Reason, Verdict } from './case-state';
import { checkReasons, conditionReasons } from './decision-conditions';
import { independenceReasons } from './independence';
import { findTransition, roleLabel, rolesInWords, stageLabel } from '../schema/policy-lookup';
import { reason, verdictOf } from './reasons';

export type ProposalAction = 'recommend' | 'approve' | 'reject';

/** The next step of a proposal's chain, or undefined when the chain is finished. */
export function nextStepOf(
  policy: Policy,
  proposal: ProposalState,
): { index: number; step: ApprovalStep; total: number } | undefined {
  const found = findTransition(policy, proposal.transitionKey);
  if (!found) return undefined;
  if (proposal.steps.some((s) => s.action === 'reject')) return undefined;
  // The proposer's own act is step 0 whether or not the caller listed it.
  const index = 1 + proposal.steps.filter((s) => s.action !== 'propose').length;
  const step = found.transition.approval[index];
  return step ? { index, step, total: found.transition.approval.length } : undefined;
}

/**
 * Whether `actor` may take `action` on the open proposal. `completes` is true
 * when an approval is the chain's final decision, i.e. the case moves now.
 * A rejection ends the proposal without moving the case.
 */
export function canActOnProposal(
  policy: Policy,
  state: CaseState,
  actor: Actor,
  action: ProposalAction,
  now: Date,
): Verdict & { step?: string; completes?: boolean } {
  void now;
  const proposal = state.openProposal;
  if (!proposal) return refuse([reason('NO_PROPOSAL', 'There is no open proposal on this case.')]);
  const found = findTransition(policy, proposal.transitionKey);
  if (!found) {
    return refuse([
      reason(
        'NO_SUCH_TRANSITION',
        `'${proposal.transitionKey}' is not a step in this council's policy.`,
      ),
    ]);
  }
  const { from, transition } = found;
  if (from !== state.stage) {
    return refuse([
      reason(
        'NOT_IN_STAGE',
        `The proposal was made from '${stageLabel(policy, from)}', but the case is now at '${stageLabel(policy, state.stage)}'.`,
      ),
    ]);
  }
  const next = nextStepOf(policy, proposal);
  if (!next)
    return refuse([reason('PROPOSAL_FINISHED', 'This proposal has already been decided.')]);
  const { step, index, total } = next;
  const reasons: Reason[] = [];

  if (step.step === 'recommend' && action !== 'recommend') {
    reasons.push(
      reason(
        'WRONG_STEP',
        `The next step is a recommendation by ${rolesInWords(policy, step.role)}: record it as a recommendation, for or against. Only the final decider approves or refuses.`,
      ),
    );
  } else if (step.step === 'decide' && action === 'recommend') {
    reasons.push(
      reason(
        'WRONG_STEP',
        `The next step is the decision by ${rolesInWords(policy, step.role)}: approve or refuse.`,
      ),
    );
  }

  const { acting, reasons: roleReasons } = actingRoleFor(policy, step, actor, proposal);
  reasons.push(...roleReasons);
  if (acting)
    reasons.push(...independenceReasons(policy, transition, state, proposal, actor, acting));

  if (action === 'approve' && step.step === 'decide') {
    // A decider cannot consult themselves: deciding in the consulted role (Welwyn Hatfield §9.2,
    // the AD deciding what §8.2 has the Senior Management Team decide in consultation with them)
    // takes the consulted person's view into the decision itself.
    for (const role of transition.consultations.filter((r) => r !== acting?.role)) {
      if (!proposal.consultationsRecorded.includes(role)) {
        reasons.push(
          reason(
            'CONSULTATION_MISSING',
            `The consultation with the ${roleLabel(policy, role)} must be recorded before this decision.`,
          ),
        );
      }
    }
    reasons.push(...checkReasons(policy, transition, state));
    reasons.push(...conditionReasons(policy, transition, state, proposal));
  }
  if (reasons.length > 0) return { allowed: false, reasons, step: step.step };
  return { allowed: true, step: step.step, completes: action === 'approve' && index === total - 1 };
}

function refuse(reasons: Reason[]): Verdict & { step?: string; completes?: boolean } {
  return { allowed: false, reasons };
}

/**
 * Whether `actor` may withdraw the open proposal: only its proposer, and only
 * while it is open (anyone later in the chain refuses it instead, on the record).
 */
export function canWithdrawProposal(state: CaseState, actor: Actor): Verdict {
  const proposal = state.openProposal;
  if (!proposal)
    return verdictOf([reason('NO_PROPOSAL', 'There is no open proposal on this case.')]);
  return verdictOf(
    proposal.proposedBy === actor.userId
      ? []
      : [
          reason(
            'NOT_PROPOSER',
            'Only the person who made a proposal may withdraw it; those later in the chain record a refusal instead.',
          ),
        ],
  );
}
