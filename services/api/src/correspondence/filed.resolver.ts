import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { FiledCorrespondence, ManagedCase, Restriction } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { accessibleWhere } from '../authorization/accessible-where';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { Connection, decodeCursor, pageSize, toConnection } from '../graphql/connection';
import { parseInput } from '../graphql/validated-input';
import {
  ConfirmFiledCorrespondenceInput,
  LogFiledCorrespondenceInput,
  confirmFiledSchema,
  filedStatusSchema,
  logFiledSchema,
} from './filed.inputs';
import { confirmFiled, logFiled, toFiledNode } from './filed.service';
import { FiledCorrespondenceNode, FiledStatus } from './filed.type';

const FiledConnection = Connection(FiledCorrespondenceNode, 'FiledCorrespondence');
type FiledConnection = InstanceType<typeof FiledConnection>;
const id = z.uuid();

@Resolver()
export class FiledCorrespondenceResolver {
  @Authorized(Permission.ReadCases)
  @Query(() => FiledConnection, {
    description: 'The filed-without-reply queue, oldest due first; optionally by status.',
  })
  async filedCorrespondence(
    @Ctx() ctx: RequestContext,
    @Arg('status', () => FiledStatus, { nullable: true, description: 'Only items in this state.' })
    status: FiledStatus | null,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size (1–100).' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue from.' })
    after: string | null,
  ): Promise<FiledConnection> {
    const wanted = parseInput(filedStatusSchema, status, 'status');
    const limit = parseInput(pageSize, first, 'first');
    const cursor = decodeCursor(after);
    const { em } = sessionOf(ctx);
    const now = ctx.services.clock.now();
    const where = accessibleWhere(ctx.ability, 'read', 'Case', 'f');
    const qb = em.createQueryBuilder(FiledCorrespondence, 'f').where(where.sql, where.params);
    if (wanted === FiledStatus.CONFIRMED) qb.andWhere('f.confirmed_at is not null');
    if (wanted === FiledStatus.ESCALATED)
      qb.andWhere('f.confirmed_at is null and f.escalated_at is not null');
    if (wanted === FiledStatus.OVERDUE)
      qb.andWhere('f.confirmed_at is null and f.escalated_at is null and f.review_due_at <= :now', {
        now,
      });
    if (wanted === FiledStatus.PENDING)
      qb.andWhere('f.confirmed_at is null and f.escalated_at is null and f.review_due_at > :now', {
        now,
      });
    // Counted only when totalCount is selected.
    const counting = qb.clone();
    if (cursor)
      qb.andWhere('(f.review_due_at, f.id) > (:at, :cid)', { at: cursor.at, cid: cursor.id });
    const rows = await qb
      .orderBy('f.review_due_at', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    const caseIds = [...new Set(rows.map((r) => r.caseId))];
    const restrictionIds = [...new Set(rows.map((r) => r.restrictionId))];
    const [cases, restrictions] = await Promise.all([
      caseIds.length
        ? em
            .createQueryBuilder(ManagedCase, 'c')
            .where('c.tenant_id = :t and c.id in (:...ids)', { t: em.tenantId, ids: caseIds })
            .getMany()
        : [],
      restrictionIds.length
        ? em
            .createQueryBuilder(Restriction, 'r')
            .where('r.tenant_id = :t and r.id in (:...ids)', {
              t: em.tenantId,
              ids: restrictionIds,
            })
            .getMany()
        : [],
    ]);
    const refs = new Map(cases.map((c) => [c.id, c.reference]));
    const rs = new Map(restrictions.map((r) => [r.id, r]));
    return toConnection(
      rows,
      limit,
      () => counting.getCount(),
      (f) => ({ at: f.reviewDueAt, id: f.id }),
      (f) => toFiledNode(f, refs.get(f.caseId) ?? '', rs.get(f.restrictionId), now),
    );
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => FiledCorrespondenceNode, {
    description: 'Logs correspondence that a restriction says is read and filed without reply.',
  })
  logFiledCorrespondence(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: LogFiledCorrespondenceInput,
  ): Promise<FiledCorrespondenceNode> {
    return logFiled(ctx, parseInput(logFiledSchema, input));
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => FiledCorrespondenceNode, {
    description:
      'The designated officer confirms reading a filed item for new information or safeguarding concerns.',
  })
  confirmFiledCorrespondence(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The filed item.' }) itemId: string,
    @Arg('input') input: ConfirmFiledCorrespondenceInput,
  ): Promise<FiledCorrespondenceNode> {
    return confirmFiled(ctx, parseInput(id, itemId, 'id'), parseInput(confirmFiledSchema, input));
  }
}
