import { Field, ObjectType } from 'type-graphql';

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
}
