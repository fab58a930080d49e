import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { Permission } from '../authorization/permissions';
import type { RequestContext } from '../request/context';
import { parseInput } from '../graphql/validated-input';
import { PolicyDraftInput, policyDraftSchema } from './policy-version.inputs';
import {
  activatePolicyVersion,
  casePolicy,
  checkVersion,
  createPolicyDraft,
  listPolicyVersions,
  loadPolicyVersion,
  moveCaseToPolicyVersion,
  policyDiff,
  toPolicyVersionNode,
  updatePolicyDraft,
} from './policy-version.service';
import {
  CasePolicyNode,
  PolicyChangeNode,
  PolicyCheckNode,
  PolicyVersionNode,
} from './policy-version.type';

const id = z.uuid();

/** Tenant admins: the council's own variant of the policy, drafted, checked, compared and activated. */
@Resolver()
export class PolicyVersionResolver {
  @Authorized(Permission.ManageTenant)
  @Query(() => [PolicyVersionNode], {
    description: 'Every version of your council’s policy, newest first.',
  })
  async policyVersions(@Ctx() ctx: RequestContext): Promise<PolicyVersionNode[]> {
    return (await listPolicyVersions(ctx)).map(toPolicyVersionNode);
  }

  @Authorized(Permission.ManageTenant)
  @Query(() => PolicyVersionNode, { description: 'One version of your council’s policy.' })
  async policyVersion(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The version.' }) versionId: string,
  ): Promise<PolicyVersionNode> {
    return toPolicyVersionNode(await loadPolicyVersion(ctx, parseInput(id, versionId, 'id')));
  }

  @Authorized(Permission.ManageTenant)
  @Query(() => PolicyCheckNode, {
    description:
      'Checks a draft with the same checker as `pnpm policy:check`: path, line and message per error.',
  })
  async validatePolicyDraft(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The draft.' }) versionId: string,
  ): Promise<PolicyCheckNode> {
    const { errors } = checkVersion(
      ctx,
      await loadPolicyVersion(ctx, parseInput(id, versionId, 'id')),
    );
    return {
      valid: errors.length === 0,
      errors: errors.map((e) => ({ ...e, line: e.line ?? null })),
    };
  }

  @Authorized(Permission.ManageTenant)
  @Query(() => [PolicyChangeNode], {
    description: 'What a version changes against the active one, in readable terms.',
  })
  async policyDiff(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The draft (or any version) to compare.' })
    versionId: string,
  ): Promise<PolicyChangeNode[]> {
    return policyDiff(ctx, parseInput(id, versionId, 'id'));
  }

  @Authorized(Permission.ManageTenant)
  @Query(() => CasePolicyNode, {
    description: 'The policy version a case is pinned to and its review cadence.',
  })
  async casePolicy(
    @Ctx() ctx: RequestContext,
    @Arg('caseId', () => ID, { description: 'The case.' }) caseId: string,
  ): Promise<CasePolicyNode> {
    return casePolicy(ctx, parseInput(id, caseId, 'caseId'));
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => PolicyVersionNode, {
    description: 'Stores a new draft (errors are reported, not refused).',
  })
  async createPolicyDraft(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: PolicyDraftInput,
  ): Promise<PolicyVersionNode> {
    return toPolicyVersionNode(await createPolicyDraft(ctx, parseInput(policyDraftSchema, input)));
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => PolicyVersionNode, {
    description: 'Replaces a draft’s text; activated versions never change.',
  })
  async updatePolicyDraft(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The draft.' }) versionId: string,
    @Arg('input') input: PolicyDraftInput,
  ): Promise<PolicyVersionNode> {
    const draft = await updatePolicyDraft(
      ctx,
      parseInput(id, versionId, 'id'),
      parseInput(policyDraftSchema, input),
    );
    return toPolicyVersionNode(draft);
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => PolicyVersionNode, {
    description:
      'Activates a valid draft; with more than one tenant admin, a second admin’s call approves it. Immutable from then on.',
  })
  async activatePolicyVersion(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The draft.' }) versionId: string,
  ): Promise<PolicyVersionNode> {
    return toPolicyVersionNode(await activatePolicyVersion(ctx, parseInput(id, versionId, 'id')));
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => CasePolicyNode, {
    // The operation name the tenant-admin contract (issue 6) gives.
    name: 'movesCaseToPolicyVersion',
    description:
      'Moves an open case to the active policy version, if the engine finds its state valid there. Audited.',
  })
  async moveCaseToPolicyVersion(
    @Ctx() ctx: RequestContext,
    @Arg('caseId', () => ID, { description: 'The case.' }) caseId: string,
    @Arg('policyVersionId', () => ID, { description: 'The active version to move to.' })
    versionId: string,
  ): Promise<CasePolicyNode> {
    return moveCaseToPolicyVersion(
      ctx,
      parseInput(id, caseId, 'caseId'),
      parseInput(id, versionId, 'policyVersionId'),
    );
  }
}
