import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One column of a register entry, as the council’s policy names it.' })
export class RegisterCellNode {
  @Field({ description: 'Column key from the policy’s register section.' }) key: string;
  @Field({ description: 'Column label from the policy.' }) label: string;
  @Field(() => String, {
    nullable: true,
    description: 'The value, in words; null when nothing is recorded or it is withheld.',
  })
  value: string | null;
  @Field({
    description:
      'Whether the value is withheld because your roles may not read safeguarding details.',
  })
  withheld: boolean;
}

@ObjectType({ description: 'A customer on the council’s register of people under the policy.' })
export class RegisterEntryNode {
  @Field(() => ID, { description: 'The case that put the customer on the register.' })
  caseId: string;
  @Field({ description: 'The case’s reference.' }) caseReference: string;
  @Field(() => [RegisterCellNode], { description: 'The council’s own columns, in its order.' })
  cells: RegisterCellNode[];
  @Field(() => [String], {
    nullable: true,
    description:
      'Vulnerability flags; null unless the policy lets your roles read safeguarding details.',
  })
  vulnerabilityFlags: string[] | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Safeguarding notes; null unless the policy lets your roles read safeguarding details.',
  })
  safeguardingNotes: string | null;
}
