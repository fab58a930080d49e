import { Field, ID, ObjectType } from 'type-graphql';
import { ConsultationSubject } from './consultation.inputs';

@ObjectType({
  description: 'A consultation recorded on a case: who was consulted, and what they advised.',
})
export class ConsultationNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => ConsultationSubject, { description: 'What it informs.' })
  subject: ConsultationSubject;
  @Field(() => ID, { nullable: true, description: 'The proposal it informs.' }) proposalId:
    string | null;
  @Field(() => ID, { nullable: true, description: 'The request to lift restrictions it informs.' })
  derestrictionRequestId: string | null;
  @Field(() => ID, { nullable: true, description: 'The review it informed, once recorded.' })
  reviewId: string | null;
  @Field({ description: 'Role key of the person consulted.' }) consultee: string;
  @Field(() => ID, { nullable: true, description: 'The staff user consulted, if a user.' })
  consultedUserId: string | null;
  @Field(() => String, { nullable: true, description: 'The person consulted, as named.' })
  consultedName: string | null;
  @Field(() => String, { nullable: true, description: 'What they advised.' }) note: string | null;
  @Field(() => ID, { description: 'Who recorded it.' }) recordedBy: string;
  @Field({ description: 'When.' }) recordedAt: Date;
}
