import { Customer, Decision, Letter, type ManagedCase, Restriction, Review } from '@conduct/db';
import {
  canRecordReview,
  renderLetter,
  restrictionEndDate,
  restrictionReasons,
  reviewOutcomeStage,
  roleList,
  type Policy,
} from '@conduct/policy';
import type { RequestContext } from '../context';
import { audit, sessionOf } from '../casework/session';
import { loadCaseState } from '../cases/case-state.loader';
import { loadCase, policyOfCase } from '../cases/case.service';
import { policyViolation, requireAllowed } from '../decisions/policy-violation';
import { AppError } from '../graphql/errors';
import {
  actingRole,
  activeRestrictions,
  liftRestrictions,
  moveToStage,
  nextReviewDue,
  periodEnd,
  saveCase,
  updateRetention,
} from './case-progress';
import type { RecordReviewArgs } from './review.inputs';
import type { ReviewNode, ReviewOutcomeValue } from './review.type';

export interface RecordedReview {
  review: Review;
  decision: Decision;
  case: ManagedCase;
  restrictions: Restriction[];
  letter: Letter | null;
}

export function toReviewNode(r: Review): ReviewNode {
  return {
    id: r.id,
    caseId: r.caseId,
    decisionId: r.decisionId,
    outcome: r.outcome as ReviewOutcomeValue,
    note: r.note,
    fromStage: r.fromStage,
    toStage: r.toStage,
    customerCommentInvited: r.customerCommentInvited,
    consultations: r.consultations,
    noLetter: r.noLetter,
    noLetterReasons: r.noLetterReasons,
    letterId: r.letterId,
    reviewedBy: r.reviewedBy,
    reviewedAt: r.reviewedAt,
    nextReviewDueAt: r.nextReviewDueAt,
  };
}

function badInput(field: string, message: string): AppError {
  return new AppError('BAD_USER_INPUT', `input.${field}: ${message}`, {
    field: `input.${field}`,
  });
}

/** A duration the stage does not allow is the caller's mistake, reported on the field. */
function endAfter(
  policy: Policy,
  stageKey: string,
  from: Date,
  months: number | undefined,
): Date | null {
  try {
    return restrictionEndDate(policy, stageKey, from, months);
  } catch (err) {
    if (err instanceof RangeError) throw badInput('durationMonths', err.message);
    throw err;
  }
}

/**
 * Records a review: the engine decides whether this actor may record this
 * outcome now; then the outcome is applied (lift, escalate, extend, vary), the
 * next review is scheduled, the letter is drafted and the event audited.
 */
export async function recordReview(
  ctx: RequestContext,
  input: RecordReviewArgs,
): Promise<RecordedReview> {
  const session = sessionOf(ctx);
  const { em } = session;
  const c = await loadCase(ctx, input.caseId, { lock: true });
  const policy = await policyOfCase(ctx, c);
  const now = ctx.services.clock.now();

  const consultations = input.consultations ?? [];
  const unknownRole = consultations.find((r) => !(r in policy.roles));
  if (unknownRole) {
    throw badInput('consultations', `'${unknownRole}' is not a role of this council’s policy`);
  }
  const varied = (input.restrictions ?? []).map((r) => ({
    type: r.type,
    parameters: r.parametersJson,
  }));
  const parameterReasons = restrictionReasons(policy, varied);
  if (parameterReasons.length > 0) throw policyViolation(parameterReasons);

  const state = await loadCaseState(ctx, c);
  requireAllowed(
    canRecordReview(
      policy,
      state,
      session.actor,
      {
        outcome: input.outcome,
        consultationsRecorded: consultations,
        customerInvitedToComment: input.customerInvitedToComment ?? false,
        noLetter: input.noLetter ?? false,
        noLetterReasons: input.noLetterReasons ?? undefined,
      },
      now,
    ),
  );

  const fromStage = c.stage;
  const rule = policy.stages[fromStage]!.review!;
  const toStage = reviewOutcomeStage(policy, fromStage, input.outcome) ?? fromStage;

  const decision = await em.save(
    em.create(Decision, {
      tenantId: em.tenantId,
      caseId: c.id,
      kind: 'review',
      transitionKey: null,
      fromStage,
      toStage,
      outcome: input.outcome,
      proposalId: null,
      appealOf: null,
      participants: [
        {
          userId: session.user.id,
          role: actingRole(session.actor.roles, roleList(rule.reviewers)),
          step: 'review',
        },
      ],
      decidedBy: session.user.id,
      decidedAt: now,
    }),
  );

  const before = await activeRestrictions(ctx, c.id);
  const changes = await applyOutcome(ctx, policy, c, before, decision, input, now);

  moveToStage(policy, c, toStage, now);
  const after = await activeRestrictions(ctx, c.id);
  c.reviewDueAt = nextReviewDue(policy, c.stage, now, after);
  if (changes.lifted.length > 0 || c.status !== 'open') {
    updateRetention(policy, c, now, changes.lifted.length > 0);
  }
  await saveCase(ctx, c, now);

  const letter =
    rule.letter && !input.noLetter
      ? await draftLetter(ctx, policy, c, decision, rule.letter, {
          fromStage,
          note: input.note,
          lifted: input.outcome === 'lift' ? changes.lifted : [],
          after,
          reviewDue: c.reviewDueAt,
          now,
        })
      : null;

  const review = await em.save(
    em.create(Review, {
      tenantId: em.tenantId,
      caseId: c.id,
      decisionId: decision.id,
      outcome: input.outcome,
      note: input.note,
      customerCommentInvited: input.customerInvitedToComment ?? false,
      reviewedBy: session.user.id,
      reviewedAt: now,
      nextReviewDueAt: c.reviewDueAt,
      fromStage,
      toStage: c.stage,
      consultations,
      noLetter: input.noLetter ?? false,
      noLetterReasons: input.noLetterReasons ?? null,
      letterId: letter?.id ?? null,
    }),
  );

  await audit(ctx, {
    action: 'review.recorded',
    entityType: 'review',
    entityId: review.id,
    caseId: c.id,
    payload: {
      decisionId: decision.id,
      outcome: input.outcome,
      fromStage,
      toStage: c.stage,
      nextReviewDueAt: c.reviewDueAt?.toISOString() ?? null,
      consultations,
      customerCommentInvited: review.customerCommentInvited,
      noLetter: review.noLetter,
      letterId: letter?.id ?? null,
      liftedRestrictionIds: changes.lifted.map((r) => r.id),
      changedRestrictionIds: changes.changed.map((r) => r.id),
      addedRestrictionIds: changes.added.map((r) => r.id),
    },
  });
  return { review, decision, case: c, restrictions: after, letter };
}

interface OutcomeChanges {
  lifted: Restriction[];
  changed: Restriction[];
  added: Restriction[];
}

/** Lift: every measure lifted. Extend: each end moves on. Vary: the measures become the list given. */
async function applyOutcome(
  ctx: RequestContext,
  policy: Policy,
  c: ManagedCase,
  active: Restriction[],
  decision: Decision,
  input: RecordReviewArgs,
  now: Date,
): Promise<OutcomeChanges> {
  const { em } = sessionOf(ctx);
  const changes: OutcomeChanges = { lifted: [], changed: [], added: [] };
  switch (input.outcome) {
    case 'lift':
      await liftRestrictions(ctx, active, now);
      changes.lifted = active;
      break;
    case 'extend':
      for (const r of active) {
        if (r.endsAt === null) continue; // indefinite: nothing to extend
        const from = r.endsAt > now ? r.endsAt : now;
        r.endsAt = endAfter(policy, c.stage, from, input.durationMonths ?? undefined);
        await em.update(Restriction, { tenantId: r.tenantId, id: r.id }, { endsAt: r.endsAt });
        changes.changed.push(r);
      }
      break;
    case 'vary': {
      const wanted = input.restrictions ?? [];
      const keep = new Set<string>();
      const end =
        active.length > 0
          ? active.some((r) => r.endsAt === null)
            ? null
            : periodEnd(active)
          : endAfter(policy, c.stage, now, input.durationMonths ?? undefined);
      for (const w of wanted) {
        const existing = active.find((r) => r.type === w.type && !keep.has(r.id));
        if (existing) {
          keep.add(existing.id);
          existing.parameters = w.parametersJson;
          await em.save(existing);
          changes.changed.push(existing);
        } else {
          changes.added.push(
            await em.save(
              em.create(Restriction, {
                tenantId: em.tenantId,
                caseId: c.id,
                decisionId: decision.id,
                type: w.type,
                parameters: w.parametersJson,
                startsAt: now,
                endsAt: end,
                status: 'active',
                endedAt: null,
              }),
            ),
          );
        }
      }
      changes.lifted = active.filter((r) => !keep.has(r.id));
      await liftRestrictions(ctx, changes.lifted, now);
      break;
    }
    case 'continue':
    case 'escalate':
      break;
  }
  return changes;
}

/** Renders the policy's review letter (engine `renderLetter`) and stores it as a draft. */
async function draftLetter(
  ctx: RequestContext,
  policy: Policy,
  c: ManagedCase,
  decision: Decision,
  templateKey: string,
  facts: {
    fromStage: string;
    note: string;
    lifted: Restriction[];
    after: Restriction[];
    reviewDue: Date | null;
    now: Date;
  },
): Promise<Letter> {
  const { em } = sessionOf(ctx);
  const customer = await em.findOneOrFail(Customer, {
    where: { tenantId: em.tenantId, id: c.customerId },
  });
  const lifting = facts.lifted.length > 0 && facts.after.length === 0;
  const shown = lifting ? facts.lifted : facts.after;
  const startsAt = shown.length
    ? new Date(Math.min(...shown.map((r) => r.startsAt.getTime())))
    : facts.now;
  // A letter never has a gap: when nothing is (or remains) in force it says so in words.
  const restrictions = lifting
    ? [{ type: 'None: every restriction on your contact has been lifted.', parameters: {} }]
    : facts.after.length
      ? facts.after.map((r) => ({ type: r.type, parameters: r.parameters }))
      : [
          {
            type: 'No special measures apply; your contact continues to be monitored.',
            parameters: {},
          },
        ];
  const endsAt = lifting
    ? facts.now
    : facts.after.some((r) => r.endsAt === null)
      ? null
      : (periodEnd(facts.after) ?? facts.reviewDue ?? facts.now);
  const rendered = renderLetter(policy, templateKey, {
    customerName: customer.fullName ?? customer.reference,
    reasons: facts.note,
    restrictions,
    startsAt,
    endsAt,
    // Nothing left to review after a lift: the review being recorded is the last one.
    reviewDue: facts.reviewDue ?? facts.now,
    // The reviewed stage: its move in carries the appeal route the review letter states.
    stageKey: facts.fromStage,
  });
  return em.save(
    em.create(Letter, {
      tenantId: em.tenantId,
      caseId: c.id,
      decisionId: decision.id,
      templateKey,
      title: rendered.title,
      body: rendered.body,
      sections: rendered.sections,
      status: 'draft',
      createdAt: facts.now,
      sentAt: null,
      sentBy: null,
    }),
  );
}
