import { OperatorEvent } from '@conduct/db';
import type { OperatorSession, RequestContext } from '../context';
import { AppError } from '../graphql/errors';

/** The signed-in operator; resolvers behind `@Authorized(Permission.OperatePlatform)` always have one. */
export function operatorOf(ctx: RequestContext): OperatorSession {
  if (!ctx.operatorSession) throw new AppError('UNAUTHENTICATED', ctx.authError ?? 'Sign in first');
  return ctx.operatorSession;
}

/** Records what an operator did at platform level, in the request's transaction (ids and codes only). */
export async function recordOperatorEvent(
  ctx: RequestContext,
  event: { action: string; tenantId: string | null; payload?: Record<string, unknown> },
): Promise<void> {
  const { em, operator } = operatorOf(ctx);
  await em.save(
    em.create(OperatorEvent, {
      occurredAt: ctx.services.clock.now(),
      operatorId: operator.id,
      action: event.action,
      tenantId: event.tenantId,
      payload: event.payload ?? {},
    }),
  );
}
