import {
  Decision,
  type DecisionParticipant,
  type Letter,
  ManagedCase,
  type Restriction,
} from '@conduct/db';
import { retentionDueDate, reviewDueDate, type Policy } from '@conduct/policy';
import type { CaseContext } from '../case-context';
import { actorIdOf } from '../case-context';
import { recordEvent, type CaseworkEvents } from '../audit/vocabulary';
import { policyViolation } from '../errors';
import { audiencesOf, disseminate } from './dissemination';
import { customerName, outcomeFacts, render, storeLetter } from './letter';
import {
  changeMeasures,
  type Measure,
  type MeasureChange,
  type MeasureEffects,
  periodEnd,
} from './measures';
import { planTransition, type TransitionPlan } from './transition-plan';

export type DecisionKind = Decision['kind'];

/** A stage move the policy defines (proposed and approved, or made by the system on schedule). */
export interface MoveInput {
  kind: 'transition' | 'automatic';
  transitionKey: string;
  toStage: string;
  measures: Measure[];
  durationMonths?: number | null;
  indefinite?: boolean | null;
}

/** A decision about the measures of the case where it is: review, appeal, derestriction, expiry, monitoring end. */
export interface OutcomeInput {
  kind: 'review' | 'appeal' | 'derestriction' | 'expiry' | 'monitoring-end';
  measures: MeasureChange;
  /** Where the case goes (a review's lift); absent: it stays, or leaves by `liftTo` once nothing remains (`settle`). */
  toStage?: string;
  settle?: boolean;
  /** A review this decision calls for (the one after a monitoring period): the case stays on the schedule for it. */
  reviewDueAt?: Date;
}

export type DecisionInput = (MoveInput | OutcomeInput) & {
  outcome?: string | null;
  proposalId?: string | null;
  appealOf?: string | null;
  /** Everyone who took a step, in order; the last is the decider. Empty for the system. */
  participants: DecisionParticipant[];
  /** The reasons in words; they become the letter's "why". */
  reasons: string;
  /** The template the engine chose for this decision (`letterFor`); null: no letter. */
  letterTemplate: string | null;
  /** Roles told of the decision (a transition's `inform`). */
  inform?: string[];
  /** When a scheduled move took effect, if earlier than now (the worker ran late). */
  effectiveAt?: Date;
};

export interface AppliedDecision {
  decision: Decision;
  theCase: ManagedCase;
  fromStage: string;
  measures: MeasureEffects;
  letter: Letter | null;
  disseminations: Awaited<ReturnType<typeof disseminate>>;
}

const isMove = (d: DecisionInput): d is MoveInput & DecisionInput =>
  d.kind === 'transition' || d.kind === 'automatic';

/**
 * THE writer of case state. Given what the engine allowed, writes in the
 * caller's transaction: the decision, the measures it starts, varies or ends,
 * the stage and status, the review and retention dates, the letter rendered
 * from the council's template, the dissemination records, and the audit
 * events of the one vocabulary. The caller holds the case lock. Anything that
 * cannot be completed (a letter with a gap, a duration the stage refuses)
 * throws before commit, so nothing is half-written.
 */
export async function applyDecision(
  ctx: CaseContext,
  theCase: ManagedCase,
  input: DecisionInput,
): Promise<AppliedDecision> {
  const fromStage = theCase.stage;
  const name = await customerName(ctx, theCase);
  const plan = isMove(input) ? planMove(ctx, input, name) : undefined;
  const decision = await insertDecision(ctx, theCase, input, fromStage, plan);

  const change: MeasureChange = isMove(input)
    ? {
        kind: 'replace',
        measures: input.measures,
        endsAt: plan!.endsAt,
        endAll: ['closed', 'dormant'].includes(ctx.policy.stages[input.toStage]!.kind),
      }
    : input.measures;
  const fx = await changeMeasures(ctx, theCase.id, fromStage, decision.id, change);
  await auditMeasures(ctx, theCase.id, decision.id, fx, endReason(input.kind, change.kind, fx));

  const toStage = isMove(input) ? input.toStage : settledStage(ctx.policy, theCase, input, fx);
  const archive = !isMove(input) && archives(ctx.policy, input, theCase, toStage, fx);
  const reviewDueAt = plan
    ? plan.reviewDueAt
    : archive
      ? null
      : (input as OutcomeInput).reviewDueAt
        ? earliest(theCase.reviewDueAt, (input as OutcomeInput).reviewDueAt!)
        : reschedules(input as OutcomeInput, theCase, toStage, fx)
          ? nextReviewDue(ctx.policy, toStage, ctx.now, fx.after)
          : theCase.reviewDueAt;
  await moveCase(ctx, theCase, decision, {
    toStage,
    reviewDueAt,
    enter: isMove(input),
    archive,
    input,
    fx,
  });
  if (decision.reviewDueAt?.getTime() !== reviewDueAt?.getTime()) {
    decision.reviewDueAt = reviewDueAt;
    await ctx.em.update(
      Decision,
      { tenantId: decision.tenantId, id: decision.id },
      { reviewDueAt },
    );
  }

  const letter = input.letterTemplate
    ? await storeLetter(
        ctx,
        theCase.id,
        decision.id,
        input.letterTemplate,
        plan?.letter ??
          render(
            ctx,
            input.letterTemplate,
            outcomeFacts(input.kind as OutcomeInput['kind'], fx, {
              customerName: name,
              reasons: input.reasons,
              stageKey: fromStage,
              reviewDue: theCase.reviewDueAt,
              now: ctx.now,
              deciderRole: input.participants.at(-1)?.role,
              outcome: input.outcome ?? undefined,
            }),
          ),
      )
    : null;

  const restrictive = plan ? plan.restrictive : fx.added.length > 0;
  const audiences = await audiencesOf(ctx, input.inform ?? [], restrictive);
  const disseminations = await disseminate(ctx, theCase.id, decision.id, audiences);
  return { decision, theCase, fromStage, measures: fx, letter, disseminations };
}

function planMove(
  ctx: CaseContext,
  input: MoveInput & DecisionInput,
  name: string,
): TransitionPlan {
  const planned = planTransition(ctx.policy, {
    toStage: input.toStage,
    transitionKey: input.transitionKey,
    letterTemplate: input.letterTemplate,
    restrictions: input.measures,
    durationMonths: input.durationMonths,
    indefinite: input.indefinite,
    reasons: input.reasons,
    customerName: name,
    now: input.effectiveAt ?? ctx.now,
    deciderRole: input.participants.at(-1)?.role,
  });
  if (!planned.ok) throw policyViolation(planned.reasons);
  return planned.plan;
}

async function insertDecision(
  ctx: CaseContext,
  theCase: ManagedCase,
  input: DecisionInput,
  fromStage: string,
  plan: TransitionPlan | undefined,
): Promise<Decision> {
  const toStage = isMove(input) ? input.toStage : (input.toStage ?? fromStage);
  const decision = await ctx.em.save(
    ctx.em.create(Decision, {
      tenantId: theCase.tenantId,
      caseId: theCase.id,
      kind: input.kind,
      transitionKey: isMove(input) ? input.transitionKey : null,
      fromStage,
      toStage,
      outcome: input.outcome ?? null,
      proposalId: input.proposalId ?? null,
      appealOf: input.appealOf ?? null,
      participants: input.participants,
      decidedBy: input.participants.at(-1)?.userId ?? actorIdOf(ctx.actor),
      decidedAt: input.effectiveAt ?? ctx.now,
      reviewDueAt: plan?.reviewDueAt ?? null,
    }),
  );
  await recordEvent(
    ctx,
    'decision.recorded',
    { entityId: decision.id, caseId: theCase.id },
    {
      kind: decision.kind,
      transitionKey: decision.transitionKey,
      outcome: decision.outcome,
      fromStage,
      toStage,
      proposalId: decision.proposalId,
      appealOf: decision.appealOf,
      participants: input.participants,
    },
  );
  return decision;
}

async function auditMeasures(
  ctx: CaseContext,
  caseId: string,
  decisionId: string,
  fx: MeasureEffects,
  reason: EndReason,
): Promise<void> {
  const ids = (r: Restriction) => ({ entityId: r.id, caseId });
  const endsAt = (r: Restriction) => r.endsAt?.toISOString() ?? null;
  for (const r of fx.ended) {
    await recordEvent(ctx, 'restriction.ended', ids(r), { decisionId, type: r.type, reason });
  }
  for (const r of fx.lifted) {
    await recordEvent(ctx, 'restriction.lifted', ids(r), { decisionId, type: r.type });
  }
  for (const r of fx.changed) {
    const parameterNames = Object.keys(r.parameters);
    await recordEvent(ctx, 'restriction.varied', ids(r), {
      decisionId,
      type: r.type,
      parameterNames,
      endsAt: endsAt(r),
    });
  }
  for (const r of fx.added) {
    const parameterNames = Object.keys(r.parameters);
    await recordEvent(ctx, 'restriction.imposed', ids(r), {
      decisionId,
      type: r.type,
      parameterNames,
      endsAt: endsAt(r),
    });
  }
}

type EndReason = NonNullable<CaseworkEvents['restriction.ended']['reason']>;

function endReason(
  kind: DecisionKind,
  change: MeasureChange['kind'],
  fx: MeasureEffects,
): EndReason {
  if (change === 'expire')
    return kind === 'monitoring-end' ? 'monitoring-period-ended' : 'end-date-reached';
  return fx.added.length ? 'replaced' : 'case-closed';
}

/** A decision on measures leaves the stage only by the policy's `liftTo`: named, or once nothing remains. */
function settledStage(
  policy: Policy,
  c: ManagedCase,
  input: OutcomeInput,
  fx: MeasureEffects,
): string {
  if (input.toStage) return input.toStage;
  const liftTo = policy.stages[c.stage]?.review?.liftTo;
  if (input.settle && fx.lifted.length > 0 && fx.after.length === 0 && liftTo) return liftTo;
  return c.stage;
}

/**
 * Measures all ended or lifted by this decision, the case staying where it is,
 * and no review called for: nothing is left to review, so the case leaves the
 * schedule (archived) until its retention rule applies. Keeping a customer on
 * review with nothing in force would watch them with no measure to justify it;
 * a stage whose review says `whenMeasuresLapse: keep-on-review` keeps measures
 * that merely reached their end (none lifted) on the schedule, overdue
 * escalation included.
 */
function archives(
  policy: Policy,
  input: OutcomeInput,
  c: ManagedCase,
  toStage: string,
  fx: MeasureEffects,
) {
  const lapsedOnly = fx.lifted.length === 0;
  if (lapsedOnly && policy.stages[c.stage]?.review?.whenMeasuresLapse === 'keep-on-review')
    return false;
  return (
    c.status === 'open' &&
    toStage === c.stage &&
    !input.reviewDueAt &&
    fx.after.length === 0 &&
    fx.ended.length + fx.lifted.length > 0
  );
}

const earliest = (a: Date | null, b: Date) => (a && a < b ? a : b);

/**
 * A review always sets the next one; other decisions on measures only when they
 * moved the case or imposed or changed measures (a dismissed appeal, a refused
 * request or measures reaching their end leave the schedule as it was).
 */
function reschedules(
  input: OutcomeInput,
  c: ManagedCase,
  toStage: string,
  fx: MeasureEffects,
): boolean {
  return (
    input.kind === 'review' || toStage !== c.stage || fx.added.length > 0 || fx.changed.length > 0
  );
}

/** When the case is next reviewed at `stageKey`; null for stages that are not reviewed. */
export function nextReviewDue(
  policy: Policy,
  stageKey: string,
  decidedAt: Date,
  active: Restriction[],
): Date | null {
  const stage = policy.stages[stageKey];
  if (!stage || stage.kind === 'closed' || stage.kind === 'dormant') return null;
  const end = periodEnd(active);
  if (!stage.review && end === null) return null;
  return reviewDueDate(policy, stageKey, decidedAt, end);
}

async function moveCase(
  ctx: CaseContext,
  c: ManagedCase,
  decision: Decision,
  m: {
    toStage: string;
    reviewDueAt: Date | null;
    /** A transition always enters the stage anew; other decisions only when it changes. */
    enter: boolean;
    /** Nothing left to review: off the schedule until retention applies. */
    archive: boolean;
    input: DecisionInput;
    fx: MeasureEffects;
  },
): Promise<void> {
  const fromStage = c.stage;
  const at = m.input.effectiveAt ?? ctx.now;
  const kind = ctx.policy.stages[m.toStage]?.kind;
  const moved = m.enter || m.toStage !== fromStage;
  if (moved) {
    c.stage = m.toStage;
    c.stageEnteredAt = at;
    if (kind === 'closed')
      Object.assign(c, {
        status: 'closed',
        closedAt: c.closedAt && m.input.kind === 'automatic' ? c.closedAt : at,
      });
    else if (kind === 'dormant') Object.assign(c, { status: 'dormant', dormantAt: at });
    else if (c.status !== 'open')
      Object.assign(c, { status: 'open', closedAt: null, dormantAt: null });
  }
  if (m.archive) c.status = 'archived';
  c.reviewDueAt = m.reviewDueAt;
  // A scheduled move is not activity on the case: dormancy and retention count from people's work.
  if (!SYSTEM_KINDS.has(m.input.kind)) c.lastActivityAt = ctx.now;
  c.retentionDueAt = retentionAfter(ctx.policy, c, m.fx) ?? c.retentionDueAt;
  c.version = (c.version ?? 0) + 1;
  await ctx.em.update(
    ManagedCase,
    { tenantId: c.tenantId, id: c.id },
    {
      stage: c.stage,
      status: c.status,
      stageEnteredAt: c.stageEnteredAt,
      closedAt: c.closedAt,
      dormantAt: c.dormantAt,
      reviewDueAt: c.reviewDueAt,
      retentionDueAt: c.retentionDueAt,
      lastActivityAt: c.lastActivityAt,
      version: c.version,
    },
  );
  if (!moved && !m.archive) return;
  const action = m.archive
    ? 'case.archived'
    : kind === 'closed'
      ? 'case.closed'
      : kind === 'dormant'
        ? 'case.dormant'
        : 'case.stage-changed';
  await recordEvent(
    ctx,
    action,
    { entityId: c.id, caseId: c.id },
    {
      decisionId: decision.id,
      fromStage,
      toStage: m.toStage,
      status: c.status,
      reviewDueAt: c.reviewDueAt?.toISOString() ?? null,
      retentionDueAt: c.retentionDueAt?.toISOString() ?? null,
      ...(SYSTEM_KINDS.has(m.input.kind) ? { automatic: true } : {}),
    },
  );
}

/** Decisions the system makes on schedule: not activity on the case. */
const SYSTEM_KINDS = new Set<DecisionKind>(['automatic', 'expiry', 'monitoring-end']);

/**
 * The retention date once the case is closed, dormant or archived, or its last
 * measure ended: the council's rule (`retentionDueDate`) over the facts after
 * this decision. "Restriction ended" counts only once none remains in force,
 * as the purge counts it. Null: no rule has triggered yet.
 */
function retentionAfter(policy: Policy, c: ManagedCase, fx: MeasureEffects): Date | null {
  const endedAt = [...fx.lifted, ...fx.ended].map((r) => r.endedAt!.getTime());
  const lastEnded = endedAt.length && fx.after.length === 0;
  if (!lastEnded && c.status === 'open') return null;
  const due = retentionDueDate(policy, {
    restrictionEndedAt: lastEnded ? new Date(Math.max(...endedAt)) : undefined,
    closedAt: c.closedAt ?? undefined,
    dormantAt: c.dormantAt ?? undefined,
    lastActivityAt: c.lastActivityAt,
  });
  return due?.dueAt ?? null;
}
