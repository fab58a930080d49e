import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ProposalNode } from '../proposals/proposal.type';
import { CaseNode, DecisionNode, RestrictionNode } from '../cases/case.type';
import { LetterNode } from '../letters/letter.type';

/** GraphQL names for the engine's review outcomes; the values are the policy's keys. */
export enum ReviewOutcomeValue {
  CONTINUE = 'continue',
  VARY = 'vary',
  EXTEND = 'extend',
  ESCALATE = 'escalate',
  LIFT = 'lift',
}

registerEnumType(ReviewOutcomeValue, {
  name: 'ReviewOutcome',
  description: 'What a review decided about the arrangements in force.',
  valuesConfig: {
    CONTINUE: { description: 'The arrangements continue unchanged.' },
    VARY: { description: 'The measures or their parameters change; the period stays.' },
    EXTEND: { description: 'The period is extended.' },
    ESCALATE: { description: 'The case moves to the stage the policy escalates to.' },
    LIFT: { description: 'Every restriction is lifted and the case moves on (usually closed).' },
  },
});

@ObjectType({ description: 'A review of a case’s arrangements and its outcome.' })
export class ReviewNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => ID, { description: 'The case reviewed.' }) caseId: string;
  @Field(() => ID, { description: 'The decision (kind review) that records the outcome.' })
  decisionId: string;
  @Field(() => ReviewOutcomeValue, { description: 'The outcome.' }) outcome: ReviewOutcomeValue;
  @Field({ description: 'The reviewer’s reasons, in words.' }) note: string;
  @Field(() => String, { nullable: true, description: 'The stage reviewed.' })
  fromStage: string | null;
  @Field(() => String, { nullable: true, description: 'The stage the outcome left the case in.' })
  toStage: string | null;
  @Field({ description: 'Whether the customer was invited to comment first.' })
  customerCommentInvited: boolean;
  @Field(() => [String], { description: 'Role keys of the consultations recorded.' })
  consultations: string[];
  @Field({ description: 'Whether the council decided not to write to the customer.' })
  noLetter: boolean;
  @Field(() => String, { nullable: true, description: 'Why the council is not writing.' })
  noLetterReasons: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The review letter (draft), if one was written.',
  })
  letterId: string | null;
  @Field(() => ID, { description: 'Who recorded the review.' }) reviewedBy: string;
  @Field({ description: 'When.' }) reviewedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the next review falls due.' })
  nextReviewDueAt: Date | null;
}

@ObjectType({
  description:
    'What recording a review wrote: the review, its decision, the case as it now stands, the measures in force and the letter.',
})
export class RecordReviewResult {
  @Field(() => ReviewNode, { description: 'The review recorded.' }) review: ReviewNode;
  @Field(() => DecisionNode, { description: 'The decision (kind review).' })
  decision: DecisionNode;
  @Field(() => CaseNode, { description: 'The case after the outcome.' }) case: CaseNode;
  @Field(() => [RestrictionNode], { description: 'Restrictions in force after the review.' })
  restrictions: RestrictionNode[];
  @Field(() => LetterNode, {
    nullable: true,
    description: 'The review letter (draft), when the policy names one and the council writes.',
  })
  letter: LetterNode | null;
  @Field(() => ProposalNode, {
    nullable: true,
    description:
      'ESCALATE: the proposal opened for the target stage’s transition; its approval chain decides the move.',
  })
  proposal: ProposalNode | null;
}
