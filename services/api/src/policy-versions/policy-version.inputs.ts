import { Field, InputType } from 'type-graphql';
import { z } from 'zod';
import { policyFormat, policyText } from './policy-text';

export const policyDraftSchema = z.strictObject({
  text: policyText,
  format: policyFormat.default('yaml'),
});

@InputType({ description: 'The text of a policy draft.' })
export class PolicyDraftInput {
  @Field({ description: 'The whole policy, in YAML or JSON (see tenants/<slug>/policy.yaml).' })
  text: string;
  @Field(() => String, { nullable: true, description: '`yaml` (default) or `json`.' })
  format?: string;
}
