import { Letter } from '@conduct/db';
import type { RequestContext } from '../context';
import { audit, sessionOf } from '../casework/session';
import { loadCase, touchCase } from '../cases/case.service';
import { AppError, notFound } from '../graphql/errors';
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
});

/** A letter of the caller's council, or NOT_FOUND (the same for another council's id). */
export async function loadLetter(ctx: RequestContext, id: string): Promise<Letter> {
  const { em } = sessionOf(ctx);
  const found = await em.findOne(Letter, { where: { tenantId: em.tenantId, id } });
  if (!found) throw notFound('Letter');
  return found;
}

/** Records that the letter went to the customer; a letter is sent once. */
export async function markLetterSent(ctx: RequestContext, letterId: string): Promise<Letter> {
  const session = sessionOf(ctx);
  const { em } = session;
  const found = await loadLetter(ctx, letterId);
  // The case lock serialises everything written about a case, so two senders cannot both win.
  const theCase = await loadCase(ctx, found.caseId, { lock: true });
  const letter = await loadLetter(ctx, letterId);
  if (letter.status === 'sent') {
    throw new AppError('CONFLICT', 'This letter has already been sent', { field: 'letterId' });
  }
  letter.status = 'sent';
  letter.sentAt = ctx.services.clock.now();
  letter.sentBy = session.user.id;
  await em.update(
    Letter,
    { tenantId: letter.tenantId, id: letter.id },
    { status: letter.status, sentAt: letter.sentAt, sentBy: letter.sentBy },
  );
  await touchCase(ctx, theCase);
  await audit(ctx, {
    action: 'letter.sent',
    entityType: 'letter',
    entityId: letter.id,
    caseId: theCase.id,
    payload: { decisionId: letter.decisionId, templateKey: letter.templateKey },
  });
  return letter;
}
