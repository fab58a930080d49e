import { Field, InputType } from 'type-graphql';
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

export const customerFieldsSchema = z.strictObject({
  fullName: text(200),
  email: z.email().max(320).nullish(),
  phone: z
    .string()
    .trim()
    .regex(/^[+0-9 ()-]{6,20}$/, 'is not a telephone number')
    .nullish(),
  address: text(500).nullish(),
  representative: text(200).nullish(),
  reasonableAdjustments: text(2000).nullish(),
  vulnerabilityFlags: z.array(text(100)).max(20).optional(),
  safeguardingNotes: text(5000).nullish(),
});

export const createCustomerSchema = customerFieldsSchema.extend({ reference: text(50).optional() });
export const updateCustomerSchema = customerFieldsSchema.partial();

@InputType({ description: 'A new customer.' })
export class CreateCustomerInput {
  @Field({ description: 'Full name.' }) fullName: string;
  @Field(() => String, { nullable: true, description: 'Council reference; generated when absent.' })
  reference?: string;
  @Field(() => String, { nullable: true, description: 'Email address.' }) email?: string | null;
  @Field(() => String, { nullable: true, description: 'Telephone number.' }) phone?: string | null;
  @Field(() => String, { nullable: true, description: 'Postal address.' }) address?: string | null;
  @Field(() => String, { nullable: true, description: 'Advocate or representative.' })
  representative?: string | null;
  @Field(() => String, { nullable: true, description: 'Reasonable adjustments agreed.' })
  reasonableAdjustments?: string | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Vulnerability flags (safeguarding readers only).',
  })
  vulnerabilityFlags?: string[];
  @Field(() => String, {
    nullable: true,
    description: 'Safeguarding notes (safeguarding readers only).',
  })
  safeguardingNotes?: string | null;
}

@InputType({ description: 'Changes to a customer; absent fields are left as they are.' })
export class UpdateCustomerInput {
  @Field(() => String, { nullable: true, description: 'Full name.' }) fullName?: string;
  @Field(() => String, { nullable: true, description: 'Email address.' }) email?: string | null;
  @Field(() => String, { nullable: true, description: 'Telephone number.' }) phone?: string | null;
  @Field(() => String, { nullable: true, description: 'Postal address.' }) address?: string | null;
  @Field(() => String, { nullable: true, description: 'Advocate or representative.' })
  representative?: string | null;
  @Field(() => String, { nullable: true, description: 'Reasonable adjustments agreed.' })
  reasonableAdjustments?: string | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Vulnerability flags (safeguarding readers only).',
  })
  vulnerabilityFlags?: string[];
  @Field(() => String, {
    nullable: true,
    description: 'Safeguarding notes (safeguarding readers only).',
  })
  safeguardingNotes?: string | null;
}
