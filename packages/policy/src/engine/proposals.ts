import { roleList } from '../schema/keys';
import type { Policy } from '../schema/policy';
import type { Stage, Transition } from '../schema/stages';
import { actingRoleFor } from './acting-role';
import type { Actor, CaseState, Reason, Verdict } from './case-state';
import { findTransition, stageLabel, stageOf } from '../schema/policy-lookup';
import { reason, verdictOf } from './reasons';
import { measureReasons } from './measures';
import { skipReasons } from './skip-conditions';

export interface ProposalInput {
  transitionKey?: string;
  toStage: string;
  restrictions: { type: string; parameters: unknown }[];
  durationMonths?: number;
  indefinite?: boolean;
}

const RESTRICTIVE = new Set(['restriction', 'additional-action']);

/** Whether `actor` may open a proposal to move the case to `input.toStage`. */
export function canPropose(
  policy: Policy,
  state: CaseState,
  actor: Actor,
  input: ProposalInput,
  now: Date,
): Verdict & { transitionKey?: string } {
  void now; // proposals have no time condition today; kept so callers never need to change
  const candidates = candidateTransitions(policy, state, input);
  if ('reasons' in candidates) return { allowed: false, reasons: candidates.reasons };
  let first: (Verdict & { transitionKey: string }) | undefined;
  for (const t of candidates.transitions) {
    const verdict = {
      ...verdictOf(proposalReasons(policy, state, actor, t, input)),
      transitionKey: t.key,
    };
    if (verdict.allowed) return verdict;
    first ??= verdict;
  }
  return first as Verdict & { transitionKey: string };
}

function candidateTransitions(
  policy: Policy,
  state: CaseState,
  input: ProposalInput,
): { transitions: Transition[] } | { reasons: Reason[] } {
  if (input.transitionKey !== undefined) {
    const found = findTransition(policy, input.transitionKey);
    if (!found) {
      return {
        reasons: [
          reason(
            'NO_SUCH_TRANSITION',
            `'${input.transitionKey}' is not a step in this council's policy.`,
          ),
        ],
      };
    }
    if (found.from !== state.stage) {
      return {
        reasons: [
          reason(
            'NOT_IN_STAGE',
            `This step starts from '${stageLabel(policy, found.from)}', but the case is at '${stageLabel(policy, state.stage)}'.`,
          ),
        ],
      };
    }
    if (found.transition.to !== input.toStage) {
      return {
        reasons: [
          reason(
            'NO_SUCH_TRANSITION',
            `This step leads to '${stageLabel(policy, found.transition.to)}', not '${stageLabel(policy, input.toStage)}'.`,
          ),
        ],
      };
    }
    return { transitions: [found.transition] };
  }
  const stage = policy.stages[state.stage];
  const transitions = (stage?.transitions ?? []).filter(
    (t) => t.to === input.toStage && !t.automatic,
  );
  if (transitions.length === 0) {
    return {
      reasons: [
        reason(
          'NO_SUCH_TRANSITION',
          `This council's policy has no step from '${stageLabel(policy, state.stage)}' to '${stageLabel(policy, input.toStage)}'.`,
        ),
      ],
    };
  }
  return { transitions };
}

/** The conditions on opening a proposal, without the details of the measures (shared with availableTransitions). */
export function openingReasons(
  policy: Policy,
  state: CaseState,
  actor: Actor,
  t: Transition,
): Reason[] {
  const reasons: Reason[] = [];
  if (t.automatic) {
    reasons.push(
      reason('AUTOMATIC_TRANSITION', 'This move happens automatically; nobody proposes it.'),
    );
    return reasons;
  }
  if (state.openProposal) {
    reasons.push(
      reason(
        'PROPOSAL_OPEN',
        'A proposal is already open on this case; it must be decided or withdrawn first.',
      ),
    );
  }
  const proposeStep = t.approval[0];
  if (proposeStep) reasons.push(...actingRoleFor(policy, proposeStep, actor, undefined).reasons);
  reasons.push(...skipReasons(policy, t, state));
  return reasons;
}

function proposalReasons(
  policy: Policy,
  state: CaseState,
  actor: Actor,
  t: Transition,
  input: ProposalInput,
): Reason[] {
  const target = stageOf(policy, t.to);
  const reasons = openingReasons(policy, state, actor, t);
  reasons.push(...measureReasons(policy, t.to, input.restrictions, deciderRoles(t)));
  if (RESTRICTIVE.has(target.kind) && input.restrictions.length === 0) {
    reasons.push(
      reason('RESTRICTION_REQUIRED', `Say which measures will apply at '${target.label}'.`),
    );
  }
  reasons.push(...durationReasons(target, input, input.restrictions.length > 0));
  return reasons;
}

function durationReasons(target: Stage, input: ProposalInput, hasMeasures: boolean): Reason[] {
  const d = target.duration;
  if (input.indefinite) {
    if (!d?.indefiniteAllowed) {
      return [
        reason(
          'INDEFINITE_NOT_ALLOWED',
          `Measures at '${target.label}' must have an end date under this council's policy.`,
        ),
      ];
    }
    return [];
  }
  if (input.durationMonths !== undefined) {
    if (!Number.isInteger(input.durationMonths) || input.durationMonths <= 0) {
      return [
        reason('INVALID_DURATION', 'The duration must be a whole number of months, at least one.'),
      ];
    }
    if (d?.maxMonths !== undefined && input.durationMonths > d.maxMonths) {
      return [
        reason(
          'DURATION_TOO_LONG',
          `At '${target.label}' the policy allows at most ${d.maxMonths} months at a time (asked: ${input.durationMonths}).`,
        ),
      ];
    }
    return [];
  }
  const hasDefault = d?.defaultMonths !== undefined || target.monitoringPeriodMonths !== undefined;
  // Every measure needs an end date or, where allowed, an explicit 'indefinite'.
  if ((hasMeasures || RESTRICTIVE.has(target.kind)) && !hasDefault) {
    return [
      reason(
        'DURATION_REQUIRED',
        `Say how long the measures at '${target.label}' will last${d?.indefiniteAllowed ? ', or that they are indefinite' : ''}.`,
      ),
    ];
  }
  return [];
}

/** The roles that take the transition's final decision (principal and deputy). */
function deciderRoles(t: Transition): string[] {
  const decide = t.approval.filter((s) => s.step === 'decide').at(-1) ?? t.approval.at(-1);
  return decide ? [...roleList(decide.role), ...roleList(decide.deputy?.role)] : [];
}
