import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { RedactionMark } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { audit, sessionOf } from '../casework/session';
import { loadCustomer } from '../customers/customer.service';
import { AppError, notFound } from '../graphql/errors';
import { parseInput } from '../graphql/validated-input';
import { MarkForRedactionInput, markRedactionSchema, packScopeSchema } from './pack.inputs';
import { buildEvidencePack } from './pack.service';
import { EvidencePackNode, RedactionMarkNode } from './pack.type';

const id = z.uuid();

function toMarkNode(m: RedactionMark): RedactionMarkNode {
  return {
    id: m.id,
    customerId: m.customerId,
    caseId: m.caseId,
    term: m.term,
    category: m.category,
    reason: m.reason,
    markedAt: m.markedAt,
  };
}

function requireReader(ctx: RequestContext) {
  if (!ctx.ability.can('read', 'SafeguardingDetails'))
    throw new AppError(
      'FORBIDDEN',
      'Only the roles your policy lets read case details in full manage redactions',
    );
}

@Resolver()
export class EvidencePackResolver {
  @Authorized(Permission.ReadCases)
  @Query(() => EvidencePackNode, {
    description:
      'The evidence pack of one case or one customer (Ombudsman / subject access), with what was withheld and why. Audited.',
  })
  evidencePack(
    @Ctx() ctx: RequestContext,
    @Arg('caseId', () => ID, { nullable: true, description: 'One case.' }) caseId: string | null,
    @Arg('customerId', () => ID, { nullable: true, description: 'Or every case of one customer.' })
    customerId: string | null,
  ): Promise<EvidencePackNode> {
    const scope = parseInput(packScopeSchema, { caseId, customerId }, 'scope');
    return buildEvidencePack(
      ctx,
      scope.caseId ? { caseId: scope.caseId } : { customerId: scope.customerId! },
      'graphql',
    );
  }

  @Authorized(Permission.ReadCases)
  @Query(() => [RedactionMarkNode], {
    description: 'Third-party data marked for redaction in a customer’s packs.',
  })
  async redactionMarks(
    @Ctx() ctx: RequestContext,
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
  ): Promise<RedactionMarkNode[]> {
    requireReader(ctx);
    const customer = await loadCustomer(ctx, parseInput(id, customerId, 'customerId'));
    const { em } = sessionOf(ctx);
    const rows = await em.find(RedactionMark, {
      where: { tenantId: em.tenantId, customerId: customer.id },
      order: { markedAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toMarkNode);
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => RedactionMarkNode, {
    description:
      'Marks third-party personal data (a name in notes, a member of staff) to be withheld from evidence packs.',
  })
  async markForRedaction(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: MarkForRedactionInput,
  ): Promise<RedactionMarkNode> {
    const parsed = parseInput(markRedactionSchema, input);
    requireReader(ctx);
    const customer = await loadCustomer(ctx, parsed.customerId);
    const { em, user } = sessionOf(ctx);
    if (parsed.caseId) {
      const [c] = (await em.query(
        `select id from managed_case where tenant_id = $1 and id = $2 and customer_id = $3`,
        [em.tenantId, parsed.caseId, customer.id],
      )) as { id: string }[];
      if (!c) throw notFound('Case');
    }
    const mark = await em.save(
      em.create(RedactionMark, {
        tenantId: em.tenantId,
        customerId: customer.id,
        caseId: parsed.caseId ?? null,
        term: parsed.term,
        category: parsed.category,
        reason: parsed.reason,
        markedBy: user.id,
        markedAt: ctx.services.clock.now(),
      }),
    );
    await audit(ctx, {
      action: 'redaction.marked',
      entityType: 'redaction_mark',
      entityId: mark.id,
      caseId: mark.caseId,
      payload: { customerId: customer.id, category: mark.category },
    });
    return toMarkNode(mark);
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => Boolean, { description: 'Removes a redaction mark.' })
  async removeRedactionMark(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The mark.' }) markId: string,
  ): Promise<boolean> {
    requireReader(ctx);
    const { em } = sessionOf(ctx);
    const mark = await em.findOne(RedactionMark, {
      where: { tenantId: em.tenantId, id: parseInput(id, markId, 'id') },
    });
    if (!mark) throw notFound('Redaction mark');
    await em.remove(mark);
    await audit(ctx, {
      action: 'redaction.removed',
      entityType: 'redaction_mark',
      entityId: markId,
      caseId: mark.caseId,
      payload: { customerId: mark.customerId },
    });
    return true;
  }
}
