import { Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { CaseRecord } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { toCaseNode } from '../cases/case.service';
import { selectedRelations } from '../cases/case.resolver';
import { CaseNode } from '../cases/case.type';
import { parseInput } from '../graphql/validated-input';
import {
  AddCaseNoteInput,
  LegalHoldInput,
  RecordReferralInput,
  SetNextReviewInput,
  addCaseNoteSchema,
  legalHoldSchema,
  recordReferralSchema,
  setNextReviewSchema,
} from './case-record.inputs';
import {
  addCaseNote,
  changeLegalHold,
  recordReferral,
  setNextReview,
  toCaseRecordNode,
} from './case-record.service';
import { CaseRecordNode } from './case-record.type';

@Resolver(() => CaseNode)
export class CaseRecordResolver {
  @FieldResolver(() => [CaseRecordNode], {
    description: 'Notes, referrals and legal holds recorded on the case, oldest first.',
  })
  async records(@Ctx() ctx: RequestContext, @Root() c: CaseNode): Promise<CaseRecordNode[]> {
    const { em } = sessionOf(ctx);
    const rows = await em.find(CaseRecord, {
      where: { tenantId: em.tenantId, caseId: c.id },
      order: { recordedAt: 'ASC', id: 'ASC' },
    });
    const policy = await ctx.services.policies.get(em, c.policyVersionId);
    return rows.map((r) => toCaseRecordNode(policy, r));
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => CaseNode, {
    description:
      'Places a legal hold on a case (the roles the policy names, with a reason): no purge touches it while held.',
  })
  async placeLegalHold(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: LegalHoldInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CaseNode> {
    const c = await changeLegalHold(ctx, parseInput(legalHoldSchema, { ...input }), true);
    return toCaseNode(ctx, c, selectedRelations(ctx, info, []));
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => CaseNode, {
    description: 'Releases a legal hold (the roles the policy names, with a reason).',
  })
  async releaseLegalHold(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: LegalHoldInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CaseNode> {
    const c = await changeLegalHold(ctx, parseInput(legalHoldSchema, { ...input }), false);
    return toCaseNode(ctx, c, selectedRelations(ctx, info, []));
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => CaseRecordNode, {
    description:
      'Records a referral outside the policy (police, staff-protection procedure) on a case; the stage does not change.',
  })
  async recordReferral(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: RecordReferralInput,
  ): Promise<CaseRecordNode> {
    const { policy, row } = await recordReferral(
      ctx,
      parseInput(recordReferralSchema, { ...input }),
    );
    return toCaseRecordNode(policy, row);
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => CaseNode, {
    description:
      'Sets the next review date of one case, with reasons, where the policy lets the reviewer adjust it and within its limits. Refused with POLICY_VIOLATION (CADENCE_FIXED, WRONG_ROLE, REVIEW_DATE_OUT_OF_RANGE) otherwise.',
  })
  async setNextReview(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: SetNextReviewInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CaseNode> {
    const c = await setNextReview(ctx, parseInput(setNextReviewSchema, { ...input }));
    return toCaseNode(ctx, c, selectedRelations(ctx, info, []));
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => CaseRecordNode, { description: 'Adds a note to a case (audited by id).' })
  async addCaseNote(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: AddCaseNoteInput,
  ): Promise<CaseRecordNode> {
    const { policy, row } = await addCaseNote(ctx, parseInput(addCaseNoteSchema, { ...input }));
    return toCaseRecordNode(policy, row);
  }
}
