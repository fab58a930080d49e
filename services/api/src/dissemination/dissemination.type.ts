import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'A record that a group the policy names was told of a decision on a case.',
})
export class DisseminationNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field(() => ID, { description: 'The decision the group was told of.' }) decisionId: string;
  @Field({
    description:
      'Who was told: a role key, an audience key of the policy, or `elected-member:<id>` for one elected member.',
  })
  audience: string;
  @Field({ description: 'role, audience or elected-member.' }) kind: string;
  @Field({ description: 'Who was told, in words.' }) label: string;
  @Field({ description: 'When they were told.' }) informedAt: Date;
}
