import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';
import { FiledOutcomeValue, FiledStatus } from './filed.type';

export const logFiledSchema = z.strictObject({
  customerId: z.uuid(),
  channel: z.string().min(1).max(50),
  receivedAt: z.coerce.date(),
  summary: z.string().trim().min(1).max(2000).nullish(),
  restrictionId: z.uuid().nullish(),
});

@InputType({
  description: 'An item of correspondence that a restriction says is read and filed without reply.',
})
export class LogFiledCorrespondenceInput {
  @Field(() => ID, { description: 'The customer it came from.' }) customerId: string;
  @Field({ description: 'Channel key it arrived by (letter, email, ...).' }) channel: string;
  @Field({ description: 'When it arrived.' }) receivedAt: Date;
  @Field(() => String, { nullable: true, description: 'What it says, briefly.' })
  summary?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The restriction it is filed under; needed only when several apply.',
  })
  restrictionId?: string | null;
}

export const confirmFiledSchema = z.strictObject({
  outcome: z.enum(FiledOutcomeValue),
  note: z.string().trim().min(1).max(2000).nullish(),
});

@InputType({ description: 'The designated officer’s confirmation that they read a filed item.' })
export class ConfirmFiledCorrespondenceInput {
  @Field(() => FiledOutcomeValue, { description: 'What they found.' }) outcome: FiledOutcomeValue;
  @Field(() => String, {
    nullable: true,
    description: 'A note (required for new information or a safeguarding concern).',
  })
  note?: string | null;
}

export const filedStatusSchema = z.enum(FiledStatus).nullish();
