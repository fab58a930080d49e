import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'One problem the policy checker found (the same checker as `pnpm policy:check`).',
})
export class PolicyIssueNode {
  @Field({ description: 'Where in the policy, e.g. stages.stage-2.review.everyMonths.' })
  path: string;
  @Field(() => Int, { nullable: true, description: 'Line of the source text, when known.' }) line:
    number | null;
  @Field({ description: 'What is wrong, in plain words.' }) message: string;
}

@ObjectType({ description: 'The checker’s verdict on a policy draft.' })
export class PolicyCheckNode {
  @Field({ description: 'Whether the draft could be activated as far as its content goes.' })
  valid: boolean;
  @Field(() => [PolicyIssueNode], { description: 'Every problem found; empty when valid.' })
  errors: PolicyIssueNode[];
}

@ObjectType({
  description: 'One difference between a draft and the active version, in readable terms.',
})
export class PolicyChangeNode {
  @Field({ description: 'Where in the policy.' }) path: string;
  @Field({ description: 'e.g. “review cadence of stage-2: 6 → 3 months”.' }) description: string;
  @Field(() => String, {
    nullable: true,
    description: 'The active version’s value; null when added.',
  })
  before: string | null;
  @Field(() => String, { nullable: true, description: 'The draft’s value; null when removed.' })
  after: string | null;
}

@ObjectType({
  description: 'A version of the council’s policy: a draft, the active one, or a superseded one.',
})
export class PolicyVersionNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => Int, { description: 'Version number (1, 2, …).' }) version: number;
  @Field({ description: '`draft` (editable), `active` or `superseded` (both immutable).' })
  status: string;
  @Field({ description: '`yaml` or `json`.' }) format: string;
  @Field({ description: 'The policy text as written.' }) sourceText: string;
  @Field({ description: 'sha256 of the text.' }) sourceHash: string;
  @Field({ description: 'When it was created.' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was activated.' })
  activatedAt: Date | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Admin who asked to activate it, awaiting a second admin.',
  })
  activationRequestedBy: string | null;
  @Field({
    description: 'Whether activation was asked for and waits for a second tenant admin’s approval.',
  })
  awaitingApproval: boolean;
  @Field(() => ID, {
    nullable: true,
    description: 'Second tenant admin who approved the activation.',
  })
  approvedBy: string | null;
}

@ObjectType({
  description: 'The policy version a case is pinned to, and what it means for the case’s reviews.',
})
export class CasePolicyNode {
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field(() => ID, { description: 'The pinned policy version.' }) policyVersionId: string;
  @Field(() => Int, { description: 'Its version number.' }) policyVersion: number;
  @Field({ description: 'The case’s current stage.' }) stage: string;
  @Field(() => Int, {
    nullable: true,
    description: 'Review cadence of that stage under the pinned version, in months.',
  })
  reviewEveryMonths: number | null;
  @Field(() => Date, { nullable: true, description: 'When the next review falls due.' })
  reviewDueAt: Date | null;
}
