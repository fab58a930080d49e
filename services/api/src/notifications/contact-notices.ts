import { type Contact, ManagedCase, Restriction } from '@conduct/db';
import { appendVocabularyEvent } from '@conduct/casework';
import { noticesForContact, type Policy, type StageKind, type StaffNotice } from '@conduct/policy';
import type { RequestContext } from '../request/context';
import { sessionOf } from '../casework/session';

const INACTIVE_STATUS: Record<string, StageKind> = { closed: 'closed', dormant: 'dormant' };

/**
 * Tells the staff the policy names, at once, about a logged contact: one in the
 * categories or severity the policy lists (Welwyn Hatfield §5.4.2 "the service
 * manager advised immediately"), or any contact from a customer whose case is
 * closed or dormant (Cheshire "urgent consideration if behaviour re-commences"),
 * or a new issue raised by a customer whose measures are in force (Maidstone §7.3).
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
  const restricted = contact.newIssue
    ? (await em.count(Restriction, {
        where: { tenantId: em.tenantId, caseId: theCase.id, status: 'active' },
      })) > 0
    : false;
  const notices = noticesForContact(policy, {
    behaviourCategories: contact.behaviourCategories,
    severity: contact.severity,
    caseStageKind: INACTIVE_STATUS[theCase.status] ?? policy.stages[theCase.stage]?.kind,
    newIssue: contact.newIssue,
    restricted,
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
        ...wording(notice.event, theCase, notice.clause ? ` (${notice.clause})` : ''),
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

/** The notice's title and body: the case reference, never the customer's name. */
function wording(event: StaffNotice['event'], c: ManagedCase, clause: string): [string, string] {
  switch (event) {
    case 'contact-while-inactive':
      return [
        `New contact on ${c.status} case ${c.reference}`,
        `A contact was logged from the customer of case ${c.reference}, which is ${c.status}. The policy asks for it to be considered promptly${clause}.`,
      ];
    case 'new-issue-while-restricted':
      return [
        `New issue raised on restricted case ${c.reference}`,
        `The customer of case ${c.reference}, whose contact is restricted, raised a new issue. Under the policy a decision is taken on whether the restrictions are still appropriate${clause}.`,
      ];
    case 'contact-logged':
      return [
        `Contact to look at on case ${c.reference}`,
        `A contact of the kind the policy asks you to be told about was logged on case ${c.reference}${clause}.`,
      ];
  }
}
