import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'Something recorded on a case that is not a decision: a note, a referral outside the policy, a legal hold placed or released, or a review date set for the case.',
})
export class CaseRecordNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field({
    description: 'note, referral, legal-hold-placed, legal-hold-released or review-rescheduled.',
  })
  kind: string;
  @Field(() => String, {
    nullable: true,
    description: 'For a referral: its key in the policy’s referrals list.',
  })
  referralKey: string | null;
  @Field(() => String, { nullable: true, description: 'For a referral: its label in the policy.' })
  referralLabel: string | null;
  @Field({ description: 'The note, or the reason for the hold or referral.' }) body: string;
  @Field({ description: 'When it happened.' }) occurredAt: Date;
  @Field(() => ID, { description: 'Who recorded it.' }) recordedBy: string;
  @Field({ description: 'When it was recorded.' }) recordedAt: Date;
}
