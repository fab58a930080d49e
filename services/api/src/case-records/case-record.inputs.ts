import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';

const reasonText = z.string().trim().min(1).max(5000);

export const legalHoldSchema = z.strictObject({ caseId: z.uuid(), reason: reasonText });

@InputType({ description: 'Placing or releasing a legal hold on a case.' })
export class LegalHoldInput {
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field({ description: 'Why (kept on the case; the audit holds only its id).' }) reason: string;
}

export const recordReferralSchema = z.strictObject({
  caseId: z.uuid(),
  referralKey: z.string().min(1).max(100),
  occurredAt: z.date(),
  note: reasonText,
});

@InputType({ description: 'A referral outside the policy (police, staff protection ...).' })
export class RecordReferralInput {
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field({ description: 'Key of the referral in the policy’s `referrals` list.' })
  referralKey: string;
  @Field({ description: 'When the referral was made; not in the future.' }) occurredAt: Date;
  @Field({ description: 'What was referred and to whom.' }) note: string;
}

export const addCaseNoteSchema = z.strictObject({ caseId: z.uuid(), text: reasonText });

@InputType({ description: 'A note added to a case.' })
export class AddCaseNoteInput {
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field({ description: 'The note (e.g. a cyclical pattern of contact identified).' })
  text: string;
}

export const setNextReviewSchema = z.strictObject({
  caseId: z.uuid(),
  dueAt: z.date(),
  reasons: reasonText,
});

@InputType({
  description:
    'A review date set for one case, with reasons (Southampton: "adjusted given the personal circumstances").',
})
export class SetNextReviewInput {
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field({ description: 'When the case is next reviewed; within the limits the policy sets.' })
  dueAt: Date;
  @Field({ description: 'Why (kept on the case; the audit holds only its id).' }) reasons: string;
}
