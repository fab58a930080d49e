import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A user of your council, as its tenant admin manages them.' })
export class StaffUserNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field({ description: 'Work email address.' }) email: string;
  @Field({ description: 'Name shown to colleagues.' }) displayName: string;
  @Field(() => [String], { description: 'Role keys held: the policy’s roles, or tenant-admin.' })
  roles: string[];
  @Field({
    description: 'Whether they may sign in; a deactivated user’s tokens stop working at once.',
  })
  active: boolean;
  @Field({ description: '`person` (signs in) or `service` (an API key’s account).' }) kind: string;
  @Field({
    description: 'Whether their identity-provider account is linked (they have signed in).',
  })
  identityLinked: boolean;
  @Field({ description: 'When they were added.' }) createdAt: Date;
  @Field(() => [String], {
    nullable: true,
    description:
      'Roles requested for them that wait for a second tenant admin (the same assignRoles call by another admin approves); null when none.',
  })
  pendingRoles: string[] | null;
  @Field({
    description:
      'Whether their deactivation waits for a second tenant admin (removing an admin needs two).',
  })
  deactivationPending: boolean;
  @Field({
    description:
      'Whether their reactivation waits for a second tenant admin (they hold a role that proposes or decides, or tenant-admin).',
  })
  reactivationPending: boolean;
  @Field(() => [ID], {
    description:
      'Ids of the changes to them that wait for a second tenant admin; a platform operator approves one through break-glass only by its id.',
  })
  pendingChangeIds: string[];
}
