import { Arg, Authorized, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { policyOfCase, toCaseNode } from '../cases/case.service';
import { selectedRelations } from '../cases/case.resolver';
import { toProposalNode } from '../proposals/proposal.service';
import { parseInput } from '../graphql/validated-input';
import { toLetterNode } from '../letters/letter.service';
import { toRestrictionNode } from '../cases/restriction-node';
import { RecordReviewInput, recordReviewSchema, recordReviewValue } from './review.inputs';
import { recordReview, toReviewNode } from './review.service';
import { RecordReviewResult } from './review.type';

@Resolver()
export class ReviewResolver {
  @Authorized(Permission.WorkCases)
  @Mutation(() => RecordReviewResult, {
    description:
      'Records the outcome of a review (continue, vary, extend, escalate, lift) as the policy allows, schedules the next review and drafts the review letter.',
  })
  async recordReview(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordReviewInput) input: RecordReviewInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RecordReviewResult> {
    const args = parseInput(recordReviewSchema, recordReviewValue(input));
    const done = await recordReview(ctx, args);
    return {
      review: toReviewNode(done.review),
      decision: done.decision,
      case: await toCaseNode(ctx, done.case, selectedRelations(ctx, info, ['case'])),
      restrictions: done.restrictions.map(toRestrictionNode),
      letter: done.letter ? toLetterNode(done.letter) : null,
      proposal: done.proposal
        ? toProposalNode(
            done.proposal,
            await policyOfCase(ctx, done.case),
            done.case.policyVersionId,
          )
        : null,
    };
  }
}
