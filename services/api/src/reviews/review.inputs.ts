import { Field, ID, InputType, Int } from 'type-graphql';
import { z } from 'zod';
import { REVIEW_OUTCOMES } from '@conduct/policy';
import { ReviewOutcomeValue } from './review.type';

const policyKey = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a key from the council’s policy, e.g. head-of-service-legal');

/** Parameters arrive as a JSON object in a string, like `RestrictionNode.parametersJson`. */
const parametersJson = z
  .string()
  .max(10_000)
  .transform((text, ctx) => {
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        return value as Record<string, unknown>;
      }
    } catch {
      // reported below
    }
    ctx.issues.push({ code: 'custom', message: 'must be a JSON object', input: text });
    return z.NEVER;
  });

export const reviewRestrictionSchema = z.strictObject({
  type: policyKey,
  parametersJson,
});

export const recordReviewSchema = z
  .strictObject({
    caseId: z.uuid(),
    outcome: z.enum(REVIEW_OUTCOMES),
    note: z.string().trim().min(1).max(10_000),
    customerInvitedToComment: z.boolean().nullish(),
    noLetter: z.boolean().nullish(),
    noLetterReasons: z.string().trim().min(1).max(5_000).nullish(),
    consultations: z.array(policyKey).max(20).nullish(),
    restrictions: z.array(reviewRestrictionSchema).min(1).max(20).nullish(),
    durationMonths: z.number().int().min(1).max(120).nullish(),
    expectedCaseVersion: z.number().int().min(0),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'vary' && !v.restrictions) {
      ctx.addIssue({
        code: 'custom',
        path: ['restrictions'],
        message: 'a varied review lists the measures that now apply',
      });
    }
    if (v.outcome !== 'vary' && v.outcome !== 'escalate' && v.restrictions) {
      ctx.addIssue({
        code: 'custom',
        path: ['restrictions'],
        message: 'measures are given only when the outcome is VARY (or ESCALATE, for the proposal)',
      });
    }
    if (v.durationMonths != null && !['extend', 'vary', 'escalate'].includes(v.outcome)) {
      ctx.addIssue({
        code: 'custom',
        path: ['durationMonths'],
        message:
          'a duration is given only when the outcome is EXTEND, ESCALATE (for the proposal) or VARY with no measures in force',
      });
    }
    if (v.noLetterReasons && !v.noLetter) {
      ctx.addIssue({
        code: 'custom',
        path: ['noLetterReasons'],
        message: 'reasons for not writing are given only with noLetter',
      });
    }
  });
export type RecordReviewArgs = z.infer<typeof recordReviewSchema>;

@InputType({ description: 'A measure as it applies after a varied review.' })
export class ReviewRestrictionInput {
  @Field({ description: 'Restriction type key from the policy’s catalogue.' }) type: string;
  @Field({
    description: 'Parameters as a JSON object (officer, channel, days, times, minutes, ...).',
  })
  parametersJson: string;
}

@InputType({ description: 'The outcome of a review of a case’s arrangements.' })
export class RecordReviewInput {
  @Field(() => ID, { description: 'The case reviewed.' }) caseId: string;
  @Field(() => ReviewOutcomeValue, { description: 'What the review decided.' })
  outcome: ReviewOutcomeValue;
  @Field({ description: 'The reasons, in words (they go into the letter).' }) note: string;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the customer was told the reasons and invited to comment (Southampton: required before extending).',
  })
  customerInvitedToComment?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'The council decides not to write to the customer after this review.',
  })
  noLetter?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Why the council is not writing.' })
  noLetterReasons?: string | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Role keys of the people consulted for this review.',
    deprecationReason:
      'Record each consultation with recordConsultation (subject REVIEW): who was consulted and what they advised. The review counts those.',
  })
  consultations?: string[] | null;
  @Field(() => [ReviewRestrictionInput], {
    nullable: true,
    description:
      'For VARY: every measure that applies from now (others in force are lifted); for ESCALATE: the measures the proposal puts forward.',
  })
  restrictions?: ReviewRestrictionInput[] | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'For EXTEND: months added to the current period (the stage’s default if omitted); for ESCALATE: the proposed period.',
  })
  durationMonths?: number | null;
  @Field(() => Int, {
    description:
      'The case version the review was decided on (Case.version), required: a case changed since (a repeated or stale call) is refused with CONFLICT.',
  })
  expectedCaseVersion!: number;
}

/** Plain objects for zod: type-graphql hands over class instances. */
export function recordReviewValue(input: RecordReviewInput): Record<string, unknown> {
  return {
    ...input,
    restrictions: input.restrictions?.map((r) => ({ ...r })) ?? input.restrictions,
  };
}
