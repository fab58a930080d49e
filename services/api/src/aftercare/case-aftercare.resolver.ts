import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import { Appeal, DerestrictionRequest, Review } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { toAppealNode } from '../appeals/appeal.service';
import { AppealNode } from '../appeals/appeal.type';
import { sessionOf } from '../casework/session';
import { CaseNode } from '../cases/case.type';
import { toDerestrictionRequestNode } from '../derestriction/derestriction.service';
import { DerestrictionRequestNode } from '../derestriction/derestriction.type';
import { rowsByParent } from '../request/loaders';
import { toReviewNode } from '../reviews/review.service';
import { ReviewNode } from '../reviews/review.type';

/** What happened on a case after a decision: its reviews, appeals and derestriction requests. */
@Resolver(() => CaseNode)
export class CaseAftercareResolver {
  @FieldResolver(() => [ReviewNode], { description: 'Reviews of the case, oldest first.' })
  async reviews(@Ctx() ctx: RequestContext, @Root() c: CaseNode): Promise<ReviewNode[]> {
    const { em } = sessionOf(ctx);
    const rows = await rowsByParent(
      ctx,
      'reviews-by-case',
      (ids) =>
        em.find(Review, {
          where: { tenantId: em.tenantId, caseId: In(ids) },
          order: { reviewedAt: 'ASC', id: 'ASC' },
        }),
      (r) => r.caseId,
    ).load(c.id);
    return rows.map(toReviewNode);
  }

  @FieldResolver(() => [AppealNode], { description: 'Appeals on the case, oldest first.' })
  async appeals(@Ctx() ctx: RequestContext, @Root() c: CaseNode): Promise<AppealNode[]> {
    const { em } = sessionOf(ctx);
    const rows = await rowsByParent(
      ctx,
      'appeals-by-case',
      (ids) =>
        em.find(Appeal, {
          where: { tenantId: em.tenantId, caseId: In(ids) },
          order: { lodgedAt: 'ASC', id: 'ASC' },
        }),
      (r) => r.caseId,
    ).load(c.id);
    return rows.map(toAppealNode);
  }

  @FieldResolver(() => [DerestrictionRequestNode], {
    description: 'Requests to lift restrictions on the case, oldest first.',
  })
  async derestrictionRequests(
    @Ctx() ctx: RequestContext,
    @Root() c: CaseNode,
  ): Promise<DerestrictionRequestNode[]> {
    const { em } = sessionOf(ctx);
    const rows = await rowsByParent(
      ctx,
      'derestriction-requests-by-case',
      (ids) =>
        em.find(DerestrictionRequest, {
          where: { tenantId: em.tenantId, caseId: In(ids) },
          order: { requestedAt: 'ASC', id: 'ASC' },
        }),
      (r) => r.caseId,
    ).load(c.id);
    return rows.map(toDerestrictionRequestNode);
  }
}
