import { appendAuditEvent, type AuditInput } from '@conduct/db';
import type { RequestContext, TenantSession } from '../context';
import { AppError } from '../graphql/errors';

/** The signed-in session; resolvers behind @Authorized always have one. */
export function sessionOf(ctx: RequestContext): TenantSession {
  if (!ctx.session) throw new AppError('UNAUTHENTICATED', ctx.authError ?? 'Sign in first');
  return ctx.session;
}

/** Appends to the tenant's audit chain in the request's transaction, as the signed-in user. */
export function audit(ctx: RequestContext, event: Omit<AuditInput, 'actorId' | 'occurredAt'>) {
  const session = sessionOf(ctx);
  return appendAuditEvent(session.em, {
    ...event,
    actorId: session.user.id,
    occurredAt: ctx.services.clock.now(),
  });
}
