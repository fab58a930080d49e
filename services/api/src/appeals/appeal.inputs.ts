import { Field, ID, InputType } from 'type-graphql';
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

export const decideAppealSchema = z.strictObject({
  appealId: z.uuid(),
  outcome: z.enum(AppealOutcomeValue),
  note: z.string().trim().min(1).max(10_000),
});

@InputType({ description: 'The hearer’s decision on an appeal.' })
export class DecideAppealInput {
  @Field(() => ID, { description: 'The appeal.' }) appealId: string;
  @Field(() => AppealOutcomeValue, { description: 'Upheld, varied or dismissed.' })
  outcome: AppealOutcomeValue;
  @Field({ description: 'The reasons, in words.' }) note: string;
}
