import type { DataSource } from 'typeorm';
import { type TenantEntityManager, withTenant } from '@conduct/db';
import { roleList } from '@conduct/policy';
import { filedEscalationJob } from '@conduct/jobs';
import type { Clock } from '@conduct/config';
import { utcDay } from '../clock';
import { writeNotices } from '@conduct/casework';
import type { PolicyVersions } from '@conduct/casework';
import { appendVocabularyEvent } from '@conduct/casework';

/** The job (queue, name, payload, id) is declared in the registry, @conduct/jobs. */
export const FILED_ESCALATION_JOB = filedEscalationJob.name;
export const filedEscalationJobId = (tenantId: string) => filedEscalationJob.id({ tenantId });

/** The job's data, checked: `{ tenantId }`. */
export function filedEscalationData(data: unknown): { tenantId: string } {
  const parsed = filedEscalationJob.data.safeParse(data);
  if (!parsed.success) throw new Error(`${FILED_ESCALATION_JOB}: data.tenantId must be a uuid`);
  return parsed.data;
}

export interface FiledEscalationDeps {
  ds: DataSource;
  clock: Clock;
  policies: PolicyVersions;
  batchSize?: number;
}

/** The sweep's question: is any filed item past its lead time, unconfirmed and not yet escalated? */
export async function hasDueFiledEscalation(em: TenantEntityManager, now: Date): Promise<boolean> {
  const [row] = (await em.query(
    `select exists (select 1 from filed_correspondence
                     where tenant_id = $1 and confirmed_at is null and escalated_at is null
                       and review_due_at <= $2) as due`,
    [em.tenantId, now],
  )) as { due: boolean }[];
  return row?.due ?? false;
}

/**
 * Escalates filed-without-reply correspondence nobody confirmed reading within
 * the council's lead time: the item is marked escalated to the roles that read
 * safeguarding details under the case's policy (they act on new information and
 * safeguarding concerns), each of them gets a notification (emailed by the
 * sweep like any other), and the escalation is audited with ids only. Batches
 * lock with SKIP LOCKED and only touch unescalated rows, so a retried or
 * duplicated job escalates nothing twice; a confirmed item is never touched.
 */
export async function runFiledEscalation(
  deps: FiledEscalationDeps,
  tenantId: string,
): Promise<number> {
  const now = deps.clock.now();
  const batch = deps.batchSize ?? 200;
  let total = 0;
  for (;;) {
    const n = await withTenant(deps.ds, tenantId, async (em) => {
      const due = (await em.query(
        `select f.id, f.case_id, f.review_due_at, c.policy_version_id, c.reference
           from filed_correspondence f
           join managed_case c on c.tenant_id = f.tenant_id and c.id = f.case_id
          where f.tenant_id = $1 and f.confirmed_at is null and f.escalated_at is null
            and f.review_due_at <= $2
          order by f.review_due_at, f.id
          limit $3 for update of f skip locked`,
        [tenantId, now, batch],
      )) as {
        id: string;
        case_id: string;
        review_due_at: Date;
        policy_version_id: string;
        reference: string;
      }[];
      for (const item of due) {
        const { policy } = await deps.policies.get(em, item.policy_version_id);
        const roles = roleList(policy.sensitiveFields.safeguardingReaders);
        await em.query(
          `update filed_correspondence set escalated_at = $3, escalated_to = $4
            where tenant_id = $1 and id = $2 and confirmed_at is null and escalated_at is null`,
          [tenantId, item.id, now, roles],
        );
        await appendVocabularyEvent(em, {
          actorId: null,
          action: 'filed-correspondence.escalated',
          entityType: 'filed_correspondence',
          entityId: item.id,
          caseId: item.case_id,
          payload: { roles, reason: 'not-confirmed-within-lead-time' },
          occurredAt: now,
        });
        // One notice per case and due day, however many items fell due that day.
        const dueDate = utcDay(item.review_due_at);
        await writeNotices(em, {
          kind: 'filed-unconfirmed',
          caseId: item.case_id,
          dueDate,
          roles,
          title: `Filed correspondence not confirmed: case ${item.reference}`,
          body: `Correspondence on case ${item.reference} was read and filed without reply, and nobody confirmed by ${dueDate} that it held no new information or safeguarding concern. It is escalated to you under ${policy.name}'s policy: please read it and confirm or act.`,
          now,
        });
      }
      return due.length;
    });
    total += n;
    if (n < batch) break;
  }
  return total;
}
