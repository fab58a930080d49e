import { Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';

@ObjectType({
  description:
    'An entry of the platform’s operator log: something a platform operator did to a council or the operator roster (platform operators only).',
})
export class OperatorLogEntry {
  @Field(() => ID, {
    description:
      'Stable id: the reference a council’s audit chain and its admins’ notices give for a break-glass action.',
  })
  id: string;
  @Field({ description: 'When it was done.' }) occurredAt: Date;
  @Field({
    description:
      'What was done, e.g. `tenant.suspended`, `tenant.identity-provider-proposed`, `tenant.break-glass.roles-assigned`, `operator-added`.',
  })
  action: string;
  @Field(() => ID, { description: 'The operator who did it.' }) operatorId: string;
  @Field({ description: 'That operator’s email.' }) operatorEmail: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The council it was done to; null for a change to the operator roster.',
  })
  tenantId: string | null;
  @Field(() => String, { nullable: true, description: 'That council’s slug.' })
  tenantSlug: string | null;
  @Field({ description: 'Details as JSON: ids and codes only (e.g. `entityId`, `slug`, `via`).' })
  detailsJson: string;
  @Field(() => String, {
    nullable: true,
    description: 'For a break-glass action, why the operator acted instead of a second admin.',
  })
  reason: string | null;
}

export const OperatorLogConnection = Connection(OperatorLogEntry, 'OperatorLogEntry');
export type OperatorLogConnection = InstanceType<typeof OperatorLogConnection>;
