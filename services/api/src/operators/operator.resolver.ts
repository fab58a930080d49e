import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { Permission } from '../authorization/permissions';
import type { RequestContext } from '../request/context';
import { parseInput } from '../graphql/validated-input';
import { pageSize } from '../graphql/connection';
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
import { rolesSchema } from '../staff/staff.inputs';
import { toStaffUserNode } from '../staff/staff.service';
import { StaffUserNode } from '../staff/staff.type';
import { toPolicyVersionNode } from '../policy-versions/policy-version.service';
import { PolicyVersionNode } from '../policy-versions/policy-version.type';
import {
  breakGlassApprovePolicyActivation,
  breakGlassApproveStaffChange,
  breakGlassAssignRoles,
  breakGlassReasonSchema,
} from './break-glass';
import { operatorLogActionSchema, readOperatorLog } from './operator-log';
import { OperatorLogConnection } from './operator-log.type';

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
  @Query(() => OperatorLogConnection, {
    description:
      'The platform’s operator log, newest first: what platform operators did to councils (creation, suspension, identity-provider changes, break-glass actions with their reasons) and to the operator roster (platform operators only).',
  })
  async operatorLog(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size (at most 100).' })
    first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor from the previous page.' })
    after: string | null,
    @Arg('tenantId', () => ID, {
      nullable: true,
      description: 'Only the entries about this council.',
    })
    tenantId: string | null,
    @Arg('action', () => String, {
      nullable: true,
      description:
        'Only the entries of this kind, e.g. `tenant.break-glass.roles-assigned` or `tenant.identity-provider-proposed`.',
    })
    action: string | null,
  ): Promise<OperatorLogConnection> {
    return readOperatorLog(ctx, {
      first: parseInput(pageSize, first, 'first'),
      after: after ?? null,
      // An argument left out arrives as undefined.
      tenantId: parseInput(id.nullish(), tenantId, 'tenantId') ?? null,
      action: parseInput(operatorLogActionSchema.nullish(), action, 'action') ?? null,
    });
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
    description:
      'Proposes (for a tenant admin to accept) or, with null, clears how a council’s staff sign in. Refused for a council with no provider: nobody could sign in to accept, so the deployment applies its first from tenants/<slug>/identity-provider.yaml (`pnpm tenants:apply`).',
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

  @Authorized(Permission.OperatePlatform)
  @Mutation(() => StaffUserNode, {
    description:
      'Break-glass: sets a member of a council’s staff’s roles without a second tenant admin (platform operators only). Recorded in the platform’s operator log with the reason, in the council’s own audit chain by the log entry’s id (no free text), and noticed to its tenant admins.',
  })
  async breakGlassAssignRoles(
    @Ctx() ctx: RequestContext,
    @Arg('tenantId', () => ID, { description: 'The council.' }) tenantId: string,
    @Arg('userId', () => ID, { description: 'The member of staff.' }) userId: string,
    @Arg('roles', () => [String], { description: 'Role keys from the council’s active policy.' })
    roles: string[],
    @Arg('reason', {
      description: 'Why the operator acts instead of a second admin (10–1000 characters).',
    })
    reason: string,
  ): Promise<StaffUserNode> {
    const user = await breakGlassAssignRoles(ctx, {
      tenantId: parseInput(id, tenantId, 'tenantId'),
      userId: parseInput(id, userId, 'userId'),
      roles: parseInput(rolesSchema, roles, 'roles'),
      reason: parseInput(breakGlassReasonSchema, reason, 'reason'),
    });
    return toStaffUserNode(user);
  }

  @Authorized(Permission.OperatePlatform)
  @Mutation(() => StaffUserNode, {
    description:
      'Break-glass: approves a staff change waiting for a second tenant admin, in that admin’s stead (platform operators only). Recorded in the platform’s operator log with the reason, in the council’s own audit chain by the log entry’s id (no free text), and noticed to its tenant admins.',
  })
  async breakGlassApproveStaffChange(
    @Ctx() ctx: RequestContext,
    @Arg('tenantId', () => ID, { description: 'The council.' }) tenantId: string,
    @Arg('requestId', () => ID, { description: 'The waiting staff change request.' })
    requestId: string,
    @Arg('reason', {
      description: 'Why the operator acts instead of a second admin (10–1000 characters).',
    })
    reason: string,
  ): Promise<StaffUserNode> {
    const user = await breakGlassApproveStaffChange(ctx, {
      tenantId: parseInput(id, tenantId, 'tenantId'),
      requestId: parseInput(id, requestId, 'requestId'),
      reason: parseInput(breakGlassReasonSchema, reason, 'reason'),
    });
    return toStaffUserNode(user);
  }

  @Authorized(Permission.OperatePlatform)
  @Mutation(() => PolicyVersionNode, {
    description:
      'Break-glass: approves a policy activation a tenant admin asked for, in the second admin’s stead (platform operators only). Recorded in the platform’s operator log with the reason, in the council’s own audit chain by the log entry’s id (no free text), and noticed to its tenant admins.',
  })
  async breakGlassApprovePolicyActivation(
    @Ctx() ctx: RequestContext,
    @Arg('tenantId', () => ID, { description: 'The council.' }) tenantId: string,
    @Arg('versionId', () => ID, { description: 'The draft whose activation waits.' })
    versionId: string,
    @Arg('reason', {
      description: 'Why the operator acts instead of a second admin (10–1000 characters).',
    })
    reason: string,
  ): Promise<PolicyVersionNode> {
    const version = await breakGlassApprovePolicyActivation(ctx, {
      tenantId: parseInput(id, tenantId, 'tenantId'),
      versionId: parseInput(id, versionId, 'versionId'),
      reason: parseInput(breakGlassReasonSchema, reason, 'reason'),
    });
    return toPolicyVersionNode(version);
  }
}
