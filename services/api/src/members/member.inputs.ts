import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';

export const setMemberOptInSchema = z.strictObject({
  memberName: z.string().trim().min(1).max(200),
  ward: z.string().trim().min(1).max(200).nullish(),
  optedIn: z.boolean(),
  customerId: z.uuid().nullish(),
});

@InputType({
  description: 'An elected member opting in to or out of being told about arrangements.',
})
export class SetMemberOptInInput {
  @Field({ description: 'The elected member’s name.' }) memberName: string;
  @Field(() => String, { nullable: true, description: 'Their ward.' }) ward?: string | null;
  @Field({ description: 'true to be told about arrangements; false not to be.' }) optedIn: boolean;
  @Field(() => ID, {
    nullable: true,
    description:
      'The customer whose arrangement the choice is about, where the policy gives members a say per customer (Cheshire West Part A §1); absent: every customer.',
  })
  customerId?: string | null;
}
