import { canActOnProposal, nextStepOf, type ProposalAction } from '../engine/approval-chain';
import { actingRoleFor } from '../engine/acting-role';
import type { Actor, CaseState, DecisionRecord, ProposalState } from '../engine/case-state';
import { findTransition } from '../schema/policy-lookup';
import { canPropose, type ProposalInput } from '../engine/proposals';
import { restrictionEndDate } from '../dates/review-schedule';
import type { Policy } from '../schema/policy';

/**
 * A minimal stand-in for the casework API in tests: asks the engine, and only
 * if allowed records the act the way the API would.
 */
export function openCase(policy: Policy, at: Date): CaseState {
  return {
    stage: policy.initialStage,
    openedAt: at,
    attestedChecks: [],
    attestations: [],
    letters: [],
    contacts: [],
    decisions: [],
    activeRestrictions: [],
    lastActivityAt: at,
  };
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}`;

export function actor(userId: string, ...roles: string[]): Actor {
  return { userId, roles };
}

export class Refused extends Error {
  constructor(
    public readonly codes: string[],
    message: string,
  ) {
    super(message);
  }
}

function refuse(verdict: {
  allowed: boolean;
  reasons?: { code: string; message: string }[];
}): never {
  const reasons = verdict.reasons ?? [];
  throw new Refused(
    reasons.map((r) => r.code),
    reasons.map((r) => `${r.code}: ${r.message}`).join('\n'),
  );
}

const pendingInputs = new WeakMap<ProposalState, ProposalInput>();

export function propose(
  policy: Policy,
  state: CaseState,
  who: Actor,
  input: ProposalInput,
  at: Date,
  extra: Partial<ProposalState> = {},
): CaseState {
  const verdict = canPropose(policy, state, who, input, at);
  if (!verdict.allowed || !verdict.transitionKey) refuse(verdict);
  const found = findTransition(policy, verdict.transitionKey);
  const step = found?.transition.approval[0];
  const role = step ? (actingRoleFor(policy, step, who, undefined).acting?.role ?? '') : '';
  const proposal: ProposalState = {
    id: nextId('proposal'),
    transitionKey: verdict.transitionKey,
    proposedBy: who.userId,
    proposedAt: at,
    steps: [{ step: 'propose', userId: who.userId, role, action: 'propose', at }],
    consultationsRecorded: [],
    // Diligent staff cite every contact logged so far unless the test says otherwise.
    evidenceContactIds: state.contacts.map((c) => c.id),
    ...extra,
  };
  pendingInputs.set(proposal, input);
  return { ...state, openProposal: proposal, lastActivityAt: at };
}

export function recordConsultation(state: CaseState, role: string): CaseState {
  const p = state.openProposal;
  if (!p) throw new Error('no proposal');
  const next = { ...p, consultationsRecorded: [...p.consultationsRecorded, role] };
  const input = pendingInputs.get(p);
  if (input) pendingInputs.set(next, input);
  return { ...state, openProposal: next };
}

export function act(
  policy: Policy,
  state: CaseState,
  who: Actor,
  action: ProposalAction,
  at: Date,
): CaseState {
  const verdict = canActOnProposal(policy, state, who, action, at);
  if (!verdict.allowed) refuse(verdict);
  const proposal = state.openProposal as ProposalState;
  const next = nextStepOf(policy, proposal);
  const found = findTransition(policy, proposal.transitionKey);
  if (!next || !found) throw new Error('unreachable');
  const role = actingRoleFor(policy, next.step, who, proposal).acting?.role ?? '';
  const steps = [...proposal.steps, { step: next.step.step, userId: who.userId, role, action, at }];
  if (action === 'reject') return { ...state, openProposal: undefined, lastActivityAt: at };
  if (!verdict.completes) {
    const updated = { ...proposal, steps };
    const input = pendingInputs.get(proposal);
    if (input) pendingInputs.set(updated, input);
    return { ...state, openProposal: updated, lastActivityAt: at };
  }
  const input = pendingInputs.get(proposal);
  const decision: DecisionRecord = {
    id: nextId('decision'),
    kind: 'transition',
    transitionKey: proposal.transitionKey,
    fromStage: state.stage,
    toStage: found.transition.to,
    decidedAt: at,
    participants: steps.map((s) => ({ userId: s.userId, role: s.role, step: s.step })),
  };
  const endsAt =
    input && input.restrictions.length > 0
      ? restrictionEndDate(policy, found.transition.to, at, input.durationMonths, input.indefinite)
      : null;
  const restrictions = (input?.restrictions ?? []).map((r) => ({
    id: nextId('restriction'),
    type: r.type,
    startsAt: at,
    endsAt,
  }));
  // The letter is taken as sent with the decision; tests of an unsent letter change `letters`.
  const letters = found.transition.letter
    ? [...(state.letters ?? []), { decisionId: decision.id, sentAt: at }]
    : state.letters;
  return {
    ...state,
    stage: found.transition.to,
    openProposal: undefined,
    letters,
    decisions: [...state.decisions, decision],
    activeRestrictions: restrictions.length > 0 ? restrictions : state.activeRestrictions,
    lastActivityAt: at,
  };
}

/** Attests checks a second after the case's last activity: they count for the next decision. */
export function attest(state: CaseState, ...checks: string[]): CaseState {
  const attestedAt = new Date(state.lastActivityAt.getTime() + 1000);
  return {
    ...state,
    attestedChecks: [...state.attestedChecks, ...checks],
    attestations: [
      ...(state.attestations ?? []),
      ...checks.map((checkKey) => ({ checkKey, attestedAt })),
    ],
  };
}

export function logContact(
  state: CaseState,
  at: Date,
  behaviourCategories: string[],
  severity = 'medium',
): CaseState {
  return {
    ...state,
    contacts: [
      ...state.contacts,
      { id: nextId('contact'), occurredAt: at, behaviourCategories, severity },
    ],
    lastActivityAt: at,
  };
}

export function lastDecision(state: CaseState): DecisionRecord {
  const d = state.decisions[state.decisions.length - 1];
  if (!d) throw new Error('no decisions');
  return d;
}

export const utc = (iso: string) => new Date(`${iso}T09:00:00Z`);
