import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { Permission } from '../authorization/permissions';
import type { RequestContext } from '../context';
import { parseInput } from '../graphql/validated-input';
import {
  CreateTenantInput,
  IdentityProviderInput,
  createTenantSchema,
  identityProviderSchema,
} from './tenant.inputs';
import {
  createTenant,
  listTenants,
  reinstateTenant,
  setIdentityProvider,
  suspendTenant,
  toTenantNode,
} from './tenant.service';
import { TenantNode } from './tenant.type';

const id = z.uuid();

/** Platform operators: councils themselves, never what is inside them. */
@Resolver()
export class OperatorResolver {
  @Authorized(Permission.OperatePlatform)
  @Query(() => [TenantNode], {
    description: 'Every council on the platform (platform operators only).',
  })
  async tenants(@Ctx() ctx: RequestContext): Promise<TenantNode[]> {
    return (await listTenants(ctx)).map(toTenantNode);
  }

  @Authorized(Permission.OperatePlatform)
  @Mutation(() => TenantNode, {
    description:
      'Creates a council with its starting policy and first tenant admin (platform operators only).',
  })
  async createTenant(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: CreateTenantInput,
  ): Promise<TenantNode> {
    return toTenantNode(await createTenant(ctx, parseInput(createTenantSchema, input)));
  }

  @Authorized(Permission.OperatePlatform)
  @Mutation(() => TenantNode, {
    description: 'Suspends a council: its users’ tokens and keys are refused.',
  })
  async suspendTenant(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The council.' }) tenantId: string,
  ): Promise<TenantNode> {
    return toTenantNode(await suspendTenant(ctx, parseInput(id, tenantId, 'id')));
  }

  @Authorized(Permission.OperatePlatform)
  @Mutation(() => TenantNode, { description: 'Lifts a council’s suspension.' })
  async reinstateTenant(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The council.' }) tenantId: string,
  ): Promise<TenantNode> {
    return toTenantNode(await reinstateTenant(ctx, parseInput(id, tenantId, 'id')));
  }

  @Authorized(Permission.OperatePlatform)
  @Mutation(() => TenantNode, {
    description: 'Sets or (with null) clears how a council’s staff sign in.',
  })
  async setTenantIdentityProvider(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The council.' }) tenantId: string,
    @Arg('identityProvider', () => IdentityProviderInput, {
      nullable: true,
      description: 'Null to clear.',
    })
    idp: IdentityProviderInput | null,
  ): Promise<TenantNode> {
    const settings = parseInput(identityProviderSchema.nullable(), idp ?? null, 'identityProvider');
    return toTenantNode(await setIdentityProvider(ctx, parseInput(id, tenantId, 'id'), settings));
  }
}
