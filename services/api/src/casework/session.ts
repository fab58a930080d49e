import type { ManagedCase } from '@conduct/db';
import {
  type CaseContext,
  DomainError,
  appendVocabularyEvent,
  type VocabularyEvent,
} from '@conduct/casework';
import type { RequestContext, TenantSession } from '../request/context';

/** The signed-in session; resolvers behind @Authorized always have one. */
export function sessionOf(ctx: RequestContext): TenantSession {
  if (!ctx.session) throw new DomainError('UNAUTHENTICATED', ctx.authError ?? 'Sign in first');
  return ctx.session;
}

type Unsigned<E> = E extends unknown ? Omit<E, 'actorId' | 'occurredAt'> : never;

/** Appends an event of the audit vocabulary in the request's transaction, as the signed-in user. */
export function audit(ctx: RequestContext, event: Unsigned<VocabularyEvent>) {
  const session = sessionOf(ctx);
  return appendVocabularyEvent(session.em, {
    ...event,
    actorId: session.user.id,
    occurredAt: ctx.services.clock.now(),
  } as VocabularyEvent);
}

/**
 * The transport-free context of a decision on `theCase`: the request's
 * transaction, the signed-in person or API key, the request's clock and the
 * policy version the case is pinned to.
 */
export async function caseContextOf(
  ctx: RequestContext,
  theCase: ManagedCase,
): Promise<CaseContext> {
  const session = sessionOf(ctx);
  return {
    ...activePolicyContextOf(ctx),
    policy: await ctx.services.policies.get(session.em, theCase.policyVersionId),
    policyVersionId: theCase.policyVersionId,
  };
}

/** The same context under the tenant's active policy, for cases not yet written (the register import). */
export function activePolicyContextOf(ctx: RequestContext): CaseContext {
  const session = sessionOf(ctx);
  const { user, actor } = session;
  return {
    em: session.em,
    actor: {
      kind: user.kind === 'service' ? 'api-key' : 'person',
      userId: actor.userId,
      roles: actor.roles,
    },
    now: ctx.services.clock.now(),
    policy: session.policy,
    policyVersionId: session.policyVersionId,
  };
}
