import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({
  simpleResolvers: true,
  description: 'A member of the public whose contact is managed.',
})
export class CustomerNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field({ description: 'The council’s reference for the customer.' }) reference: string;
  @Field(() => String, { nullable: true, description: 'Full name; null once purged.' }) fullName:
    string | null;
  @Field(() => String, { nullable: true, description: 'Email address.' }) email: string | null;
  @Field(() => String, { nullable: true, description: 'Telephone number.' }) phone: string | null;
  @Field(() => String, { nullable: true, description: 'Postal address.' }) address: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Advocate or representative acting for the customer.',
  })
  representative: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Reasonable adjustments agreed with the customer.',
  })
  reasonableAdjustments: string | null;
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
  @Field({ description: 'When the record was created.' }) createdAt: Date;
}
