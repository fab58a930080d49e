import type { DataSource } from 'typeorm';
import { ManagedCase, type TenantEntityManager, withTenant } from '@conduct/db';
import { addDays, escalationDate, reminderDate, type Policy } from '@conduct/policy';
import type { Logger } from '@conduct/config';
import type { Clock } from '@conduct/config';
import { utcDay } from '../clock';
import type { PolicyVersions } from '@conduct/casework';
import type { Mailer } from './mailer';
import { authoriserRoles, reviewerRoles, writeNotices } from '@conduct/casework';

export type ReviewNoticeKind = 'review-reminder' | 'review-overdue';

export interface ReviewNotice {
  tenantId: string;
  caseId: string;
  kind: ReviewNoticeKind;
  /** The review due date, `YYYY-MM-DD` (UTC). */
  dueDate: string;
}

export interface NoticeDeps {
  ds: DataSource;
  clock: Clock;
  policies: PolicyVersions;
  logger: Logger;
  mailer?: Mailer;
}

/** When the notice of `kind` falls due for a review due at `due`; undefined when the stage is not reviewed. */
export function noticeDate(
  policy: Policy,
  stageKey: string,
  kind: ReviewNoticeKind,
  due: Date,
): Date | undefined {
  if (!policy.stages[stageKey]?.review) return undefined;
  return kind === 'review-reminder'
    ? reminderDate(policy, stageKey, due)
    : escalationDate(policy, stageKey, due);
}

/**
 * The reconciler's question: which reminders and escalations are due now and
 * not yet written? Read from the database only (`managed_case.review_due_at`
 * and `notification`), so a flushed Redis loses nothing.
 */
export async function findDueReviewNotices(
  em: TenantEntityManager,
  policies: PolicyVersions,
  now: Date,
): Promise<ReviewNotice[]> {
  const versions = await policies.all(em);
  const lead = Math.max(
    0,
    ...versions.flatMap((v) =>
      Object.values(v.policy.stages).map((s) => s.review?.reminderDaysBefore ?? 0),
    ),
  );
  const dueDay = `(c.review_due_at at time zone 'UTC')::date`;
  const candidates = (await em.query(
    `select c.id, c.stage, c.policy_version_id, c.review_due_at,
            exists (select 1 from notification n
                     where n.tenant_id = c.tenant_id and n.case_id = c.id
                       and n.kind = 'review-reminder' and n.due_date = ${dueDay}) as reminded
       from managed_case c
      where c.tenant_id = $1 and c.status = 'open' and c.review_due_at is not null
        and c.review_due_at <= $2
        and not exists (select 1 from notification n
                         where n.tenant_id = c.tenant_id and n.case_id = c.id
                           and n.kind = 'review-overdue' and n.due_date = ${dueDay})`,
    [em.tenantId, addDays(now, lead)],
  )) as {
    id: string;
    stage: string;
    policy_version_id: string;
    review_due_at: Date;
    reminded: boolean;
  }[];
  const byId = new Map(versions.map((v) => [v.id, v.policy]));
  const due: ReviewNotice[] = [];
  for (const c of candidates) {
    const policy = byId.get(c.policy_version_id);
    if (!policy) continue;
    const dueDate = utcDay(c.review_due_at);
    for (const kind of ['review-reminder', 'review-overdue'] as const) {
      if (kind === 'review-reminder' && c.reminded) continue;
      const at = noticeDate(policy, c.stage, kind, c.review_due_at);
      if (at && at <= now) due.push({ tenantId: em.tenantId, caseId: c.id, kind, dueDate });
    }
  }
  return due;
}

/**
 * The job: re-checks the case (the review may have been recorded since the
 * sweep, moving its due date), then writes the notices and sends their email.
 */
export async function processReviewNotice(deps: NoticeDeps, notice: ReviewNotice): Promise<number> {
  const written = await withTenant(deps.ds, notice.tenantId, async (em) => {
    const c = await em.findOne(ManagedCase, {
      where: { tenantId: notice.tenantId, id: notice.caseId },
    });
    if (!c || c.status !== 'open' || !c.reviewDueAt || utcDay(c.reviewDueAt) !== notice.dueDate)
      return 0;
    const { policy } = await deps.policies.get(em, c.policyVersionId);
    const now = deps.clock.now();
    const at = noticeDate(policy, c.stage, notice.kind, c.reviewDueAt);
    if (!at || at > now) return 0;
    const stage = policy.stages[c.stage]!;
    const overdue = notice.kind === 'review-overdue';
    return writeNotices(em, {
      kind: notice.kind,
      caseId: c.id,
      dueDate: notice.dueDate,
      roles: overdue ? authoriserRoles(policy, c.stage) : reviewerRoles(policy, c.stage),
      title: overdue
        ? `Review overdue: case ${c.reference} (due ${notice.dueDate})`
        : `Review due ${notice.dueDate}: case ${c.reference}`,
      body: overdue
        ? `The review of case ${c.reference} (${stage.label}) was due on ${notice.dueDate} and has not been recorded. It is escalated to you as an authoriser under ${policy.name}'s policy.`
        : `The review of case ${c.reference} (${stage.label}) is due on ${notice.dueDate} under ${policy.name}'s policy. Please record its outcome by then.`,
      now,
    });
  });
  await deliverEmails(deps, notice.tenantId, notice);
  return written;
}

/**
 * Sends the email of each notification not yet emailed. A claim (lease) keeps
 * two workers from sending the same message; a crash between sending and
 * marking re-sends after the lease lapses (at least once, never lost).
 */
export async function deliverEmails(
  deps: NoticeDeps,
  tenantId: string,
  only?: { caseId: string; kind: string; dueDate: string },
): Promise<number> {
  const mailer = deps.mailer;
  if (!mailer) return 0;
  const claimed = (await withTenant(deps.ds, tenantId, (em) =>
    em.query(
      `with claimed as (
         update notification n set email_claimed_at = now()
          where n.tenant_id = $1 and n.emailed_at is null
            and (n.email_claimed_at is null or n.email_claimed_at < now() - interval '10 minutes')
            and ($2::uuid is null or (n.case_id = $2 and n.kind = $3 and n.due_date = $4::date))
         returning n.id, n.title, n.body, n.recipient_id)
       select c.id, c.title, c.body, u.email
         from claimed c join app_user u on u.tenant_id = $1 and u.id = c.recipient_id`,
      [tenantId, only?.caseId ?? null, only?.kind ?? null, only?.dueDate ?? null],
    ),
  )) as { id: string; title: string; body: string; email: string }[];
  let sent = 0;
  for (const m of claimed) {
    try {
      await mailer.send({ to: m.email, subject: m.title, text: m.body });
    } catch (e) {
      // Release the claims not sent, so the retry (or the sweep's email job) takes them at once.
      const unsent = claimed.slice(claimed.indexOf(m)).map((x) => x.id);
      await withTenant(deps.ds, tenantId, (em) =>
        em.query(
          `update notification set email_claimed_at = null where tenant_id = $1 and id = any($2::uuid[]) and emailed_at is null`,
          [tenantId, unsent],
        ),
      );
      throw e;
    }
    await withTenant(deps.ds, tenantId, (em) =>
      em.query(`update notification set emailed_at = now() where tenant_id = $1 and id = $2`, [
        tenantId,
        m.id,
      ]),
    );
    sent += 1;
  }
  return sent;
}

/** The sweep: has the tenant notifications whose email is owed (and not claimed by a live sender)? */
export async function hasUnsentEmail(em: TenantEntityManager): Promise<boolean> {
  const [row] = (await em.query(
    `select exists (select 1 from notification
                     where tenant_id = $1 and emailed_at is null
                       and (email_claimed_at is null or email_claimed_at < now() - interval '10 minutes')) as owed`,
    [em.tenantId],
  )) as { owed: boolean }[];
  return row?.owed ?? false;
}
