import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { In } from 'typeorm';
import { z } from 'zod';
import { Consultation, Proposal, ProposalStep } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { loadCase, policyOfCase } from '../cases/case.service';
import { CaseNode } from '../cases/case.type';
import { toTransitionOutcomeNode } from '../decisions/decision.resolver';
import { selectedRelations } from '../cases/case.resolver';
import { rowsByParent } from '../request/loaders';
import { parseInput } from '../graphql/validated-input';
import { toConsultationNode } from '../consultations/consultation.service';
import { ConsultationNode } from '../consultations/consultation.type';
import {
  ActOnProposalInput,
  ProposeTransitionInput,
  WithdrawProposalInput,
  actOnProposalSchema,
  proposeTransitionSchema,
  withdrawProposalSchema,
} from './proposal.inputs';
import {
  actOnProposal,
  availableActions,
  loadProposal,
  proposeTransition,
  toProposalNode,
  toProposalStepNode,
  withdrawProposal,
} from './proposal.service';
import {
  AvailableActionNode,
  ProposalActionResult,
  ProposalNode,
  ProposalStepNode,
} from './proposal.type';

const uuid = z.uuid();

function proposalsByCase(ctx: RequestContext) {
  const { em } = sessionOf(ctx);
  return rowsByParent(
    ctx,
    'proposals-by-case',
    (ids) =>
      em.find(Proposal, {
        where: { tenantId: em.tenantId, caseId: In(ids) },
        order: { proposedAt: 'ASC', id: 'ASC' },
      }),
    (p) => p.caseId,
  );
}

@Resolver(() => ProposalNode)
export class ProposalResolver {
  @Authorized(Permission.ReadCases)
  @Query(() => [AvailableActionNode], {
    description:
      'Each move out of the case’s current stage: whether you may take its next step now and why not, who may act, and what is still needed.',
  })
  async availableActions(
    @Ctx() ctx: RequestContext,
    @Arg('caseId', () => ID, { description: 'The case.' }) caseId: string,
  ): Promise<AvailableActionNode[]> {
    return availableActions(ctx, await loadCase(ctx, parseInput(uuid, caseId, 'caseId')));
  }

  @Authorized(Permission.ReadCases)
  @Query(() => ProposalNode, { description: 'One proposal of your council.' })
  async proposal(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The proposal.' }) id: string,
  ): Promise<ProposalNode> {
    const p = await loadProposal(ctx, parseInput(uuid, id, 'id'));
    const c = await loadCase(ctx, p.caseId);
    return toProposalNode(p, await policyOfCase(ctx, c), c.policyVersionId);
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => ProposalNode, {
    description:
      'Proposes moving a case to another stage. Refused with POLICY_VIOLATION and the policy’s reasons when the council’s policy does not allow it.',
  })
  async proposeTransition(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: ProposeTransitionInput,
  ): Promise<ProposalNode> {
    const { proposal, theCase, policy } = await proposeTransition(
      ctx,
      parseInput(proposeTransitionSchema, { ...input }),
    );
    return toProposalNode(proposal, policy, theCase.policyVersionId);
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => ProposalActionResult, {
    description:
      'Recommends, approves or rejects a proposal at its next step. The final approval moves the case, imposes the measures, writes the letter and records who was told; refused with POLICY_VIOLATION and the reasons when the policy does not allow it.',
  })
  async actOnProposal(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: ActOnProposalInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ProposalActionResult> {
    const done = await actOnProposal(ctx, parseInput(actOnProposalSchema, { ...input }));
    return {
      proposal: toProposalNode(done.proposal, done.policy, done.theCase.policyVersionId),
      step: toProposalStepNode(done.step),
      outcome: done.outcome
        ? await toTransitionOutcomeNode(
            ctx,
            done.policy,
            done.outcome,
            selectedRelations(ctx, info, ['outcome', 'case']),
          )
        : null,
    };
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => ProposalActionResult, {
    description:
      'Withdraws your own open proposal, with reasons: it closes, the case stays where it is and a new proposal may be made. Refused with POLICY_VIOLATION (NOT_PROPOSER, PROPOSAL_FINISHED) otherwise.',
  })
  async withdrawProposal(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: WithdrawProposalInput,
  ): Promise<ProposalActionResult> {
    const done = await withdrawProposal(ctx, parseInput(withdrawProposalSchema, { ...input }));
    return {
      proposal: toProposalNode(done.proposal, done.policy, done.theCase.policyVersionId),
      step: toProposalStepNode(done.step),
      outcome: null,
    };
  }

  @FieldResolver(() => [ProposalStepNode], {
    description: 'Acts on the proposal so far, in chain order (the proposal itself first).',
  })
  async steps(@Ctx() ctx: RequestContext, @Root() p: ProposalNode): Promise<ProposalStepNode[]> {
    const { em } = sessionOf(ctx);
    const rows = await rowsByParent(
      ctx,
      'steps-by-proposal',
      (ids) =>
        em.find(ProposalStep, {
          where: { tenantId: em.tenantId, proposalId: In(ids) },
          order: { position: 'ASC' },
        }),
      (r) => r.proposalId,
    ).load(p.id);
    return rows.map(toProposalStepNode);
  }

  @FieldResolver(() => [ConsultationNode], { description: 'Consultations recorded on it.' })
  async consultations(
    @Ctx() ctx: RequestContext,
    @Root() p: ProposalNode,
  ): Promise<ConsultationNode[]> {
    const { em } = sessionOf(ctx);
    return rowsByParent(
      ctx,
      'consultations-by-proposal',
      (ids) =>
        em.find(Consultation, {
          where: { tenantId: em.tenantId, proposalId: In(ids) },
          order: { recordedAt: 'ASC' },
        }),
      (r) => r.proposalId,
    )
      .load(p.id)
      .then((rows) => rows.map(toConsultationNode));
  }
}

@Resolver(() => CaseNode)
export class CaseProposalsResolver {
  @FieldResolver(() => ProposalNode, {
    nullable: true,
    description: 'The proposal under way on the case, if any.',
  })
  async openProposal(
    @Ctx() ctx: RequestContext,
    @Root() c: CaseNode,
  ): Promise<ProposalNode | null> {
    const open = (await proposalsByCase(ctx).load(c.id)).find((p) => p.status === 'open');
    if (!open) return null;
    const policy = await ctx.services.policies.get(sessionOf(ctx).em, c.policyVersionId);
    return toProposalNode(open, policy, c.policyVersionId);
  }

  @FieldResolver(() => [ProposalNode], {
    description: 'Every proposal made on the case, oldest first.',
  })
  async proposals(@Ctx() ctx: RequestContext, @Root() c: CaseNode): Promise<ProposalNode[]> {
    const rows = await proposalsByCase(ctx).load(c.id);
    const policy = await ctx.services.policies.get(sessionOf(ctx).em, c.policyVersionId);
    return rows.map((p) => toProposalNode(p, policy, c.policyVersionId));
  }

  @FieldResolver(() => [AvailableActionNode], {
    description:
      'Each move out of the case’s current stage, and whether you may take its next step.',
  })
  async availableActions(
    @Ctx() ctx: RequestContext,
    @Root() c: CaseNode,
  ): Promise<AvailableActionNode[]> {
    return availableActions(ctx, await loadCase(ctx, c.id));
  }
}
