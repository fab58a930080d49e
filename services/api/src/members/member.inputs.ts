import { Field, InputType } from 'type-graphql';
import { z } from 'zod';

export const setMemberOptInSchema = z.strictObject({
  memberName: z.string().trim().min(1).max(200),
  ward: z.string().trim().min(1).max(200).nullish(),
  optedIn: z.boolean(),
});

@InputType({
  description: 'An elected member opting in to or out of being told about arrangements.',
})
export class SetMemberOptInInput {
  @Field({ description: 'The elected member’s name.' }) memberName: string;
  @Field(() => String, { nullable: true, description: 'Their ward.' }) ward?: string | null;
  @Field({ description: 'true to be told about arrangements; false not to be.' }) optedIn: boolean;
}
