import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A member of a council’s staff.' })
export class StaffMember {
  @Field(() => ID, { description: 'Stable id of the user.' }) id: string;
  @Field({ description: 'Work email address.' }) email: string;
  @Field({ description: 'Name shown to colleagues.' }) displayName: string;
  @Field(() => [String], {
    description: 'Role keys held: the council policy’s roles, or tenant-admin.',
  })
  roles: string[];
}

@ObjectType({ description: 'The signed-in user and their council.' })
export class Me {
  @Field(() => StaffMember, { description: 'The signed-in user.' }) user: StaffMember;
  @Field({ description: 'Slug of the council.' }) tenantSlug: string;
  @Field({ description: 'Name of the council.' }) tenantName: string;
  @Field({ description: 'Version number of the council’s active policy.' }) policyVersion: number;
  @Field({ description: 'Whether this user may read safeguarding notes and vulnerability flags.' })
  canReadSafeguarding: boolean;
}
