import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'A notice to you about a case: a review coming due, an overdue review escalated to you, or a monitoring period that ended.',
})
export class NotificationNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field({
    description:
      'review-reminder, review-overdue, monitoring-ended, filed-unconfirmed, identity-provider-proposed, contact-logged, contact-while-inactive, escalation-referred, new-issue-while-restricted or break-glass.',
  })
  kind: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The case the notice is about; null for a notice about the council itself.',
  })
  caseId: string | null;
  @Field({
    description:
      'The date the notice is about (the review due date, the end of the period), YYYY-MM-DD.',
  })
  dueDate: string;
  @Field({ description: 'The policy role you were told in.' }) role: string;
  @Field({ description: 'One line: what and when.' }) title: string;
  @Field({ description: 'What to do.' }) body: string;
  @Field({ description: 'When the notice was written.' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When you marked it read; null while unread.' })
  readAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When it was also sent by email; null when not (yet) emailed.',
  })
  emailedAt: Date | null;
}
