import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { DEV_AUDIT_ANCHOR_KEY } from '@conduct/config';
import { AuditEvent, readExportedAnchors, verifyAuditChain } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { loadCase } from '../cases/case.service';
import { parseInput } from '../graphql/validated-input';
import { AuditChainVerdictNode, AuditEventNode } from './audit.type';

const uuid = z.uuid();

@Resolver()
export class AuditResolver {
  @Authorized(Permission.ReadAudit)
  @Query(() => [AuditEventNode], {
    description: 'The audit events of one case of your council, in the order they happened.',
  })
  async auditTrail(
    @Ctx() ctx: RequestContext,
    @Arg('caseId', () => ID, { description: 'The case.' }) caseId: string,
  ): Promise<AuditEventNode[]> {
    const c = await loadCase(ctx, parseInput(uuid, caseId, 'caseId'));
    const { em } = sessionOf(ctx);
    const events = await em.find(AuditEvent, {
      where: { tenantId: em.tenantId, caseId: c.id },
      order: { seq: 'ASC' },
    });
    return events.map((e) => ({
      id: e.id,
      seq: e.seq,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      actorId: e.actorId,
      occurredAt: e.occurredAt,
      payload: JSON.stringify(e.payload),
    }));
  }

  @Authorized(Permission.ReadAudit)
  @Query(() => AuditChainVerdictNode, {
    description:
      'Re-computes your council’s audit chain and holds it to the heads anchored outside it: reports the first event altered, removed or reordered, a missing tail or a forward rewrite.',
  })
  async verifyAuditChain(@Ctx() ctx: RequestContext): Promise<AuditChainVerdictNode> {
    const { em } = sessionOf(ctx);
    const key = ctx.services.auditAnchorKey ?? DEV_AUDIT_ANCHOR_KEY;
    const file = ctx.services.auditAnchorFile;
    const exported = file ? await readExportedAnchors(file, em.tenantId) : [];
    const verdict = await verifyAuditChain(em, em.tenantId, undefined, key, exported);
    return {
      ok: verdict.ok,
      checked: verdict.checked,
      firstBrokenEventId: verdict.firstBrokenEventId,
      firstBrokenSeq: verdict.firstBrokenSeq,
      problem: verdict.problem,
    };
  }
}
