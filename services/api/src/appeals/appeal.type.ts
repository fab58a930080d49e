import { LetterNode } from '../letters/letter.type';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { CaseNode, DecisionNode, RestrictionNode } from '../cases/case.type';

export enum AppealOutcomeValue {
  UPHELD = 'upheld',
  VARIED = 'varied',
  DISMISSED = 'dismissed',
}

registerEnumType(AppealOutcomeValue, {
  name: 'AppealOutcome',
  description: 'What the hearer of an appeal decided.',
  valuesConfig: {
    UPHELD: {
      description: 'The appeal succeeds: the measures of the decision appealed are lifted.',
    },
    VARIED: { description: 'The decision stands with changes, recorded in the note.' },
    DISMISSED: { description: 'The decision stands.' },
  },
});

@ObjectType({
  description: 'A customer’s challenge to a decision, heard by the role the policy names.',
})
export class AppealNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field(() => ID, { description: 'The decision appealed against.' }) decisionId: string;
  @Field({ description: 'The customer’s grounds, in words.' }) grounds: string;
  @Field({ description: 'lodged, upheld, varied or dismissed.' }) status: string;
  @Field({ description: 'When it was lodged.' }) lodgedAt: Date;
  @Field(() => ID, { description: 'Who recorded it.' }) lodgedBy: string;
  @Field(() => ID, { nullable: true, description: 'Who heard it.' }) decidedBy: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was decided.' })
  decidedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'The hearer’s reasons.' }) note:
    string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The decision (kind appeal) that settled it.',
  })
  outcomeDecisionId: string | null;
}

@ObjectType({
  description:
    'What deciding an appeal wrote: the appeal, its decision, the case and the measures lifted.',
})
export class AppealDecisionResult {
  @Field(() => AppealNode, { description: 'The appeal, now decided.' }) appeal: AppealNode;
  @Field(() => DecisionNode, { description: 'The decision (kind appeal).' })
  decision: DecisionNode;
  @Field(() => CaseNode, { description: 'The case after the decision.' }) case: CaseNode;
  @Field(() => [RestrictionNode], {
    description: 'Measures lifted because the appeal was upheld.',
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
