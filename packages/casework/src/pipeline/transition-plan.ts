import {
  type Letter,
  type Policy,
  type Reason,
  type Transition,
  renderLetter,
  restrictionEndDate,
  reviewDueDate,
} from '@conduct/policy';

/** Stage kinds whose measures restrict the customer (the engine's own list). */
export const RESTRICTIVE_KINDS = new Set(['restriction', 'additional-action']);

/** The move out of `fromStage` with this key, as the policy defines it. */
export function transitionOf(
  policy: Policy,
  fromStage: string,
  transitionKey: string,
): Transition | undefined {
  return policy.stages[fromStage]?.transitions.find((t) => t.key === transitionKey);
}

export interface PlanInput {
  toStage: string;
  transitionKey?: string | null;
  /** Template to write with; null or absent: no letter. */
  letterTemplate?: string | null;
  restrictions: { type: string; parameters: Record<string, unknown> }[];
  durationMonths?: number | null;
  indefinite?: boolean | null;
  /** The decision's reasons, in words; they become the letter's "why". */
  reasons: string;
  customerName: string;
  now: Date;
  /** The role key of whoever decides; the letter names them (`{{decidedBy}}`). */
  deciderRole?: string;
}

export interface TransitionPlan {
  /** When the measures end: a date, null when indefinite, undefined when the stage has no period. */
  endsAt: Date | null | undefined;
  /** When the case is next reviewed; null when the stage is not reviewed. */
  reviewDueAt: Date | null;
  /** Whether the move restricts the customer (measures, or a restrictive stage). */
  restrictive: boolean;
  letter?: Letter;
}

export type PlanResult = { ok: true; plan: TransitionPlan } | { ok: false; reasons: Reason[] };

/**
 * Works out, without touching the database, what a stage move writes: end date,
 * review date and the letter. A restricting move without a complete letter is
 * refused here rather than half-written.
 */
export function planTransition(policy: Policy, input: PlanInput): PlanResult {
  const target = policy.stages[input.toStage];
  if (!target) {
    return fail('NO_SUCH_STAGE', `'${input.toStage}' is not a stage of this council’s policy.`);
  }
  const restrictive = RESTRICTIVE_KINDS.has(target.kind) || input.restrictions.length > 0;
  const hasPeriod =
    input.durationMonths != null ||
    input.indefinite === true ||
    target.duration?.defaultMonths !== undefined ||
    target.monitoringPeriodMonths !== undefined;
  let endsAt: Date | null | undefined;
  let reviewDueAt: Date | null = null;
  try {
    endsAt = hasPeriod
      ? restrictionEndDate(
          policy,
          input.toStage,
          input.now,
          input.durationMonths ?? undefined,
          input.indefinite ?? false,
        )
      : undefined;
    const reviewed =
      target.kind !== 'closed' &&
      target.kind !== 'dormant' &&
      (target.review !== undefined || (endsAt instanceof Date && endsAt > input.now));
    if (reviewed) reviewDueAt = reviewDueDate(policy, input.toStage, input.now, endsAt ?? null);
  } catch (err) {
    return fail('INVALID_DURATION', (err as Error).message);
  }

  if (!input.letterTemplate) {
    if (restrictive) {
      return fail(
        'LETTER_REQUIRED',
        `Measures at '${target.label}' must be written to the customer, but the policy names no letter for this step.`,
      );
    }
    return { ok: true, plan: { endsAt, reviewDueAt, restrictive } };
  }
  try {
    const letter = renderLetter(policy, input.letterTemplate, {
      customerName: input.customerName,
      reasons: input.reasons,
      restrictions: input.restrictions,
      startsAt: input.now,
      endsAt: endsAt ?? null,
      reviewDue: reviewDueAt ?? undefined,
      stageKey: input.toStage,
      transitionKey: input.transitionKey ?? undefined,
      deciderRole: input.deciderRole,
    });
    return { ok: true, plan: { endsAt, reviewDueAt, restrictive, letter } };
  } catch (err) {
    return fail(
      'LETTER_INCOMPLETE',
      `The letter to the customer cannot be written: ${(err as Error).message}. Say how long the arrangements last and what they are.`,
    );
  }
}

function fail(code: string, message: string): PlanResult {
  return { ok: false, reasons: [{ code, message }] };
}
