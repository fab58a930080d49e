import { z } from 'zod';
import { Operator, OperatorEvent, Tenant } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { decodeCursor, toConnection } from '../graphql/connection';
import { operatorOf } from './operator.session';
import type { OperatorLogEntry } from './operator-log.type';
import { OPERATOR_LOG_ACTIONS, type OperatorLogAction } from './operator-log.actions';

/** A kind of entry to filter by: one the log holds, so a misspelt kind is refused, not an empty page. */
export const operatorLogActionSchema = z.enum(OPERATOR_LOG_ACTIONS);

export interface OperatorLogFilter {
  first: number;
  after: string | null;
  tenantId: string | null;
  action: OperatorLogAction | null;
}

const toEntry = (
  e: OperatorEvent,
  joined: { operator_email: string; tenant_slug: string | null },
): OperatorLogEntry => ({
  id: e.id,
  occurredAt: e.occurredAt,
  action: e.action,
  operatorId: e.operatorId,
  operatorEmail: joined.operator_email,
  tenantId: e.tenantId,
  tenantSlug: joined.tenant_slug,
  detailsJson: JSON.stringify(e.payload),
  reason: e.reason,
});

/**
 * A page of the platform's operator log, newest first (keyset on time and id),
 * for platform operators: what they did to councils and the roster, with each
 * break-glass reason. Read in the operator's platform transaction; the log is
 * a platform table (no council's rows), and its payloads hold ids and codes.
 */
export async function readOperatorLog(ctx: RequestContext, filter: OperatorLogFilter) {
  const { em } = operatorOf(ctx);
  const cursor = decodeCursor(filter.after);
  const qb = em
    .createQueryBuilder(OperatorEvent, 'e')
    .innerJoin(Operator, 'o', 'o.id = e.operator_id')
    .leftJoin(Tenant, 't', 't.id = e.target_tenant_id')
    .addSelect('o.email', 'operator_email')
    .addSelect('t.slug', 'tenant_slug');
  if (filter.tenantId) qb.andWhere('e.target_tenant_id = :tenant', { tenant: filter.tenantId });
  if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
  const counting = qb.clone();
  if (cursor) qb.andWhere('(e.occurred_at, e.id) < (:at, :cid)', { at: cursor.at, cid: cursor.id });
  const { entities, raw } = await qb
    .orderBy('e.occurred_at', 'DESC')
    .addOrderBy('e.id', 'DESC')
    .limit(filter.first + 1)
    .getRawAndEntities<{ operator_email: string; tenant_slug: string | null }>();
  return toConnection(
    entities.map((e, i) => toEntry(e, raw[i]!)),
    filter.first,
    () => counting.getCount(),
    (e) => ({ at: e.occurredAt, id: e.id }),
    (e) => e,
  );
}
