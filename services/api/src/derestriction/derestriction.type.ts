import { LetterNode } from '../letters/letter.type';
import { Field, ID, ObjectType } from 'type-graphql';
import { CaseNode, DecisionNode, RestrictionNode } from '../cases/case.type';

@ObjectType({
  description: 'The customer’s request that a restriction be lifted (London §9), and its decision.',
})
export class DerestrictionRequestNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field(() => ID, { description: 'The restriction the customer asks to lift.' })
  restrictionId: string;
  @Field({ description: 'The customer’s reasons, in words.' }) reason: string;
  @Field({ description: 'Whether exceptional circumstances were recorded (early requests).' })
  exceptional: boolean;
  @Field({ description: 'When the request was made.' }) requestedAt: Date;
  @Field(() => ID, { description: 'Who recorded it.' }) recordedBy: string;
  @Field({ description: 'pending, granted or refused.' }) status: string;
  @Field(() => ID, { nullable: true, description: 'Who decided it.' }) decidedBy: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was decided.' })
  decidedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'The decider’s reasons.' }) note:
    string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The decision (kind derestriction) that settled it.',
  })
  decisionId: string | null;
}

@ObjectType({
  description:
    'What deciding a derestriction request wrote: the request, its decision and the case.',
})
export class DerestrictionDecisionResult {
  @Field(() => DerestrictionRequestNode, { description: 'The request, now decided.' })
  request: DerestrictionRequestNode;
  @Field(() => DecisionNode, { description: 'The decision (kind derestriction).' })
  decision: DecisionNode;
  @Field(() => CaseNode, { description: 'The case after the decision.' }) case: CaseNode;
  @Field(() => [RestrictionNode], {
    description: 'Measures lifted because the request was granted.',
  })
  liftedRestrictions: RestrictionNode[];
  @Field(() => LetterNode, {
    nullable: true,
    description:
      'The letter telling the customer of the outcome (draft), from the council’s template.',
  })
  letter: LetterNode | null;
  @Field(() => [RestrictionNode], { description: 'Measures in force after the decision.' })
  restrictions: RestrictionNode[];
}
