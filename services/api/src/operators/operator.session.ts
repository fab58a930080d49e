import { OperatorEvent, type TenantEntityManager } from '@conduct/db';
import { DomainError } from '@conduct/casework';
import type { OperatorSession, RequestContext } from '../request/context';
import type { OperatorLogAction } from './operator-log.actions';

/** The signed-in operator; resolvers behind `@Authorized(Permission.OperatePlatform)` always have one. */
export function operatorOf(ctx: RequestContext): OperatorSession {
  if (!ctx.operatorSession)
    throw new DomainError('UNAUTHENTICATED', ctx.authError ?? 'Sign in first');
  return ctx.operatorSession;
}

/**
 * Records what an operator did in the platform's operator log, in the
 * request's transaction: ids and codes in the payload, and a break-glass
 * reason (free text) in its own column. Returns the entry's id.
 */
export async function recordOperatorEvent(
  ctx: RequestContext,
  event: {
    action: OperatorLogAction;
    tenantId: string | null;
    payload?: Record<string, unknown>;
    reason?: string;
  },
): Promise<string> {
  const { em, operator } = operatorOf(ctx);
  const saved = await em.save(
    em.create(OperatorEvent, {
      occurredAt: ctx.services.clock.now(),
      operatorId: operator.id,
      action: event.action,
      tenantId: event.tenantId,
      payload: event.payload ?? {},
      reason: event.reason ?? null,
    }),
  );
  return saved.id;
}

/**
 * Runs `write` with the operator's transaction scoped to one council, for what
 * must land in the council's own rows (its audit chain, notices to its admins);
 * the setting is cleared straight after, so the operator reads no tenant rows.
 */
export async function asTenant<T>(
  ctx: RequestContext,
  tenantId: string,
  write: (em: TenantEntityManager) => Promise<T>,
): Promise<T> {
  const { em } = operatorOf(ctx);
  const scoped = Object.assign(em.connection.createEntityManager(em.queryRunner), {
    tenantId,
  }) as TenantEntityManager;
  await em.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
  try {
    return await write(scoped);
  } finally {
    await em.query(`select set_config('app.tenant_id', '', true)`);
  }
}
