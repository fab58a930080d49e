import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CustomerNode } from '../customers/customer.type';

@ObjectType({
  simpleResolvers: true,
  description: 'One managed-contact matter about one customer.',
})
export class CaseNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field({ description: 'The council’s reference for the case.' }) reference: string;
  @Field({ description: 'Key of the current stage in the case’s policy version.' }) stage: string;
  @Field({ description: 'Label of the current stage.' }) stageLabel: string;
  @Field({
    description:
      'open, closed, dormant, archived (measures ended with nothing left to review: off the review schedule until retention applies) or purged.',
  })
  status: string;
  @Field(() => [String], { description: 'Service areas involved.' }) serviceAreas: string[];
  @Field(() => [String], { description: 'Linked complaint or FOI references.' })
  linkedReferences: string[];
  @Field({ description: 'Under legal hold: never purged while set.' }) legalHold: boolean;
  @Field({ description: 'When the case was opened.' }) openedAt: Date;
  @Field({ description: 'When the case entered its current stage.' }) stageEnteredAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the next review falls due.' })
  reviewDueAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the case was closed.' })
  closedAt: Date | null;
  @Field({ description: 'Version number of the policy the case is pinned to.' })
  policyVersion: number;
  @Field(() => Int, {
    description:
      'Bumped by every decision on the case; pass it as expectedCaseVersion so a decision taken on a stale view is refused.',
  })
  version: number;
  // The related rows are plain values, read with the case when the operation
  // selects them: no resolver runs for them, 200 times on a page of 50 cases.
  @Field(() => CustomerNode, { description: 'The customer the case is about.' })
  customer: CustomerNode;
  @Field(() => [ContactNode], { description: 'Contacts logged on the case, oldest first.' })
  contacts: ContactNode[];
  @Field(() => [DecisionNode], { description: 'Decisions on the case, oldest first.' })
  decisions: DecisionNode[];
  @Field(() => [RestrictionNode], { description: 'Restrictions on the case, in force or past.' })
  restrictions: RestrictionNode[];
  /** Internal: the customer and policy version ids. */
  customerId: string;
  policyVersionId: string;
}

@ObjectType({
  simpleResolvers: true,
  description: 'One logged contact or incident (a log sheet entry).',
})
export class ContactNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field({ description: 'When the contact happened.' }) occurredAt: Date;
  @Field({ description: 'Channel key from the policy’s catalogue.' }) channel: string;
  @Field(() => [String], { description: 'Behaviour category keys.' }) behaviourCategories: string[];
  @Field({ description: 'Severity: low, medium, high or extreme.' }) severity: string;
  @Field(() => String, { nullable: true, description: 'What happened.' }) description:
    string | null;
  @Field(() => String, { nullable: true, description: 'Staff affected.' }) staffAffected:
    string | null;
  @Field({ description: 'The customer raised a new issue.' }) newIssue: boolean;
  @Field(() => ID, { description: 'Who recorded it.' }) recordedBy: string;
  @Field({ description: 'When it was recorded.' }) recordedAt: Date;
  @Field(() => ID, { nullable: true, description: 'The case it belongs to, if any.' }) caseId:
    string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A pre-action check attested on a case.' })
export class CheckAttestationNode {
  @Field({ description: 'Check key from the policy.' }) checkKey: string;
  @Field(() => String, { nullable: true, description: 'What was considered.' }) note: string | null;
  @Field(() => ID, { description: 'Who attested it.' }) attestedBy: string;
  @Field({ description: 'When.' }) attestedAt: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A restriction (special measure) on a case.' })
export class RestrictionNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field({ description: 'Restriction type key from the policy’s catalogue.' }) type: string;
  @Field(() => String, {
    description: 'Parameters as JSON (officer, channel, days, times, minutes, ...).',
  })
  parametersJson: string;
  @Field({ description: 'When it starts.' }) startsAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it ends; null when indefinite.' })
  endsAt: Date | null;
  @Field({ description: 'active, ended or lifted.' }) status: string;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A decision on a case: a stage move, a review, an appeal or a derestriction.',
})
export class DecisionNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field({
    description:
      'transition, review, appeal, derestriction, expiry (measures reached their end date), automatic (a move the system made on schedule) or imported (brought in from the council’s register file; nobody decided it in Conduct).',
  })
  kind: string;
  @Field(() => String, { nullable: true, description: 'Transition key, for stage moves.' })
  transitionKey: string | null;
  @Field(() => String, { nullable: true, description: 'Stage before.' }) fromStage: string | null;
  @Field(() => String, { nullable: true, description: 'Stage after.' }) toStage: string | null;
  @Field(() => String, { nullable: true, description: 'Outcome, for reviews and appeals.' })
  outcome: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'Who decided; null when the system did, on schedule, or the decision was imported.',
  })
  decidedBy: string | null;
  @Field({ description: 'When.' }) decidedAt: Date;
}
