import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { Permission } from '../authorization/permissions';
import type { RequestContext } from '../request/context';
import { parseInput } from '../graphql/validated-input';
import { toTenantNode } from '../operators/tenant.service';
import { TenantNode } from '../operators/tenant.type';
import { toStaffUserNode } from '../staff/staff.service';
import { StaffUserNode } from '../staff/staff.type';
import {
  bindUserIdentity,
  decideIdentityProvider,
  pendingIdentityProvider,
} from '../identity/identity-provider.service';

const issuer = z.string().trim().min(1).max(500);
const objectId = z.string().trim().min(1).max(200);

/** Tenant admins: how their council's staff sign in, and changes an operator proposed. */
@Resolver()
export class IdentityProviderResolver {
  @Authorized(Permission.ManageTenant)
  @Query(() => TenantNode, {
    description:
      'Your council as the platform sees it, with its identity provider and any provider an operator proposed (tenant admins).',
  })
  async myCouncil(@Ctx() ctx: RequestContext): Promise<TenantNode> {
    return toTenantNode(await pendingIdentityProvider(ctx));
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => TenantNode, {
    description:
      'Accepts the identity provider an operator proposed; from then on only its tokens sign in, and every person is bound again at first sign-in. Only an admin signed in through the council’s current provider may accept (a council with none gets its first from the deployment’s `tenants:apply`).',
  })
  async acceptIdentityProvider(
    @Ctx() ctx: RequestContext,
    @Arg('issuer', { description: 'The proposed issuer, as shown in myCouncil.' }) iss: string,
  ): Promise<TenantNode> {
    return toTenantNode(await decideIdentityProvider(ctx, parseInput(issuer, iss, 'issuer'), true));
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => TenantNode, {
    description: 'Rejects the identity provider an operator proposed; the current one stays.',
  })
  async rejectIdentityProvider(
    @Ctx() ctx: RequestContext,
    @Arg('issuer', { description: 'The proposed issuer, as shown in myCouncil.' }) iss: string,
  ): Promise<TenantNode> {
    return toTenantNode(
      await decideIdentityProvider(ctx, parseInput(issuer, iss, 'issuer'), false),
    );
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => StaffUserNode, {
    description:
      'Binds a person to their account at your council’s identity provider by its object id (Entra `oid`), for providers that do not vouch for email.',
  })
  async bindUserIdentity(
    @Ctx() ctx: RequestContext,
    @Arg('userId', () => ID, { description: 'The user.' }) userId: string,
    @Arg('objectId', { description: 'Their object id at the provider (Entra `oid`).' })
    oid: string,
  ): Promise<StaffUserNode> {
    return toStaffUserNode(
      await bindUserIdentity(
        ctx,
        parseInput(z.uuid(), userId, 'userId'),
        parseInput(objectId, oid, 'objectId'),
      ),
    );
  }
}
