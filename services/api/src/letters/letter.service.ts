import { Letter } from '@conduct/db';
import { policyViolation, DomainError, notFound } from '@conduct/casework';
import { roleList } from '@conduct/policy';
import type { RequestContext } from '../request/context';
import { audit, sessionOf } from '../casework/session';
import { loadCase, policyOfCase, touchCase } from '../cases/case.service';
import type { LetterNode } from './letter.type';

export const toLetterNode = (l: Letter): LetterNode => ({
  id: l.id,
  caseId: l.caseId,
  decisionId: l.decisionId,
  templateKey: l.templateKey,
  title: l.title,
  body: l.body,
  sections: l.sections,
  status: l.status,
  createdAt: l.createdAt,
  sentAt: l.sentAt,
  sentBy: l.sentBy,
  channels: l.channels,
});

/** How and when the sender says the letter went; absent: the policy's usual channels, now. */
export interface LetterDispatch {
  channels?: string[] | null;
  sentAt?: Date | null;
}

/** A letter of the caller's council, or NOT_FOUND (the same for another council's id). */
export async function loadLetter(ctx: RequestContext, id: string): Promise<Letter> {
  const { em } = sessionOf(ctx);
  const found = await em.findOne(Letter, { where: { tenantId: em.tenantId, id } });
  if (!found) throw notFound('Letter');
  return found;
}

/**
 * Records that the letter went to the customer, how (channels) and when (not
 * in the future, not before it was written); a letter is sent once, and only
 * by the roles the policy names.
 */
export async function markLetterSent(
  ctx: RequestContext,
  letterId: string,
  dispatch: LetterDispatch = {},
): Promise<Letter> {
  const session = sessionOf(ctx);
  const { em } = session;
  const found = await loadLetter(ctx, letterId);
  // The case lock serialises everything written about a case, so two senders cannot both win.
  const theCase = await loadCase(ctx, found.caseId, { lock: true });
  const letter = await loadLetter(ctx, letterId);
  if (letter.status === 'sent') {
    throw new DomainError('CONFLICT', 'This letter has already been sent', { field: 'letterId' });
  }
  const rule = (await policyOfCase(ctx, theCase)).letterSending;
  const senders = roleList(rule.markedSentBy);
  if (senders.length > 0 && !senders.some((r) => session.actor.roles.includes(r))) {
    throw policyViolation([
      {
        code: 'WRONG_ROLE',
        message: `Under this council's policy letters are recorded as sent by: ${senders.join(', ')}.`,
      },
    ]);
  }
  const now = ctx.services.clock.now();
  const sentAt = dispatch.sentAt ?? now;
  if (sentAt > now) {
    throw new DomainError('BAD_USER_INPUT', 'sentAt: a letter cannot be sent in the future', {
      field: 'sentAt',
    });
  }
  if (sentAt < letter.createdAt) {
    throw new DomainError('BAD_USER_INPUT', 'sentAt: before the letter was written', {
      field: 'sentAt',
    });
  }
  letter.status = 'sent';
  letter.sentAt = sentAt;
  letter.sentBy = session.user.id;
  letter.channels = [...new Set(dispatch.channels ?? rule.defaultChannels)];
  await em.update(
    Letter,
    { tenantId: letter.tenantId, id: letter.id },
    { status: letter.status, sentAt, sentBy: letter.sentBy, channels: letter.channels },
  );
  await touchCase(ctx, theCase);
  await audit(ctx, {
    action: 'letter.sent',
    entityType: 'letter',
    entityId: letter.id,
    caseId: theCase.id,
    payload: {
      decisionId: letter.decisionId,
      templateKey: letter.templateKey,
      channels: letter.channels,
      sentAt: sentAt.toISOString(),
    },
  });
  return letter;
}
