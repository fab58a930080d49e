import { Field, Int, ObjectType } from 'type-graphql';
import { LetterChannel } from '../letters/letter.type';

@ObjectType({ description: 'A key of your council’s policy and the words it uses for it.' })
export class CatalogueEntryNode {
  @Field({ description: 'Stable key, as the API takes it (e.g. a channel key in logContact).' })
  key: string;
  @Field({ description: 'The council’s own words for it.' }) label: string;
}

@ObjectType({ description: 'A parameter every instance of a measure must carry.' })
export class MeasureParameterNode {
  @Field({ description: 'Name, as ProposedRestrictionInput.parameters takes it.' }) name: string;
  @Field({
    description:
      'officer, channel, weekdays, time-window, minutes, count or text: which input to give.',
  })
  type: string;
  @Field({ description: 'The council’s label for it.' }) label: string;
  @Field({ description: 'Whether a proposal must give it.' }) required: boolean;
}

@ObjectType({ description: 'A kind of measure (restriction) your policy allows.' })
export class MeasureTypeNode {
  @Field({ description: 'Restriction type key.' }) key: string;
  @Field({ description: 'The council’s label.' }) label: string;
  @Field(() => [MeasureParameterNode], { description: 'Its parameters, in the policy’s order.' })
  parameters: MeasureParameterNode[];
}

@ObjectType({ description: 'The letter a review outcome writes, in the policy’s words.' })
export class CatalogueOutcomeLetterNode {
  @Field({ description: 'continue, vary, extend, escalate or lift.' }) outcome: string;
  @Field({ description: 'Letter template key.' }) letter: string;
  @Field({ description: 'The template’s title, as the policy words it (placeholders unfilled).' })
  title: string;
}

@ObjectType({
  description:
    'Whether one case’s next review date may be set by hand, by whom and within which limits.',
})
export class CatalogueReviewDateNode {
  @Field(() => [String], { description: 'Role keys that may set the next review date.' })
  setBy: string[];
  @Field(() => Int, { description: 'The earliest: this many days from today.' })
  minDays: number;
  @Field(() => Int, { description: 'The latest: this many months from today.' })
  maxMonths: number;
}

@ObjectType({ description: 'How a stage is reviewed: what a review may decide and what it needs.' })
export class CatalogueReviewNode {
  @Field(() => [String], {
    description: 'Outcomes a review may give (continue, vary, extend, escalate, lift).',
  })
  outcomes: string[];
  @Field(() => [String], { description: 'Role keys that carry out the review.' })
  reviewers: string[];
  @Field(() => [String], { description: 'Role keys that must be consulted at each review.' })
  consultations: string[];
  @Field(() => [CatalogueOutcomeLetterNode], {
    description: 'The letter each outcome writes (outcomes with none write no letter).',
  })
  letters: CatalogueOutcomeLetterNode[];
  @Field(() => [String], { description: 'Outcomes that may be decided without writing.' })
  noLetterOutcomes: string[];
  @Field(() => [String], {
    description: 'Role keys that must be consulted before deciding not to write.',
  })
  noLetterConsultations: string[];
  @Field({ description: 'Whether an extension needs the customer’s comments invited first.' })
  extendRequiresCustomerComment: boolean;
  @Field(() => String, { nullable: true, description: 'The stage an escalation asks for.' })
  escalateTo: string | null;
  @Field(() => CatalogueReviewDateNode, {
    nullable: true,
    description: 'How the next review date may be set case by case; null: the cadence is fixed.',
  })
  adjustableCadence: CatalogueReviewDateNode | null;
}

@ObjectType({ description: 'A customer’s request to lift restrictions: who decides and when.' })
export class CatalogueDerestrictionNode {
  @Field(() => [String], { description: 'Role keys that decide the request.' })
  decidedBy: string[];
  @Field(() => [String], { description: 'Role keys consulted before the decision.' })
  consultations: string[];
  @Field(() => Int, {
    description:
      'How many consultations (any role) must be recorded before the decision (London §9: at least one).',
  })
  minConsultations: number;
  @Field({ description: 'Whether exceptional circumstances let a request be made early.' })
  exceptionalCircumstancesOverride: boolean;
}

@ObjectType({ description: 'What elected members are told, and whether they choose.' })
export class CatalogueElectedMembersNode {
  @Field({
    description:
      'informed (always told), opt-in, opt-out or none (never told): opt-in and opt-out give members a choice.',
  })
  arrangement: string;
  @Field({ description: 'Whether a member’s choice may be given for one customer.' })
  perCustomer: boolean;
}

@ObjectType({ description: 'A way a letter may go to the customer, in words.' })
export class CatalogueLetterChannelNode {
  @Field(() => LetterChannel, { description: 'As markLetterSent takes it.' })
  channel: LetterChannel;
  @Field({ description: 'In words, e.g. “Recorded delivery”.' }) label: string;
  @Field({
    description: 'Whether it is one of the council’s usual channels (recorded when none is given).',
  })
  usual: boolean;
}

@ObjectType({ description: 'How the council sends letters and who records them as sent.' })
export class CatalogueLetterSendingNode {
  @Field(() => [CatalogueLetterChannelNode], {
    description:
      'The channels a letter may be recorded as sent by, the council’s usual ones first.',
  })
  channels: CatalogueLetterChannelNode[];
  @Field(() => [String], {
    description: 'Role keys that may record a letter as sent; empty: any member of staff.',
  })
  markedSentBy: string[];
}

@ObjectType({ description: 'A stage of your policy and the measures it may impose.' })
export class CatalogueStageNode {
  @Field({ description: 'Stage key.' }) key: string;
  @Field({ description: 'The council’s label.' }) label: string;
  @Field({ description: 'open, warning, restriction or closed.' }) kind: string;
  @Field(() => [String], { description: 'Measure type keys a move to this stage may impose.' })
  measures: string[];
  @Field({ description: 'Whether a move to this stage may be indefinite.' })
  indefiniteAllowed: boolean;
  @Field(() => Number, { nullable: true, description: 'Longest period in months, if capped.' })
  maxMonths: number | null;
  @Field(() => Number, { nullable: true, description: 'Period in months when none is given.' })
  defaultMonths: number | null;
  @Field(() => CatalogueReviewNode, {
    nullable: true,
    description: 'How the stage is reviewed; null when it is not.',
  })
  review: CatalogueReviewNode | null;
}

@ObjectType({
  description:
    'The active policy’s vocabulary, for building forms: roles, channels, behaviours, severities, checks, measures and stages.',
})
export class PolicyCatalogueNode {
  @Field(() => [CatalogueEntryNode], { description: 'Roles the policy names.' })
  roles: CatalogueEntryNode[];
  @Field(() => [CatalogueEntryNode], { description: 'Channels of contact.' })
  channels: CatalogueEntryNode[];
  @Field(() => [CatalogueEntryNode], { description: 'Behaviour categories a contact may show.' })
  behaviourCategories: CatalogueEntryNode[];
  @Field(() => [String], { description: 'Severities a contact may be logged with.' })
  severities: string[];
  @Field(() => [CatalogueEntryNode], { description: 'Checks staff attest before decisions.' })
  checks: CatalogueEntryNode[];
  @Field(() => [MeasureTypeNode], { description: 'Measures (restriction types).' })
  measures: MeasureTypeNode[];
  @Field(() => [CatalogueStageNode], { description: 'Stages, in the policy’s order.' })
  stages: CatalogueStageNode[];
  @Field(() => CatalogueDerestrictionNode, {
    nullable: true,
    description:
      'How a customer’s request to lift restrictions is decided; null when the policy has none.',
  })
  derestriction: CatalogueDerestrictionNode | null;
  @Field(() => CatalogueElectedMembersNode, {
    description: 'What elected members are told about arrangements, and whether they choose.',
  })
  electedMembers: CatalogueElectedMembersNode;
  @Field(() => CatalogueLetterSendingNode, {
    description: 'How letters are sent and who records them as sent.',
  })
  letterSending: CatalogueLetterSendingNode;
}
