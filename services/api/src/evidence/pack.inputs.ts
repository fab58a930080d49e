import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';

export const packScopeSchema = z
  .strictObject({ caseId: z.uuid().nullish(), customerId: z.uuid().nullish() })
  .refine((s) => !!s.caseId !== !!s.customerId, {
    message: 'give a caseId or a customerId, not both',
  });

export const markRedactionSchema = z.strictObject({
  customerId: z.uuid(),
  caseId: z.uuid().nullish(),
  term: z.string().trim().min(2).max(200),
  category: z.enum(['third-party', 'staff-name']),
  reason: z.string().trim().min(3).max(500),
});

@InputType({ description: 'Third-party personal data to withhold from evidence packs.' })
export class MarkForRedactionInput {
  @Field(() => ID, { description: 'The customer whose records contain it.' }) customerId: string;
  @Field(() => ID, { nullable: true, description: 'Only this case of theirs (default: all).' })
  caseId?: string | null;
  @Field({ description: 'The text to withhold, e.g. a neighbour’s name.' }) term: string;
  @Field({ description: '`third-party` or `staff-name`.' }) category: string;
  @Field({ description: 'Why (shown in the pack’s list of what was withheld).' }) reason: string;
}
