import type { Policy } from '../schema/policy';
import { addDays } from '../dates/calendar';
import { canActOnProposal, nextStepOf } from './approval-chain';
import type { Actor, CaseState, Reason } from './case-state';
import { openingReasons } from './proposals';
import { reason, reasonsOf } from './reasons';

export interface AvailableTransition {
  transitionKey: string;
  from: string;
  to: string;
  label: string;
  allowed: boolean;
  reasons: Reason[];
  /** What this actor would do next: 'propose', 'recommend' or 'decide'. */
  nextStep?: string;
}

/** Every move out of the case's stage, and whether this actor can take its next step now. */
export function availableTransitions(
  policy: Policy,
  state: CaseState,
  actor: Actor,
  now: Date,
): AvailableTransition[] {
  const stage = policy.stages[state.stage];
  if (!stage) return [];
  return stage.transitions
    .filter((t) => !t.automatic)
    .map((t) => {
      const base = { transitionKey: t.key, from: state.stage, to: t.to, label: t.label };
      const proposal = state.openProposal;
      if (proposal?.transitionKey === t.key) {
        const next = nextStepOf(policy, proposal);
        const action = next?.step.step === 'recommend' ? 'recommend' : 'approve';
        const verdict = canActOnProposal(policy, state, actor, action, now);
        return {
          ...base,
          allowed: verdict.allowed,
          reasons: reasonsOf(verdict),
          nextStep: next?.step.step,
        };
      }
      if (proposal) {
        return {
          ...base,
          allowed: false,
          reasons: [
            reason(
              'PROPOSAL_OPEN',
              'Another proposal is open on this case; it must be decided first.',
            ),
          ],
        };
      }
      const reasons = openingReasons(policy, state, actor, t);
      return { ...base, allowed: reasons.length === 0, reasons, nextStep: 'propose' };
    });
}

/** A move the system makes by itself (e.g. Cheshire: closed → dormant), if it is due. */
export function dueAutomaticTransition(
  policy: Policy,
  state: CaseState,
  enteredStageAt: Date,
  now: Date,
): { transitionKey: string; to: string } | undefined {
  const t = policy.stages[state.stage]?.transitions.find(
    (x) => x.automatic && addDays(enteredStageAt, x.automatic.afterDays) <= now,
  );
  return t ? { transitionKey: t.key, to: t.to } : undefined;
}
