import { type Contact, ManagedCase } from '@conduct/db';
import { noticesForContact, type Policy, type StageKind } from '@conduct/policy';
import type { RequestContext } from '../context';
import { sessionOf } from '../casework/session';
import { appendVocabularyEvent } from '@conduct/casework';

const INACTIVE_STATUS: Record<string, StageKind> = { closed: 'closed', dormant: 'dormant' };

/**
 * Tells the staff the policy names, at once, about a logged contact: one in the
 * categories or severity the policy lists (Welwyn Hatfield §5.4.2 "the service
 * manager advised immediately"), or any contact from a customer whose case is
 * closed or dormant (Cheshire "urgent consideration if behaviour re-commences").
 * The contact's own case, else the customer's latest. One notice per case, kind,
 * day and recipient; it holds the case reference, never the customer's name.
 */
export async function noticeStaffOfContact(
  ctx: RequestContext,
  contact: Contact,
  policyOf: (c: ManagedCase) => Promise<Policy>,
): Promise<void> {
  const { em } = sessionOf(ctx);
  const theCase = await em.findOne(ManagedCase, {
    where: contact.caseId
      ? { tenantId: em.tenantId, id: contact.caseId }
      : { tenantId: em.tenantId, customerId: contact.customerId },
    order: { openedAt: 'DESC' },
  });
  if (!theCase || theCase.status === 'purged') return;
  const policy = await policyOf(theCase);
  const notices = noticesForContact(policy, {
    behaviourCategories: contact.behaviourCategories,
    severity: contact.severity,
    caseStageKind: INACTIVE_STATUS[theCase.status] ?? policy.stages[theCase.stage]?.kind,
  });
  const now = ctx.services.clock.now();
  for (const notice of notices) {
    const inserted = (await em.query(
      `insert into notification (tenant_id, kind, case_id, due_date, recipient_id, role, title, body, created_at)
       select $1, $2, $3, $4::date, u.id, (select r from unnest($5::text[]) r where r = any(u.roles) limit 1), $6, $7, $8
         from app_user u
        where u.tenant_id = $1 and u.active and u.roles && $5::text[]
       on conflict (tenant_id, kind, case_id, due_date, recipient_id) do nothing
       returning id, recipient_id`,
      [
        em.tenantId,
        notice.event,
        theCase.id,
        contact.occurredAt.toISOString().slice(0, 10),
        notice.roles,
        notice.event === 'contact-while-inactive'
          ? `New contact on ${theCase.status} case ${theCase.reference}`
          : `Contact to look at on case ${theCase.reference}`,
        notice.event === 'contact-while-inactive'
          ? `A contact was logged from the customer of case ${theCase.reference}, which is ${theCase.status}. The policy asks for it to be considered promptly${notice.clause ? ` (${notice.clause})` : ''}.`
          : `A contact of the kind the policy asks you to be told about was logged on case ${theCase.reference}${notice.clause ? ` (${notice.clause})` : ''}.`,
        now,
      ],
    )) as { id: string; recipient_id: string }[];
    if (inserted.length === 0) continue;
    await appendVocabularyEvent(em, {
      actorId: null,
      action: `notification.${notice.event}`,
      entityType: 'case',
      entityId: theCase.id,
      caseId: theCase.id,
      payload: {
        contactId: contact.id,
        notificationIds: inserted.map((r) => r.id),
        recipientIds: inserted.map((r) => r.recipient_id),
      },
      occurredAt: now,
    });
  }
}
