import { Field, InputType, Int } from 'type-graphql';
import { z } from 'zod';

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  roles: z.array(z.string().min(1).max(100)).min(1).max(20),
  expiresInDays: z.number().int().min(1).max(365).default(90),
});

@InputType({ description: 'A new API key for a service account (e.g. a CRM integration).' })
export class CreateApiKeyInput {
  @Field({ description: 'What the key is for.' }) name: string;
  @Field(() => [String], {
    description: 'Role keys of the active policy it may act with (not tenant-admin).',
  })
  roles: string[];
  @Field(() => Int, { nullable: true, description: 'Days until it expires: 1 to 365, default 90.' })
  expiresInDays?: number;
}
