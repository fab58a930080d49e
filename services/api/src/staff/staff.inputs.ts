import { Field, InputType } from 'type-graphql';
import { z } from 'zod';

export const rolesSchema = z.array(z.string().min(1).max(100)).min(1).max(20);

export const inviteUserSchema = z.strictObject({
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  displayName: z.string().trim().min(1).max(200),
  roles: rolesSchema,
});

@InputType({
  description: 'A new member of staff; they sign in with the council’s identity provider.',
})
export class InviteUserInput {
  @Field({
    description: 'Work email; matched once at first sign-in, then their provider subject is used.',
  })
  email: string;
  @Field({ description: 'Name shown to colleagues.' }) displayName: string;
  @Field(() => [String], { description: 'Role keys from the active policy, or tenant-admin.' })
  roles: string[];
}
