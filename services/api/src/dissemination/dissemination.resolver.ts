import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import { DisseminationRecord, ManagedCase } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { sessionOf } from '../casework/session';
import { CaseNode, DecisionNode } from '../cases/case.type';
import { loaderFor, rowsByParent } from '../request/loaders';
import { toDisseminationNodes } from './dissemination.service';
import { DisseminationNode } from './dissemination.type';

function disseminationsBy(ctx: RequestContext, column: 'caseId' | 'decisionId') {
  const { em } = sessionOf(ctx);
  return rowsByParent(
    ctx,
    `disseminations-by-${column}`,
    (ids) =>
      em.find(DisseminationRecord, {
        where: { tenantId: em.tenantId, [column]: In(ids) },
        order: { informedAt: 'ASC', audience: 'ASC' },
      }),
    (r) => r[column],
  );
}

/** The policy version of a case, by case id (one query per request for many cases). */
export async function policyVersionOfCase(ctx: RequestContext, caseId: string): Promise<string> {
  const { em } = sessionOf(ctx);
  const loader = loaderFor<string>(
    ctx,
    'policy-version-by-case',
    async (ids) =>
      new Map(
        (
          await em.find(ManagedCase, {
            where: { tenantId: em.tenantId, id: In([...ids]) },
            select: { id: true, policyVersionId: true },
          })
        ).map((c) => [c.id, c.policyVersionId]),
      ),
    () => '',
  );
  return loader.load(caseId);
}

@Resolver(() => CaseNode)
export class CaseDisseminationResolver {
  @FieldResolver(() => [DisseminationNode], {
    description: 'Groups told of decisions on the case, in the order they were told.',
  })
  async disseminations(
    @Ctx() ctx: RequestContext,
    @Root() c: CaseNode,
  ): Promise<DisseminationNode[]> {
    const { em } = sessionOf(ctx);
    const rows = await disseminationsBy(ctx, 'caseId').load(c.id);
    return toDisseminationNodes(ctx, await ctx.services.policies.get(em, c.policyVersionId), rows);
  }
}

@Resolver(() => DecisionNode)
export class DecisionDisseminationResolver {
  @FieldResolver(() => [DisseminationNode], { description: 'Groups told of this decision.' })
  async disseminations(
    @Ctx() ctx: RequestContext,
    @Root() d: DecisionNode & { caseId?: string },
  ): Promise<DisseminationNode[]> {
    const rows = await disseminationsBy(ctx, 'decisionId').load(d.id);
    if (rows.length === 0) return [];
    const { em } = sessionOf(ctx);
    const versionId = await policyVersionOfCase(ctx, rows[0]!.caseId);
    return toDisseminationNodes(ctx, await ctx.services.policies.get(em, versionId), rows);
  }
}
