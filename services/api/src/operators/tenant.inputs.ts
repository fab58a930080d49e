import { Field, InputType, Int } from 'type-graphql';
import { z } from 'zod';
import { policyFormat, policyText } from '../policy-versions/policy-text';

const httpsUrl = z
  .url()
  .max(500)
  .refine((v) => v.startsWith('https://'), { message: 'must be an https:// address' });

export const identityProviderSchema = z.strictObject({
  issuer: z.string().trim().min(1).max(500),
  jwksUrl: httpsUrl,
  audience: z.string().trim().min(1).max(500),
});

export const createTenantSchema = z.strictObject({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens')
    .max(60),
  name: z.string().trim().min(1).max(200),
  population: z.number().int().positive().max(100_000_000),
  benchmarkingOptIn: z.boolean(),
  identityProvider: identityProviderSchema.nullish(),
  firstAdmin: z.strictObject({
    email: z
      .email()
      .max(320)
      .transform((e) => e.toLowerCase()),
    displayName: z.string().trim().min(1).max(200),
  }),
  policyText,
  policyFormat: policyFormat.default('yaml'),
});

@InputType({ description: 'A council’s OpenID Connect provider.' })
export class IdentityProviderInput {
  @Field({ description: 'Issuer the tokens name (`iss`).' }) issuer: string;
  @Field({ description: 'JWKS address of the provider’s signing keys (https).' }) jwksUrl: string;
  @Field({ description: 'Audience the tokens name (`aud`).' }) audience: string;
}

@InputType({ description: 'The council’s first tenant admin, who then invites everyone else.' })
export class FirstAdminInput {
  @Field({
    description: 'Work email; matched once at first sign-in, then the provider’s subject is used.',
  })
  email: string;
  @Field({ description: 'Name shown to colleagues.' }) displayName: string;
}

@InputType({ description: 'A new council on the platform.' })
export class CreateTenantInput {
  @Field({ description: 'Short unique name; must equal the `slug` in the policy.' }) slug: string;
  @Field({ description: 'Name of the council.' }) name: string;
  @Field(() => Int, { description: 'Population served.' }) population: number;
  @Field({ description: 'Whether the council shares anonymised figures for benchmarking.' })
  benchmarkingOptIn: boolean;
  @Field(() => IdentityProviderInput, { nullable: true, description: 'How its staff sign in.' })
  identityProvider?: IdentityProviderInput | null;
  @Field(() => FirstAdminInput, { description: 'Its first tenant admin.' })
  firstAdmin: FirstAdminInput;
  @Field({ description: 'Its starting policy (YAML or JSON), checked like `pnpm policy:check`.' })
  policyText: string;
  @Field(() => String, { nullable: true, description: '`yaml` (default) or `json`.' })
  policyFormat?: string;
}
