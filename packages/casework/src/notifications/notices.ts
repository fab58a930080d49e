import { type NotificationKind, type TenantEntityManager } from '@conduct/db';
import { recipientsFor } from './recipients';
import { appendVocabularyEvent } from '../audit/vocabulary';

/**
 * Writes one notice to each recipient, idempotently: the unique key
 * (tenant, kind, case, due date, recipient) turns a duplicate job into a no-op,
 * and the audit event is written only with rows that are new.
 */
export async function writeNotices(
  em: TenantEntityManager,
  input: {
    kind: NotificationKind;
    caseId: string;
    dueDate: string;
    roles: string[];
    title: string;
    body: string;
    now: Date;
  },
): Promise<number> {
  const recipients = await recipientsFor(em, input.roles);
  if (!recipients.length) return 0;
  const inserted = (await em.query(
    `insert into notification (tenant_id, kind, case_id, due_date, recipient_id, role, title, body, created_at)
     select $1, $2, $3, $4::date, r.id, r.role, $5, $6, $7
       from unnest($8::uuid[], $9::text[]) as r(id, role)
     on conflict (tenant_id, kind, case_id, due_date, recipient_id) do nothing
     returning id, recipient_id`,
    [
      em.tenantId,
      input.kind,
      input.caseId,
      input.dueDate,
      input.title,
      input.body,
      input.now,
      recipients.map((r) => r.userId),
      recipients.map((r) => r.role),
    ],
  )) as { id: string; recipient_id: string }[];
  if (inserted.length) {
    await appendVocabularyEvent(em, {
      actorId: null,
      action: `notification.${input.kind}`,
      entityType: 'case',
      entityId: input.caseId,
      caseId: input.caseId,
      payload: {
        kind: input.kind,
        dueDate: input.dueDate,
        notificationIds: inserted.map((r) => r.id),
        recipientIds: inserted.map((r) => r.recipient_id),
      },
      occurredAt: input.now,
    });
  }
  return inserted.length;
}
