import type { AuditInput } from '@conduct/db';
import {
  type AuditAction,
  type VocabularyEvent,
  appendVocabularyEvent,
  type DomainError,
} from '@conduct/casework';
import type { RequestContext } from '../request/context';
import { RequestTransaction } from '../request/transaction';

/** The attempts whose refusal the vocabulary declares (`refused.<attempt>`). */
type Attempt = AuditAction extends infer A ? (A extends `refused.${infer T}` ? T : never) : never;
type Refusal = { tenantId: string; event: Omit<VocabularyEvent, 'occurredAt'> };
const pending = new WeakMap<RequestContext, Refusal[]>();

/**
 * Records an attempt beyond someone's authority and returns the error to
 * throw. The request's transaction rolls back with the error, so the event is
 * written afterwards in a transaction of its own (`writeRefusals`): a refused
 * attempt still lands in the council's own audit chain.
 */
export function refusal(
  ctx: RequestContext,
  error: DomainError,
  event: { tenantId: string; actorId: string | null; action: Attempt } & Partial<
    Omit<AuditInput, 'action'>
  >,
): DomainError {
  const list = pending.get(ctx) ?? [];
  list.push({
    tenantId: event.tenantId,
    event: {
      actorId: event.actorId,
      action: `refused.${event.action}` as const,
      entityType: event.entityType ?? 'tenant',
      entityId: event.entityId ?? event.tenantId,
      payload: { ...event.payload, code: error.code, correlationId: ctx.correlationId },
    },
  });
  pending.set(ctx, list);
  return error;
}

/** Writes the refusals of a finished request, each in the council's chain. */
export async function writeRefusals(ctx: RequestContext): Promise<void> {
  const list = pending.get(ctx);
  if (!list?.length) return;
  pending.delete(ctx);
  for (const r of list) {
    const tx = await RequestTransaction.begin(ctx.services.ds, r.tenantId);
    try {
      await appendVocabularyEvent(tx.em, {
        ...r.event,
        occurredAt: ctx.services.clock.now(),
      } as VocabularyEvent);
      await tx.finish(true);
    } catch (err) {
      await tx.finish(false);
      ctx.services.logger.error({ err, correlationId: ctx.correlationId }, 'refusal not audited');
    }
  }
}
