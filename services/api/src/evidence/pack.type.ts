import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One event in an evidence pack’s chronology.' })
export class EvidenceEventNode {
  @Field({ description: 'Stable id: kind and record id.' }) id: string;
  @Field({ description: 'When it happened.' }) at: Date;
  @Field({ description: 'What kind of event (contact, check, proposal, decision, letter, ...).' })
  kind: string;
  @Field({ description: 'One line saying what happened.' }) title: string;
  @Field(() => String, {
    nullable: true,
    description: 'Who did it (by role where the council withholds staff names).',
  })
  actor: string | null;
  @Field(() => String, { nullable: true, description: 'Case reference, if it belongs to a case.' })
  caseReference: string | null;
  @Field(() => [String], { description: 'The details, as recorded (redactions applied).' })
  lines: string[];
}

@ObjectType({
  description: 'Something withheld from the pack, and why (never the withheld value itself).',
})
export class WithheldItemNode {
  @Field({ description: '`third-party` or `staff-name`.' }) category: string;
  @Field({ description: 'Why it was withheld.' }) reason: string;
  @Field(() => Int, { description: 'How many times it was replaced by [withheld].' })
  occurrences: number;
  @Field(() => [String], { description: 'Ids of the events it was withheld from.' })
  eventIds: string[];
}

@ObjectType({ description: 'The customer’s own details, as held.' })
export class EvidenceCustomerNode {
  @Field(() => ID, { description: 'Customer id.' }) id: string;
  @Field({ description: 'Reference.' }) reference: string;
  @Field(() => [String], { description: 'Details held, one per line (label: value).' })
  lines: string[];
}

@ObjectType({
  description:
    'A complete chronology of one case or one customer, for the Ombudsman or a subject access request. Also at `pdfPath` / `jsonPath`.',
})
export class EvidencePackNode {
  @Field({ description: '`case` or `customer`.' }) scope: string;
  @Field(() => ID, { description: 'The case or customer id.' }) subjectId: string;
  @Field({ description: 'The council.' }) council: string;
  @Field({ description: 'When the pack was generated.' }) generatedAt: Date;
  @Field(() => [String], { description: 'The cases covered.' }) caseReferences: string[];
  @Field(() => EvidenceCustomerNode, { description: 'The customer.' })
  customer: EvidenceCustomerNode;
  @Field(() => [EvidenceEventNode], { description: 'Every event, oldest first.' })
  events: EvidenceEventNode[];
  @Field(() => [WithheldItemNode], { description: 'What was withheld, and why.' })
  withheld: WithheldItemNode[];
  @Field({ description: 'GET this path (with your bearer token) for the paginated PDF.' })
  pdfPath: string;
  @Field({ description: 'GET this path for the same pack as JSON.' }) jsonPath: string;
}

@ObjectType({ description: 'Third-party personal data marked to be withheld from evidence packs.' })
export class RedactionMarkNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => ID, { description: 'The customer whose records contain it.' }) customerId: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Only this case; null: every case of the customer.',
  })
  caseId: string | null;
  @Field({ description: 'The text to withhold (a name, as it appears in the records).' })
  term: string;
  @Field({ description: '`third-party` or `staff-name`.' }) category: string;
  @Field({ description: 'Why it is withheld (shown in the pack).' }) reason: string;
  @Field({ description: 'When it was marked.' }) markedAt: Date;
}
