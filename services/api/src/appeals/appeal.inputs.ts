import { Field, ID, InputType, Int } from 'type-graphql';
import { ReviewRestrictionInput, reviewRestrictionSchema } from '../reviews/review.inputs';
import { z } from 'zod';
import { AppealOutcomeValue } from './appeal.type';

export const lodgeAppealSchema = z.strictObject({
  decisionId: z.uuid(),
  grounds: z.string().trim().min(1).max(10_000),
});

@InputType({ description: 'An appeal against a decision on a case.' })
export class LodgeAppealInput {
  @Field(() => ID, { description: 'The decision appealed against.' }) decisionId: string;
  @Field({ description: 'The customer’s grounds, in words.' }) grounds: string;
}

export const decideAppealSchema = z
  .strictObject({
    appealId: z.uuid(),
    outcome: z.enum(AppealOutcomeValue),
    note: z.string().trim().min(1).max(10_000),
    restrictions: z.array(reviewRestrictionSchema).min(1).max(20).nullish(),
    durationMonths: z.number().int().min(1).max(120).nullish(),
    expectedCaseVersion: z.number().int().min(0),
  })
  .superRefine((v, ctx) => {
    if ((v.outcome === 'varied') !== (v.restrictions != null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['restrictions'],
        message: 'a VARIED appeal lists the measures that now apply; other outcomes give none',
      });
    }
  });

@InputType({ description: 'The hearer’s decision on an appeal.' })
export class DecideAppealInput {
  @Field(() => ID, { description: 'The appeal.' }) appealId: string;
  @Field(() => AppealOutcomeValue, { description: 'Upheld, varied or dismissed.' })
  outcome: AppealOutcomeValue;
  @Field({ description: 'The reasons, in words.' }) note: string;
  @Field(() => [ReviewRestrictionInput], {
    nullable: true,
    description:
      'VARIED: every measure that applies from now (others in force are lifted), in the same decision.',
  })
  restrictions?: ReviewRestrictionInput[] | null;
  @Field(() => Int, {
    nullable: true,
    description: 'VARIED with no measures in force: how many months the new measures last.',
  })
  durationMonths?: number | null;
  @Field(() => Int, {
    description:
      'The case version the appeal was decided on (Case.version), required: a case changed since (a repeated or stale call) is refused with CONFLICT.',
  })
  expectedCaseVersion!: number;
}
