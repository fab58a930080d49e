import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A service account’s API key; its secret is shown once, at creation.' })
export class ApiKeyNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field({ description: 'The key’s public part, `ck_<keyId>`: how to recognise it, not a secret.' })
  prefix: string;
  @Field({ description: 'What the key is for.' }) name: string;
  @Field(() => [String], { description: 'Role keys the key acts with (its scope).' })
  roles: string[];
  @Field({ description: '`active`, `expired` or `revoked`.' }) status: string;
  @Field({ description: 'When it stops working.' }) expiresAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was revoked.' })
  revokedAt: Date | null;
  @Field({ description: 'When it was created.' }) createdAt: Date;
  @Field(() => ID, { description: 'The tenant admin who created it.' }) createdBy: string;
}

@ObjectType({ description: 'A new API key and its secret, which is never shown again.' })
export class CreatedApiKey {
  @Field(() => ApiKeyNode, { description: 'The key.' }) apiKey: ApiKeyNode;
  @Field({ description: 'Send as `Authorization: ApiKey <secret>`; only a hash is stored.' })
  secret: string;
}
