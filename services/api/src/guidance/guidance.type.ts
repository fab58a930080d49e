import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum GuidanceVerdict {
  ALLOWED = 'allowed',
  CONDITIONS = 'conditions',
  NOT_ALLOWED = 'not-allowed',
}
registerEnumType(GuidanceVerdict, {
  name: 'GuidanceVerdict',
  description: 'Whether contact on this channel is accepted.',
  valuesConfig: {
    ALLOWED: { description: 'Deal with it as usual.' },
    CONDITIONS: { description: 'Accepted, on the conditions given.' },
    NOT_ALLOWED: { description: 'Not accepted on this channel (now).' },
  },
});

@ObjectType({ description: 'A restriction in force, for staff whose roles may read case details.' })
export class GuidanceRestrictionDetail {
  @Field({ description: 'Restriction type key from the case’s policy.' }) type: string;
  @Field({ description: 'The measure as the policy names it.' }) label: string;
  @Field({ description: 'In force from.' }) startsAt: Date;
  @Field(() => Date, { nullable: true, description: 'Ends; null when indefinite.' })
  endsAt: Date | null;
}

@ObjectType({
  description: 'Case details behind the guidance: only for roles the policy lets read them.',
})
export class GuidanceCaseDetail {
  @Field(() => ID, { description: 'Case id.' }) caseId: string;
  @Field({ description: 'Case reference.' }) reference: string;
  @Field({ description: 'Stage, as the policy names it.' }) stageLabel: string;
  @Field(() => Date, { nullable: true, description: 'Next review due.' }) reviewDueAt: Date | null;
  @Field(() => [GuidanceRestrictionDetail], { description: 'Restrictions in force.' })
  restrictions: GuidanceRestrictionDetail[];
  @Field(() => [String], { description: 'Reasons recorded with the decisions that imposed them.' })
  reasons: string[];
}

@ObjectType({
  description: 'Details of a customer behind the guidance (readers of safeguarding details only).',
})
export class GuidanceDetails {
  @Field(() => [GuidanceCaseDetail], { description: 'Cases with restrictions in force.' })
  cases: GuidanceCaseDetail[];
  @Field(() => String, { nullable: true, description: 'Safeguarding notes.' })
  safeguardingNotes: string | null;
  @Field(() => [String], { description: 'Vulnerability flags.' }) vulnerabilityFlags: string[];
  @Field(() => String, { nullable: true, description: 'Reasonable adjustments agreed.' })
  reasonableAdjustments: string | null;
}

@ObjectType({ description: 'What to do with this customer’s contact on the channel in hand.' })
export class ContactGuidance {
  @Field(() => ID, { description: 'Customer id.' }) customerId: string;
  @Field({ description: 'Customer reference.' }) reference: string;
  @Field(() => String, {
    nullable: true,
    description: 'Name, so staff know they have the right person.',
  })
  fullName: string | null;
  @Field({ description: 'How closely the search matched (0–1).' }) score: number;
  @Field({ description: 'The channel asked about (policy key).' }) channel: string;
  @Field({ description: 'The channel as the policy names it.' }) channelLabel: string;
  @Field(() => GuidanceVerdict, { description: 'Accepted, accepted on conditions, or not.' })
  verdict: GuidanceVerdict;
  @Field({ description: 'False only when this channel must not be used (now).' }) allowed: boolean;
  @Field({ description: 'The plain answer: "No restrictions", or what to do.' }) summary: string;
  @Field(() => [String], { description: 'Each instruction, refusals first.' })
  instructions: string[];
  @Field({ description: 'Written items go to the filed-without-reply queue.' })
  filedWithoutReply: boolean;
  @Field({
    description:
      'Always true: a new complaint, an emergency or a safeguarding concern is taken and passed on whatever the restrictions.',
  })
  newMattersAccepted: boolean;
  @Field(() => GuidanceDetails, {
    nullable: true,
    description: 'Case details; null unless the policy lets your roles read safeguarding details.',
  })
  details: GuidanceDetails | null;
}
