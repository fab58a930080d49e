import { z } from 'zod';
import { appealRouteSchema } from './appeals';
import { clause, days, key, months, roleRefs, severity } from './keys';

export const STEP_KINDS = ['propose', 'recommend', 'decide'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const approvalStepSchema = z
  .strictObject({
    step: z
      .enum(STEP_KINDS)
      .describe('propose (first), recommend (optional, in between) or decide (last).'),
    role: roleRefs.describe('The role(s) that take this step; any one of them may.'),
    label: z.string().optional().describe('How the step is shown to staff.'),
    deputy: z
      .strictObject({
        role: roleRefs.describe('The role(s) that may stand in.'),
        onlyWhenPrincipalUnavailable: z
          .boolean()
          .default(true)
          .describe('Whether the deputy may act only when the named role is recorded as absent.'),
      })
      .optional()
      .describe(
        'Someone who may stand in for the named role, e.g. London §7: a Director when the Chief Executive is absent.',
      ),
    clause,
  })
  .describe('One step of an approval chain.');
export type ApprovalStep = z.infer<typeof approvalStepSchema>;

export const INDEPENDENCE_RULES = [
  'decider-not-proposer',
  'all-steps-distinct',
  'not-involved-in-previous-decisions',
] as const;

export const independenceRuleSchema = z
  .strictObject({
    rule: z
      .enum(INDEPENDENCE_RULES)
      .describe(
        'decider-not-proposer, all-steps-distinct (both always enforced unless decidedAlone) or not-involved-in-previous-decisions.',
      ),
    actingAs: roleRefs
      .optional()
      .describe(
        'Only when the actor acts in one of these roles (e.g. the deputy); absent = everyone.',
      ),
    transitions: z
      .array(key)
      .optional()
      .describe('Which earlier decisions count; absent = every earlier decision on the case.'),
    clause,
  })
  .describe('A rule about who may not take a step, e.g. "not involved in a previous decision".');
export type IndependenceRule = z.infer<typeof independenceRuleSchema>;

/** Severe conduct may justify going straight to a later stage (a "skip"). */
export const skipConditionSchema = z
  .strictObject({
    behaviourCategories: z
      .array(key)
      .default([])
      .describe('Any logged contact in one of these categories allows the skip.'),
    minSeverity: severity
      .optional()
      .describe(
        'Any logged contact at least this severe allows the skip (low, medium, high, extreme).',
      ),
    clause,
  })
  .describe(
    'This transition jumps over an earlier stage, allowed only when the logged conduct meets this condition.',
  );

/** What must be true of the case before the decision is taken (checked at the decide step). */
export const transitionConditionsSchema = z
  .strictObject({
    minEvidenceContacts: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('The proposal must cite at least this many logged contacts as evidence.'),
    conductSinceLastDecision: z
      .boolean()
      .default(false)
      .describe(
        'A contact must have been logged since the previous decision on the case, e.g. "if the behaviour continues notwithstanding the warning".',
      ),
    previousLetterSent: z
      .boolean()
      .default(false)
      .describe(
        'The letter of the decision that moved the case to this stage must have been sent.',
      ),
    clause,
  })
  .describe('Conditions the engine checks before the decision may be taken.');
export type TransitionConditions = z.infer<typeof transitionConditionsSchema>;

export const transitionSchema = z
  .strictObject({
    key: key.describe('Identifies the transition; unique in the policy, stored on decisions.'),
    to: key.describe('The stage the case moves to.'),
    label: z.string().min(1).describe('How the action is shown to staff.'),
    approval: z
      .array(approvalStepSchema)
      .default([])
      .describe('The approval chain: propose, optional recommend steps, then decide.'),
    decidedAlone: z
      .boolean()
      .default(false)
      .describe(
        'The policy names one person for this step (e.g. a service manager at local resolution): the proposer may also decide. Default: four eyes, nobody approves their own proposal.',
      ),
    consultations: z
      .array(key)
      .default([])
      .describe(
        'Roles that must be consulted, and the consultation recorded, before the decision. A decider acting in a consulted role (e.g. Welwyn Hatfield §9.2: the AD may decide what §8.2 has the Senior Management Team decide in consultation with the AD) needs no consultation with that role.',
      ),
    inform: z.array(key).default([]).describe('Roles told of the decision.'),
    checks: z
      .array(key)
      .default([])
      .describe('Pre-action checks that must be attested for this decision before it is taken.'),
    conditions: transitionConditionsSchema.optional(),
    letter: key.optional().describe('The letter template that tells the customer.'),
    independence: z
      .array(independenceRuleSchema)
      .default([])
      .describe('Further rules about who may take the steps.'),
    skip: skipConditionSchema.optional(),
    appeal: appealRouteSchema.optional(),
    automatic: z
      .strictObject({
        afterDays: days.describe('Days in the stage after which the system moves the case.'),
      })
      .optional()
      .describe(
        'Taken by the system, not by people, once the case has sat in the stage this long.',
      ),
    clause,
  })
  .describe('A move from this stage to another, and who may decide it.');
export type Transition = z.infer<typeof transitionSchema>;

export const REVIEW_OUTCOMES = ['continue', 'vary', 'extend', 'escalate', 'lift'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** Southampton: "the review period may be adjusted given the personal circumstances". */
export const adjustableCadenceSchema = z
  .strictObject({
    setBy: roleRefs
      .optional()
      .describe('The role(s) that may set the next review date; absent: the reviewers.'),
    minDays: days
      .default(1)
      .describe('The earliest the next review may be set: this many days from today.'),
    maxMonths: months.describe(
      'The latest the next review may be set: this many months from today.',
    ),
    clause,
  })
  .describe(
    'The next review date of one case may be set, with reasons, within these limits. Absent: the cadence is fixed.',
  );

export const reviewOutcomeConditionSchema = z
  .strictObject({
    conductSinceLastDecision: z
      .boolean()
      .default(false)
      .describe(
        'A contact must have been logged since the previous decision on the case, e.g. extend only "if the contact has continued during this period".',
      ),
    clause,
  })
  .describe('What must be true of the case before this review outcome may be recorded.');

export const reviewSchema = z
  .strictObject({
    everyMonths: months.optional().describe('Reviewed every this many months.'),
    atEndOfPeriod: z
      .boolean()
      .default(false)
      .describe('Reviewed when the measures reach the end of their period.'),
    indefiniteEveryMonths: months
      .optional()
      .describe('How often indefinite measures are reviewed, in months.'),
    reminderDaysBefore: days.describe(
      'Days before the review is due that the reviewers are reminded; shorter than the review interval.',
    ),
    escalateDaysAfter: days.describe(
      'Days after the due date that an overdue review is escalated.',
    ),
    reviewers: roleRefs.describe('The role(s) that carry out the review.'),
    consultations: z
      .array(key)
      .default([])
      .describe('Roles that must be consulted at each review.'),
    outcomes: z
      .array(z.enum(REVIEW_OUTCOMES))
      .min(1)
      .describe('What a review may decide: continue, vary, extend, escalate, lift.'),
    liftTo: key.optional().describe("The stage a 'lift' moves the case to."),
    whenMeasuresLapse: z
      .enum(['archive', 'keep-on-review'])
      .default('archive')
      .describe(
        "When every measure reaches its end with no review decided: 'archive' takes the case off the review schedule (the protective reading: nothing in force, nothing to watch); 'keep-on-review' keeps it due, and an overdue review is escalated.",
      ),
    escalateTo: key
      .optional()
      .describe(
        "The stage an 'escalate' asks for: it opens a proposal of the move into it (that move's own authority decides).",
      ),
    extendRequiresCustomerComment: z
      .boolean()
      .default(false)
      .describe("An extension needs the customer's comments recorded first."),
    noLetterRequires: z
      .strictObject({
        consultations: z
          .array(key)
          .default([])
          .describe('Roles that must be consulted before deciding not to write.'),
        outcomes: z
          .array(z.enum(REVIEW_OUTCOMES))
          .min(1)
          .default(['lift'])
          .describe(
            'The outcomes that may go unwritten (default: lift, "the customer is no longer deemed persistent").',
          ),
      })
      .optional()
      .describe(
        'Southampton: deciding not to write after a review needs a consultation and recorded reasons.',
      ),
    letter: key
      .optional()
      .describe('The letter for every outcome that has no letter of its own in `letters`.'),
    letters: z
      .partialRecord(z.enum(REVIEW_OUTCOMES), key)
      .default({})
      .describe('A letter per outcome (e.g. a lift is not worded as a restriction).'),
    appeal: appealRouteSchema.optional(),
    adjustableCadence: adjustableCadenceSchema.optional(),
    outcomeConditions: z
      .partialRecord(z.enum(REVIEW_OUTCOMES), reviewOutcomeConditionSchema)
      .default({})
      .describe('Conditions per outcome, checked by the engine before the review is recorded.'),
    clause,
  })
  .describe('How measures at this stage are reviewed.');
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

export const stageSchema = z
  .strictObject({
    label: z.string().min(1).describe('How the stage is shown to staff and in letters.'),
    kind: z
      .enum(STAGE_KINDS)
      .describe(
        'open, resolution, warning, restriction, additional-action, closed or dormant; restriction kinds need a review and a letter.',
      ),
    description: z.string().optional().describe('What the stage means under the policy.'),
    monitoringPeriodMonths: months
      .optional()
      .describe('How long the case is monitored at this stage, in months.'),
    duration: z
      .strictObject({
        defaultMonths: months
          .optional()
          .describe('How long measures last unless the decider says.'),
        maxMonths: months.optional().describe('The longest a decision may set at once.'),
        indefiniteAllowed: z
          .boolean()
          .default(false)
          .describe('Whether measures may have no end date (then they need a review cadence).'),
        clause,
      })
      .optional()
      .describe('How long measures at this stage last.'),
    measures: z
      .array(key)
      .default([])
      .describe(
        'The measures a decision into this stage, or a review in it, may impose. Binding: a measure not listed is refused, unless openMeasures is true.',
      ),
    openMeasures: z
      .boolean()
      .default(false)
      .describe("The policy's list is not exhaustive: any catalogue measure may be used here."),
    review: reviewSchema.optional(),
    transitions: z.array(transitionSchema).default([]).describe('The moves out of this stage.'),
    clause,
  })
  .describe('A stage of the process.');
export type Stage = z.infer<typeof stageSchema>;
