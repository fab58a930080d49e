import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/** The protected characteristics of the Equality Act 2010, s.4. */
export enum ProtectedCharacteristic {
  AGE = 'age',
  DISABILITY = 'disability',
  GENDER_REASSIGNMENT = 'gender-reassignment',
  MARRIAGE_CIVIL_PARTNERSHIP = 'marriage-civil-partnership',
  PREGNANCY_MATERNITY = 'pregnancy-maternity',
  RACE = 'race',
  RELIGION_BELIEF = 'religion-belief',
  SEX = 'sex',
  SEXUAL_ORIENTATION = 'sexual-orientation',
}
registerEnumType(ProtectedCharacteristic, {
  name: 'ProtectedCharacteristic',
  description: 'A protected characteristic (Equality Act 2010, s.4).',
});

@ObjectType({
  description: 'A protected characteristic recorded for a customer (special-category data).',
})
export class CustomerCharacteristicNode {
  @Field(() => ProtectedCharacteristic, { description: 'Which characteristic.' })
  characteristic: ProtectedCharacteristic;
  @Field({ description: 'The category recorded (e.g. an age band), as the customer gave it.' })
  value: string;
  @Field({ description: 'When it was recorded.' }) recordedAt: Date;
}

@ObjectType({
  description:
    'One category of a characteristic. Counts under 5 are suppressed (null) and the rest rounded to the nearest 5.',
})
export class EqualityRow {
  @Field({ description: 'The category.' }) value: string;
  @Field(() => Int, {
    nullable: true,
    description: 'Customers in the council’s base with this category.',
  })
  customers: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Of them, customers with a restriction in force.',
  })
  restricted: number | null;
  @Field({ description: 'Whether any count of this row was suppressed.' }) suppressed: boolean;
}

@ObjectType({
  description: 'Restrictions by a protected characteristic against the council’s customer base.',
})
export class EqualityReport {
  @Field(() => ProtectedCharacteristic, { description: 'The characteristic reported.' })
  characteristic: ProtectedCharacteristic;
  @Field(() => [EqualityRow], { description: 'One row per category recorded.' })
  rows: EqualityRow[];
  @Field(() => EqualityRow, { description: 'Customers with nothing recorded for it.' })
  notRecorded: EqualityRow;
  @Field(() => Int, { nullable: true, description: 'All customers (rounded; null if under 5).' })
  totalCustomers: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'All customers with a restriction in force (rounded; null if under 5).',
  })
  totalRestricted: number | null;
  @Field({ description: 'When it was computed.' }) generatedAt: Date;
}
