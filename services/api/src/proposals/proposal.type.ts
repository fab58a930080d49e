import { Field, ID, Int, ObjectType } from 'type-graphql';
import { TransitionOutcomeNode } from '../decisions/decision.type';

@ObjectType({
  description: 'Why the policy does not allow something now, in words staff understand.',
})
export class PolicyReasonNode {
  @Field({ description: 'Stable code, e.g. WRONG_ROLE, CHECK_MISSING, SELF_APPROVAL.' })
  code: string;
  @Field({ description: 'The reason in words, for council staff.' }) message: string;
}

@ObjectType({ description: 'A role of the council’s policy.' })
export class PolicyRoleNode {
  @Field({ description: 'Role key.' }) key: string;
  @Field({ description: 'Role name.' }) label: string;
}

@ObjectType({
  description: 'Something the policy requires before a decision, and whether it is done.',
})
export class RequirementNode {
  @Field({ description: 'Check key or consultee role key.' }) key: string;
  @Field({ description: 'What is required, in words.' }) label: string;
  @Field({ description: 'Whether it has been done.' }) done: boolean;
}

@ObjectType({ description: 'A move out of the case’s current stage and what it needs next.' })
export class AvailableActionNode {
  @Field({ description: 'Transition key from the policy.' }) transitionKey: string;
  @Field({ description: 'What the move is, in words.' }) label: string;
  @Field({ description: 'Stage the case is in.' }) fromStage: string;
  @Field({ description: 'Stage the move leads to.' }) toStage: string;
  @Field({ description: 'Label of the stage the move leads to.' }) toStageLabel: string;
  @Field({ description: 'Whether you may take the next step now.' }) allowed: boolean;
  @Field(() => [PolicyReasonNode], { description: 'Why not, when not allowed.' })
  reasons: PolicyReasonNode[];
  @Field(() => String, {
    nullable: true,
    description: 'The next step of the move: propose, recommend or decide.',
  })
  nextStep: string | null;
  @Field(() => [PolicyRoleNode], { description: 'Roles that may take the next step.' })
  whoMayAct: PolicyRoleNode[];
  @Field(() => [PolicyRoleNode], {
    description:
      'Roles that may stand in for them (e.g. a Director when the Chief Executive is unavailable).',
  })
  deputies: PolicyRoleNode[];
  @Field(() => ID, {
    nullable: true,
    description: 'The open proposal for this move, if one is under way.',
  })
  proposalId: string | null;
  @Field(() => [RequirementNode], { description: 'Pre-action checks the decision needs.' })
  requiredChecks: RequirementNode[];
  @Field(() => [RequirementNode], { description: 'Consultations the decision needs.' })
  requiredConsultations: RequirementNode[];
  @Field({ description: 'Whether the move is a skip only allowed after severe conduct.' })
  isSkip: boolean;
}

@ObjectType({ description: 'A measure proposed for the stage the case moves to.' })
export class ProposedRestrictionNode {
  @Field({ description: 'Restriction type key from the policy’s catalogue.' }) type: string;
  @Field({ description: 'The measure, in words.' }) label: string;
  @Field({ description: 'Parameters as JSON.' }) parametersJson: string;
}

@ObjectType({ description: 'One act on a proposal: who, in which role, at which step.' })
export class ProposalStepNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => Int, { description: 'Position in the approval chain; 0 is the proposal.' })
  position: number;
  @Field({ description: 'The step: propose, recommend or decide.' }) step: string;
  @Field({ description: 'What was done: propose, recommend, approve, reject or withdraw.' })
  action: string;
  @Field({ description: 'Role key the person acted in.' }) role: string;
  @Field(() => ID, { description: 'Who acted.' }) userId: string;
  @Field(() => String, { nullable: true, description: 'Their note.' }) note: string | null;
  @Field({ description: 'When.' }) actedAt: Date;
}

@ObjectType({ description: 'A proposed move between stages, travelling up its approval chain.' })
export class ProposalNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field({ description: 'Transition key from the policy.' }) transitionKey: string;
  @Field({ description: 'Stage the case was in.' }) fromStage: string;
  @Field({ description: 'Stage the case would move to.' }) toStage: string;
  @Field({ description: 'Why, with reference to the evidence; becomes the letter’s reasons.' })
  rationale: string;
  @Field(() => [ID], { description: 'Logged contacts relied on as evidence.' })
  evidenceContactIds: string[];
  @Field(() => [ProposedRestrictionNode], { description: 'Measures proposed.' })
  restrictions: ProposedRestrictionNode[];
  @Field(() => Int, { nullable: true, description: 'How long the measures last, in months.' })
  durationMonths: number | null;
  @Field({ description: 'Measures without an end date (where the policy allows).' })
  indefinite: boolean;
  @Field({ description: 'Exceptional circumstances recorded.' }) exceptional: boolean;
  @Field({ description: 'The named decider is recorded as absent or unavailable.' })
  principalUnavailable: boolean;
  @Field({ description: 'open, approved, rejected or withdrawn.' }) status: string;
  @Field(() => ID, { description: 'Who proposed it.' }) proposedBy: string;
  @Field({ description: 'When.' }) proposedAt: Date;
  @Field(() => Date, {
    nullable: true,
    description: 'When it was approved, rejected or withdrawn.',
  })
  closedAt: Date | null;
  /** Internal: the policy version of the case, for labels and the next step. */
  policyVersionId: string;
}

@ObjectType({ description: 'The result of acting on a proposal.' })
export class ProposalActionResult {
  @Field(() => ProposalNode, { description: 'The proposal after the act.' }) proposal: ProposalNode;
  @Field(() => ProposalStepNode, { description: 'The step recorded.' }) step: ProposalStepNode;
  @Field(() => TransitionOutcomeNode, {
    nullable: true,
    description: 'Set when the act was the final approval: what the decision wrote.',
  })
  outcome: TransitionOutcomeNode | null;
}
