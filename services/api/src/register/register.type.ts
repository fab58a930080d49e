import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

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

@ObjectType({ description: 'A measure on a register entry, current or ended, with its dates.' })
export class RegisterRestrictionNode {
  @Field({ description: 'Restriction type key from the policy.' }) type: string;
  @Field({ description: 'Its label in the policy.' }) label: string;
  @Field({ description: 'active, ended or lifted.' }) status: string;
  @Field({ description: 'When it started.' }) startsAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was set to end; null if indefinite.' })
  endsAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When it actually ended or was lifted; null while active.',
  })
  endedAt: Date | null;
}

export enum RegisterScope {
  CURRENT = 'current',
  ALL = 'all',
}
registerEnumType(RegisterScope, {
  name: 'RegisterScope',
  description: 'Which register entries to list.',
  valuesConfig: {
    CURRENT: { description: 'Open cases only (the default).' },
    ALL: { description: 'Open, closed and dormant cases, with their dates (not purged ones).' },
  },
});

export enum RegisterSortKey {
  OPENED = 'opened',
  REFERENCE = 'reference',
  REVIEW_DUE = 'review-due',
}
registerEnumType(RegisterSortKey, {
  name: 'RegisterSortKey',
  description: 'What the register is ordered by.',
  valuesConfig: {
    OPENED: { description: 'When the case was opened (the default, newest first).' },
    REFERENCE: { description: 'The case reference.' },
    REVIEW_DUE: { description: 'When the next review is due; cases with none come last.' },
  },
});

export enum SortDirection {
  ASC = 'asc',
  DESC = 'desc',
}
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Ascending (A to Z, oldest first) or descending.',
  valuesConfig: {
    ASC: { description: 'Ascending: A to Z, earliest first.' },
    DESC: { description: 'Descending: Z to A, latest first.' },
  },
});

@InputType({ description: 'The order of the register’s entries; the case id breaks ties.' })
export class RegisterSortInput {
  @Field(() => RegisterSortKey, { description: 'What to order by.' }) by: RegisterSortKey;
  @Field(() => SortDirection, { description: 'Which way.' }) direction: SortDirection;
}

@ObjectType({ description: 'A customer on the council’s register of people under the policy.' })
export class RegisterEntryNode {
  @Field(() => ID, { description: 'The case that put the customer on the register.' })
  caseId: string;
  @Field({ description: 'The case’s reference.' }) caseReference: string;
  @Field({ description: 'open, closed or dormant.' }) status: string;
  @Field({ description: 'When the case was opened.' }) openedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the next review is due, if one is.' })
  reviewDueAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the case was closed.' })
  closedAt: Date | null;
  @Field(() => [RegisterRestrictionNode], {
    description: 'Every measure the case has had, current and ended, oldest first.',
  })
  restrictionHistory: RegisterRestrictionNode[];
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

@InputType({ description: 'Narrows the register; every filter given must hold.' })
export class RegisterFilterInput {
  @Field(() => String, { nullable: true, description: 'Only cases at this stage (a stage key).' })
  stage?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Only cases with a measure of this type in force (a restriction type key).',
  })
  restrictionType?: string | null;
  @Field(() => Date, { nullable: true, description: 'Only cases whose review is due before this.' })
  reviewDueBefore?: Date | null;
}
