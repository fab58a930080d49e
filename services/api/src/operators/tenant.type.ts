import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'How a council’s staff sign in: their OpenID Connect provider (e.g. Microsoft Entra ID).',
})
export class IdentityProvider {
  @Field({
    description:
      'Issuer the tokens must name (`iss`), e.g. https://login.microsoftonline.com/<tid>/v2.0.',
  })
  issuer: string;
  @Field({ description: 'Where the provider publishes its signing keys (JWKS).' }) jwksUrl: string;
  @Field({ description: 'Audience the tokens must name (`aud`): this API’s application id.' })
  audience: string;
}

@ObjectType({
  description: 'A council on the platform: platform data only, never its cases or staff.',
})
export class TenantNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field({ description: 'Short unique name, e.g. maidstone.' }) slug: string;
  @Field({ description: 'Name of the council.' }) name: string;
  @Field(() => Int, { description: 'Population served (for benchmarking per head).' })
  population: number;
  @Field({ description: 'Whether the council shares anonymised figures for benchmarking.' })
  benchmarkingOptIn: boolean;
  @Field({ description: '`active`, or `suspended` (its users’ tokens and keys are refused).' })
  status: string;
  @Field(() => IdentityProvider, {
    nullable: true,
    description: 'Its identity provider; null when none is set.',
  })
  identityProvider: IdentityProvider | null;
  @Field(() => IdentityProvider, {
    nullable: true,
    description:
      'A provider an operator proposed: it signs nobody in until a tenant admin of the council accepts it.',
  })
  pendingIdentityProvider: IdentityProvider | null;
  @Field({ description: 'When the council was created on the platform.' }) createdAt: Date;
  @Field(() => Date, {
    nullable: true,
    description: 'When the council was last suspended, if it is.',
  })
  suspendedAt: Date | null;
}
