import { z } from 'zod';
import { appealRouteSchema } from './appeals';
import { clause, days, key, months, roleRefs, severity } from './keys';

export const STEP_KINDS = ['propose', 'recommend', 'decide'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const approvalStepSchema = z.strictObject({
  step: z.enum(STEP_KINDS),
  role: roleRefs,
  label: z.string().optional(),
  /** Someone who may stand in for the named role, e.g. London §7: a Director when the Chief Executive is absent. */
  deputy: z
    .strictObject({
      role: roleRefs,
      onlyWhenPrincipalUnavailable: z.boolean().default(true),
    })
    .optional(),
  clause,
});
export type ApprovalStep = z.infer<typeof approvalStepSchema>;

export const INDEPENDENCE_RULES = [
  'decider-not-proposer',
  'all-steps-distinct',
  'not-involved-in-previous-decisions',
] as const;

export const independenceRuleSchema = z.strictObject({
  rule: z.enum(INDEPENDENCE_RULES),
  /** Only when the actor acts in one of these roles (e.g. the deputy); absent = everyone. */
  actingAs: roleRefs.optional(),
  /** Which earlier decisions count; absent = every earlier decision on the case. */
  transitions: z.array(key).optional(),
  clause,
});
export type IndependenceRule = z.infer<typeof independenceRuleSchema>;

/** Severe conduct may justify going straight to a later stage (a "skip"). */
export const skipConditionSchema = z.strictObject({
  behaviourCategories: z.array(key).default([]),
  minSeverity: severity.optional(),
  clause,
});

export const transitionSchema = z.strictObject({
  key,
  to: key,
  label: z.string().min(1),
  approval: z.array(approvalStepSchema).default([]),
  consultations: z.array(key).default([]),
  inform: z.array(key).default([]),
  checks: z.array(key).default([]),
  letter: key.optional(),
  independence: z.array(independenceRuleSchema).default([]),
  skip: skipConditionSchema.optional(),
  appeal: appealRouteSchema.optional(),
  /** Taken by the system, not by people, once the case has sat in the stage this long. */
  automatic: z.strictObject({ afterDays: days }).optional(),
  clause,
});
export type Transition = z.infer<typeof transitionSchema>;

export const REVIEW_OUTCOMES = ['continue', 'vary', 'extend', 'escalate', 'lift'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const reviewSchema = z.strictObject({
  everyMonths: months.optional(),
  atEndOfPeriod: z.boolean().default(false),
  indefiniteEveryMonths: months.optional(),
  reminderDaysBefore: days,
  escalateDaysAfter: days,
  reviewers: roleRefs,
  consultations: z.array(key).default([]),
  outcomes: z.array(z.enum(REVIEW_OUTCOMES)).min(1),
  liftTo: key.optional(),
  escalateTo: key.optional(),
  extendRequiresCustomerComment: z.boolean().default(false),
  /**
   * Southampton: deciding not to write after a review needs a consultation and
   * recorded reasons, and is open only for the outcomes named (default: lift,
   * "the customer is no longer deemed persistent").
   */
  noLetterRequires: z
    .strictObject({
      consultations: z.array(key).default([]),
      outcomes: z.array(z.enum(REVIEW_OUTCOMES)).min(1).default(['lift']),
    })
    .optional(),
  /** The letter for every outcome that has no letter of its own in `letters`. */
  letter: key.optional(),
  /** A letter per outcome (e.g. a lift is not worded as a restriction). */
  letters: z.partialRecord(z.enum(REVIEW_OUTCOMES), key).default({}),
  appeal: appealRouteSchema.optional(),
  clause,
});
export type ReviewRule = z.infer<typeof reviewSchema>;

export const STAGE_KINDS = [
  'open',
  'resolution',
  'warning',
  'restriction',
  'additional-action',
  'closed',
  'dormant',
] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const stageSchema = z.strictObject({
  label: z.string().min(1),
  kind: z.enum(STAGE_KINDS),
  description: z.string().optional(),
  monitoringPeriodMonths: months.optional(),
  duration: z
    .strictObject({
      defaultMonths: months.optional(),
      maxMonths: months.optional(),
      indefiniteAllowed: z.boolean().default(false),
      clause,
    })
    .optional(),
  /**
   * The measures a decision into this stage, or a review in it, may impose.
   * Binding: a measure not listed is refused, unless `openMeasures` says the
   * policy's list is not exhaustive (then any catalogue measure may be used).
   */
  measures: z.array(key).default([]),
  openMeasures: z.boolean().default(false),
  review: reviewSchema.optional(),
  transitions: z.array(transitionSchema).default([]),
  clause,
});
export type Stage = z.infer<typeof stageSchema>;
