import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { PolicyVersions, previewPurge } from '@conduct/casework';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { parseInput } from '../graphql/validated-input';
import { PurgePreview } from './purge-preview.type';

/** Activated policy versions are immutable: one parsed copy per process. */
const policies = new PolicyVersions();
/**
 * The query cost limit (5000) multiplies the whole selection by `first`: with
 * every candidate field selected one candidate costs 23.75, so 200 is the most
 * that always fits (graphql-armor's estimate; checked in purge-preview-cost.test.ts).
 */
export const PURGE_PREVIEW_MAX = 200;
const firstSchema = z.number().int().min(1).max(PURGE_PREVIEW_MAX);

@Resolver()
export class PurgePreviewResolver {
  @Authorized(Permission.PreviewPurge)
  @Query(() => PurgePreview, {
    description:
      'Tenant admins: the cases whose retention date has passed and would be purged by the next run (legal holds excluded), and why.',
  })
  async purgePreview(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, {
      defaultValue: 100,
      description: 'How many candidates to list (at most 200: the query cost limit).',
    })
    first: number,
  ): Promise<PurgePreview> {
    const limit = parseInput(firstSchema, first, 'first');
    const { tenant } = sessionOf(ctx);
    const cutoff = ctx.services.clock.now();
    // Its own READ ONLY transaction in the caller's tenant: the dry run cannot write.
    const due = await previewPurge(ctx.services.ds, policies, tenant.id, cutoff);
    due.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.caseId.localeCompare(b.caseId));
    return {
      cutoff,
      totalCount: due.length,
      candidates: due.slice(0, limit).map((c) => ({
        caseId: c.caseId,
        caseReference: c.reference,
        policyVersion: c.policyVersion,
        ruleId: c.ruleId,
        action: c.action,
        retentionDueAt: c.dueAt,
        reason: c.reason,
      })),
    };
  }
}
