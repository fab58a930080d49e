import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum FiledStatus {
  PENDING = 'pending',
  OVERDUE = 'overdue',
  ESCALATED = 'escalated',
  CONFIRMED = 'confirmed',
}
registerEnumType(FiledStatus, {
  name: 'FiledCorrespondenceStatus',
  description: 'Where a filed item stands.',
  valuesConfig: {
    PENDING: { description: 'Awaiting the designated officer, within the lead time.' },
    OVERDUE: { description: 'Past the lead time, not yet escalated by the worker.' },
    ESCALATED: { description: 'Past the lead time and escalated.' },
    CONFIRMED: { description: 'Read and confirmed by an officer.' },
  },
});

export enum FiledOutcomeValue {
  NO_NEW_INFORMATION = 'no-new-information',
  NEW_INFORMATION = 'new-information',
  SAFEGUARDING_CONCERN = 'safeguarding-concern',
}
registerEnumType(FiledOutcomeValue, {
  name: 'FiledCorrespondenceOutcome',
  description: 'What the designated officer found on reading a filed item.',
  valuesConfig: {
    NO_NEW_INFORMATION: { description: 'Nothing new: stays filed without reply.' },
    NEW_INFORMATION: { description: 'A new issue or new information: to be dealt with.' },
    SAFEGUARDING_CONCERN: { description: 'A safeguarding concern: to be acted on at once.' },
  },
});

@ObjectType({
  description:
    'An item of correspondence read and filed without reply under a restriction, awaiting or carrying a designated officer’s confirmation.',
})
export class FiledCorrespondenceNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field({ description: 'Case reference.' }) caseReference: string;
  @Field(() => ID, { description: 'The customer.' }) customerId: string;
  @Field(() => ID, { description: 'The restriction under which it is filed.' })
  restrictionId: string;
  @Field({ description: 'Channel key it arrived by.' }) channel: string;
  @Field({ description: 'When it arrived.' }) receivedAt: Date;
  @Field(() => String, { nullable: true, description: 'What it says, briefly.' }) summary:
    string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The designated officer named in the restriction, if any.',
  })
  designatedOfficer: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The topic or matter filed without reply, if any.',
  })
  topic: string | null;
  @Field({ description: 'When it was logged.' }) loggedAt: Date;
  @Field({ description: 'Unconfirmed after this, it escalates.' }) reviewDueAt: Date;
  @Field(() => FiledStatus, { description: 'Where it stands now.' }) status: FiledStatus;
  @Field(() => Date, { nullable: true, description: 'When an officer confirmed reading it.' })
  confirmedAt: Date | null;
  @Field(() => ID, { nullable: true, description: 'Who confirmed it.' }) confirmedBy: string | null;
  @Field(() => FiledOutcomeValue, { nullable: true, description: 'What they found.' })
  outcome: FiledOutcomeValue | null;
  @Field(() => String, { nullable: true, description: 'Their note.' }) confirmationNote:
    string | null;
  @Field(() => Date, { nullable: true, description: 'When it escalated.' })
  escalatedAt: Date | null;
  @Field(() => [String], { description: 'Roles it escalated to.' }) escalatedTo: string[];
}
