import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Notification } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { accessibleWhere } from '../authorization/accessible-where';
import { audit, sessionOf } from '../casework/session';
import { Connection, decodeCursor, pageSize, toConnection } from '../graphql/connection';
import { notFound } from '../graphql/errors';
import { parseInput } from '../graphql/validated-input';
import { notificationIdSchema, unreadOnlySchema } from './notification.inputs';
import { NotificationNode } from './notification.type';

const NotificationConnection = Connection(NotificationNode, 'Notification');
type NotificationConnection = InstanceType<typeof NotificationConnection>;

const toNode = (n: Notification): NotificationNode => ({
  id: n.id,
  kind: n.kind,
  caseId: n.caseId,
  dueDate: n.dueDate,
  role: n.role,
  title: n.title,
  body: n.body,
  createdAt: n.createdAt,
  readAt: n.readAt,
  emailedAt: n.emailedAt,
});

@Resolver()
export class NotificationResolver {
  @Authorized(Permission.ReadOwnNotifications)
  @Query(() => NotificationConnection, { description: 'Your notifications, newest first.' })
  async myNotifications(
    @Ctx() ctx: RequestContext,
    @Arg('unreadOnly', () => Boolean, {
      defaultValue: false,
      description: 'Only those not yet marked read.',
    })
    unreadOnly: boolean,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size (at most 100).' })
    first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor from the previous page.' })
    after: string | null,
  ): Promise<NotificationConnection> {
    const onlyUnread = parseInput(unreadOnlySchema, unreadOnly, 'unreadOnly');
    const limit = parseInput(pageSize, first, 'first');
    const cursor = decodeCursor(after);
    const { em, user } = sessionOf(ctx);
    const where = accessibleWhere(ctx.ability, 'read', 'Notification', 'n');
    const qb = em
      .createQueryBuilder(Notification, 'n')
      .where(where.sql, where.params)
      .andWhere('n.recipient_id = :me', { me: user.id });
    if (onlyUnread) qb.andWhere('n.read_at is null');
    // Counted only when totalCount is selected.
    const counting = qb.clone();
    if (cursor)
      qb.andWhere('(n.created_at, n.id) < (:at, :cid)', { at: cursor.at, cid: cursor.id });
    const rows = await qb
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    return toConnection(
      rows,
      limit,
      () => counting.getCount(),
      (n) => ({ at: n.createdAt, id: n.id }),
      toNode,
    );
  }

  @Authorized(Permission.ReadOwnNotifications)
  @Mutation(() => NotificationNode, {
    description: 'Marks one of your notifications read (again is harmless).',
  })
  async markNotificationRead(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The notification.' }) id: string,
  ): Promise<NotificationNode> {
    const notificationId = parseInput(notificationIdSchema, id, 'id');
    const { em, user } = sessionOf(ctx);
    const found = await em.findOne(Notification, {
      where: { tenantId: em.tenantId, id: notificationId, recipientId: user.id },
      lock: { mode: 'pessimistic_write' },
    });
    // Someone else's notification answers exactly like one that does not exist.
    if (!found) throw notFound('Notification');
    if (!found.readAt) {
      found.readAt = ctx.services.clock.now();
      await em.update(
        Notification,
        { tenantId: em.tenantId, id: found.id },
        { readAt: found.readAt },
      );
      await audit(ctx, {
        action: 'notification.read',
        entityType: 'notification',
        entityId: found.id,
        caseId: found.caseId,
        payload: { kind: found.kind },
      });
    }
    return toNode(found);
  }
}
