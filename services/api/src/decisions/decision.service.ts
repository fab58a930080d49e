import type {
  Decision,
  DecisionParticipant,
  DisseminationRecord,
  Letter,
  ManagedCase,
  Restriction,
} from '@conduct/db';
import { applyDecision, customerName, policyViolation } from '@conduct/casework';
import { letterFor, type Policy } from '@conduct/policy';
import type { RequestContext } from '../request/context';
import { caseContextOf } from '../casework/session';

export interface StageMove {
  theCase: ManagedCase;
  /** The policy version the case is pinned to. */
  policy: Policy;
  /** The policy transition taken. */
  transitionKey: string;
  toStage: string;
  proposalId?: string | null;
  /** Everyone who took a step, in order; the last is the decider. */
  participants: DecisionParticipant[];
  /** The reasons in words; they become the letter's "why". */
  reasons: string;
  restrictions: { type: string; parameters: Record<string, unknown> }[];
  durationMonths?: number | null;
  indefinite?: boolean | null;
}

export interface StageMoveOutcome {
  decision: Decision;
  theCase: ManagedCase;
  restrictions: Restriction[];
  ended: Restriction[];
  letter: Letter | null;
  disseminations: DisseminationRecord[];
}

/** The customer's name for the letter's greeting. */
export async function customerNameOf(ctx: RequestContext, theCase: ManagedCase): Promise<string> {
  return customerName(await caseContextOf(ctx, theCase), theCase);
}

/**
 * Applies an approved transition through the one decision pipeline: the
 * engine's letter for the move, the measures with their end dates, the stage,
 * the dissemination records and the audit events, in the request's
 * transaction. The caller has asked the engine and holds the case lock.
 */
export async function decideTransition(
  ctx: RequestContext,
  move: StageMove,
): Promise<StageMoveOutcome> {
  const cctx = await caseContextOf(ctx, move.theCase);
  const transition = cctx.policy.stages[move.theCase.stage]?.transitions.find(
    (t) => t.key === move.transitionKey,
  );
  const applied = await applyDecision(cctx, move.theCase, {
    kind: 'transition',
    transitionKey: move.transitionKey,
    toStage: move.toStage,
    proposalId: move.proposalId ?? null,
    participants: move.participants,
    reasons: move.reasons,
    measures: move.restrictions,
    durationMonths: move.durationMonths,
    indefinite: move.indefinite,
    letterTemplate: chosenLetter(cctx.policy, move.transitionKey),
    inform: transition?.inform ?? [],
  });
  return {
    decision: applied.decision,
    theCase: applied.theCase,
    restrictions: applied.measures.added,
    ended: applied.measures.ended,
    letter: applied.letter,
    disseminations: applied.disseminations,
  };
}

/** The engine's letter for a transition; a restricting move with none is refused. */
function chosenLetter(policy: Policy, transitionKey: string): string | null {
  const choice = letterFor(policy, { kind: 'transition', transitionKey });
  if (!choice.ok) throw policyViolation(choice.reasons);
  return choice.template;
}
