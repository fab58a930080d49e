import type { Policy } from '../schema/policy';
import type { Transition } from '../schema/stages';
import type { CaseState, DecisionRecord, ProposalState, Reason } from './case-state';
import { stageLabel } from '../schema/policy-lookup';
import { reason } from './reasons';

/** The latest decision of any kind on the case: what "since the previous decision" counts from. */
export function lastDecision(state: CaseState): DecisionRecord | undefined {
  return state.decisions.reduce<DecisionRecord | undefined>(
    (last, d) => (last === undefined || d.decidedAt >= last.decidedAt ? d : last),
    undefined,
  );
}

/**
 * Whether a check is attested for the next decision: after the previous
 * decision on the case (an attestation is spent by the decision it was made for).
 */
export function attestedForNextDecision(state: CaseState, check: string): boolean {
  const since = lastDecision(state)?.decidedAt;
  return state.attestations
    ? state.attestations.some(
        (a) => a.checkKey === check && (since === undefined || a.attestedAt > since),
      )
    : state.attestedChecks.includes(check);
}

/** Pre-action checks not yet attested for this decision. */
export function checkReasons(policy: Policy, transition: Transition, state: CaseState): Reason[] {
  // A missing check attested at all was attested before the previous decision: say it is spent.
  const spent = (check: string) => state.attestations?.some((a) => a.checkKey === check) ?? false;
  return transition.checks
    .filter((check) => !attestedForNextDecision(state, check))
    .map((check) =>
      reason(
        'CHECK_MISSING',
        `Before deciding, someone must confirm: ${policy.checks[check]?.label ?? check}${spent(check) ? ' (a confirmation made before the previous decision does not count again)' : ''}.`,
      ),
    );
}

/** The transition's own conditions (evidence cited, conduct since the last decision, previous letter sent). */
export function conditionReasons(
  policy: Policy,
  transition: Transition,
  state: CaseState,
  proposal: ProposalState,
): Reason[] {
  const c = transition.conditions;
  if (!c) return [];
  const reasons: Reason[] = [];
  const logged = new Set(state.contacts.map((x) => x.id));
  const cited = new Set((proposal.evidenceContactIds ?? []).filter((id) => logged.has(id)));
  if (c.minEvidenceContacts !== undefined && cited.size < c.minEvidenceContacts) {
    reasons.push(
      reason(
        'EVIDENCE_INSUFFICIENT',
        `This decision needs at least ${c.minEvidenceContacts} logged contact(s) cited as evidence; the proposal cites ${cited.size}.`,
      ),
    );
  }
  const previous = lastDecision(state);
  if (c.conductSinceLastDecision && previous) {
    const since = state.contacts.some((x) => x.occurredAt > previous.decidedAt);
    if (!since) {
      reasons.push(
        reason(
          'NO_CONDUCT_SINCE_LAST_DECISION',
          `No contact has been logged since the previous decision (${previous.decidedAt.toISOString().slice(0, 10)}); the policy allows this step only if the conduct continued.`,
        ),
      );
    }
  }
  if (c.previousLetterSent) {
    const entry = [...state.decisions]
      .reverse()
      .find((d) => d.toStage === state.stage && d.kind === 'transition');
    const letters = (state.letters ?? []).filter((l) => entry && l.decisionId === entry.id);
    if (entry && !letters.some((l) => l.sentAt !== null)) {
      reasons.push(
        reason(
          'PREVIOUS_LETTER_NOT_SENT',
          `The letter for the move to '${stageLabel(policy, state.stage)}' must be sent before this step is decided.`,
        ),
      );
    }
  }
  return reasons;
}
