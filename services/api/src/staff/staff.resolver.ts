import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { Permission } from '../authorization/permissions';
import type { AppUser } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { parseInput } from '../graphql/validated-input';
import { pendingChanges } from './second-admin';
import { InviteUserInput, inviteUserSchema, rolesSchema } from './staff.inputs';
import {
  assignRoles,
  deactivateUser,
  inviteUser,
  listColleagues,
  listStaff,
  reactivateUser,
  toStaffUserNode,
} from './staff.service';
import { StaffUserNode } from './staff.type';
import { StaffMember } from '../users/user.type';

const id = z.uuid();

/** Users with the changes that wait for a second admin. */
async function nodes(ctx: RequestContext, users: AppUser[]): Promise<StaffUserNode[]> {
  const pending = await pendingChanges(
    ctx,
    users.map((u) => u.id),
  );
  return users.map((u) => toStaffUserNode(u, pending.get(u.id)));
}

const node = async (ctx: RequestContext, user: AppUser) => (await nodes(ctx, [user]))[0]!;

/** Tenant admins: who works in the council’s instance and with which roles. */
@Resolver()
export class StaffResolver {
  @Authorized(Permission.ManageTenant)
  @Query(() => [StaffUserNode], { description: 'Your council’s users, by name (tenant admins).' })
  async staffUsers(
    @Ctx() ctx: RequestContext,
    @Arg('includeInactive', () => Boolean, {
      defaultValue: false,
      description: 'Also list deactivated users.',
    })
    includeInactive: boolean,
  ): Promise<StaffUserNode[]> {
    const flag = parseInput(z.boolean(), includeInactive, 'includeInactive');
    return nodes(ctx, await listStaff(ctx, flag));
  }

  // Staff name colleagues (the person consulted): names and roles only, no admin detail.
  @Authorized(Permission.ReadCases)
  @Query(() => [StaffMember], {
    description:
      'Your council’s active staff, by name, holding a role if one is given (e.g. to name the person consulted).',
  })
  async colleagues(
    @Ctx() ctx: RequestContext,
    @Arg('role', () => String, { nullable: true, description: 'Only holders of this role key.' })
    role?: string | null,
  ): Promise<StaffMember[]> {
    const key = parseInput(z.string().min(1).max(100).nullish(), role, 'role');
    return (await listColleagues(ctx, key ?? undefined)).map((u) => ({
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      roles: u.roles,
    }));
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => StaffUserNode, { description: 'Adds a member of staff with their roles.' })
  async inviteUser(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: InviteUserInput,
  ): Promise<StaffUserNode> {
    return node(ctx, await inviteUser(ctx, parseInput(inviteUserSchema, input)));
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => StaffUserNode, {
    description:
      'Replaces a user’s roles. Giving a role that proposes or decides, making another admin or removing one waits for a second tenant admin: the first call records the request, the same call by another admin (not the user changed) applies it.',
  })
  async assignRoles(
    @Ctx() ctx: RequestContext,
    @Arg('userId', () => ID, { description: 'The user.' }) userId: string,
    @Arg('roles', () => [String], {
      description: 'Role keys from the active policy, or tenant-admin.',
    })
    roles: string[],
  ): Promise<StaffUserNode> {
    const user = await assignRoles(
      ctx,
      parseInput(id, userId, 'userId'),
      parseInput(rolesSchema, roles, 'roles'),
    );
    return node(ctx, user);
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => StaffUserNode, {
    description:
      'Deactivates a user: their tokens stop working at once. Deactivating a tenant admin needs a second admin (the same call by another admin, not the one deactivated).',
  })
  async deactivateUser(
    @Ctx() ctx: RequestContext,
    @Arg('userId', () => ID, { description: 'The user.' }) userId: string,
  ): Promise<StaffUserNode> {
    return node(ctx, await deactivateUser(ctx, parseInput(id, userId, 'userId')));
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => StaffUserNode, {
    description:
      'Lets a deactivated user sign in again. Bringing back someone who holds a role that proposes or decides (or tenant-admin) waits for a second tenant admin, as a grant does.',
  })
  async reactivateUser(
    @Ctx() ctx: RequestContext,
    @Arg('userId', () => ID, { description: 'The user.' }) userId: string,
  ): Promise<StaffUserNode> {
    return node(ctx, await reactivateUser(ctx, parseInput(id, userId, 'userId')));
  }
}
