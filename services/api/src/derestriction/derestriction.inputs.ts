import { Field, ID, InputType, Int } from 'type-graphql';
import { z } from 'zod';

export const requestDerestrictionSchema = z.strictObject({
  restrictionId: z.uuid(),
  reason: z.string().trim().min(1).max(10_000),
  exceptional: z.boolean(),
});

@InputType({ description: 'A customer’s request that a restriction be lifted.' })
export class RequestDerestrictionInput {
  @Field(() => ID, { description: 'The restriction to lift.' }) restrictionId: string;
  @Field({ description: 'The customer’s reasons, in words.' }) reason: string;
  @Field({
    description:
      'Whether exceptional circumstances are recorded (they let a request be considered early where the policy allows).',
  })
  exceptional: boolean;
}

export const decideDerestrictionSchema = z.strictObject({
  requestId: z.uuid(),
  grant: z.boolean(),
  note: z.string().trim().min(1).max(10_000),
  expectedCaseVersion: z.number().int().min(0),
});

@InputType({ description: 'The decision on a derestriction request.' })
export class DecideDerestrictionInput {
  @Field(() => ID, { description: 'The request.' }) requestId: string;
  @Field({ description: 'true lifts the restriction; false refuses the request.' }) grant: boolean;
  @Field({ description: 'The reasons, in words.' }) note: string;
  @Field(() => Int, {
    description:
      'The case version the request was decided on (Case.version), required: a case changed since (a repeated or stale call) is refused with CONFLICT.',
  })
  expectedCaseVersion!: number;
}
