import { Field, ID, ObjectType } from 'type-graphql';
import { CaseNode, DecisionNode, RestrictionNode } from '../cases/case.type';
import { DisseminationNode } from '../dissemination/dissemination.type';
import { LetterNode } from '../letters/letter.type';

@ObjectType({ description: 'Someone who took a step of a decision, in the role they acted in.' })
export class DecisionParticipantNode {
  @Field(() => ID, { description: 'The member of staff.' }) userId: string;
  @Field({ description: 'Role key they acted in.' }) role: string;
  @Field({ description: 'The step they took: propose, recommend or decide.' }) step: string;
}

@ObjectType({
  description:
    'What a completed stage move wrote: the decision, the case as it now stands, the measures in force, the letter and who was told.',
})
export class TransitionOutcomeNode {
  @Field(() => DecisionNode, { description: 'The decision recorded.' }) decision: DecisionNode;
  @Field(() => CaseNode, { description: 'The case after the move.' }) case: CaseNode;
  @Field(() => [RestrictionNode], { description: 'Restrictions imposed by the decision.' })
  restrictions: RestrictionNode[];
  @Field(() => LetterNode, {
    nullable: true,
    description: 'The letter to the customer (draft), when the policy asks for one.',
  })
  letter: LetterNode | null;
  @Field(() => [DisseminationNode], { description: 'The groups recorded as told.' })
  disseminations: DisseminationNode[];
}
