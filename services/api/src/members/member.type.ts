import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'An elected member’s choice to be told, or not, about managed-contact arrangements (Cheshire §1).',
})
export class MemberPreferenceNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field({ description: 'The elected member’s name.' }) memberName: string;
  @Field(() => String, { nullable: true, description: 'Their ward.' }) ward: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The customer the choice is about; null: every customer.',
  })
  customerId: string | null;
  @Field({ description: 'Whether they opted in.' }) optedIn: boolean;
  @Field({
    description: 'Whether, under the council’s arrangement, they are told about arrangements.',
  })
  informed: boolean;
  @Field(() => ID, { description: 'Who recorded the choice.' }) updatedBy: string;
  @Field({ description: 'When it was recorded.' }) updatedAt: Date;
}
