import type { DataSource } from 'typeorm';
import { type TenantEntityManager, appendAuditEvent, withTenant } from '@conduct/db';
import {
  addDays,
  addMonths,
  dueAutomaticTransition,
  type CaseState,
  type Policy,
} from '@conduct/policy';
import type { Clock } from '@conduct/config';
import { utcDay } from '../clock';
import type { LoadedPolicy, PolicyVersions } from '../policies';
import { writeNotices } from '../notifications/notices';
import { authoriserRoles, reviewerRoles } from '../notifications/recipients';

export interface ExpiryDeps {
  ds: DataSource;
  clock: Clock;
  policies: PolicyVersions;
  batchSize?: number;
}

export interface ExpiryResult {
  restrictionsEnded: number;
  lettersQueued: number;
  monitoringNotices: number;
  automaticMoves: number;
}

/** Monitoring periods in this policy: (stage, months). */
function monitoredStages(policy: Policy): { stage: string; months: number }[] {
  return Object.entries(policy.stages)
    .filter(([, s]) => s.monitoringPeriodMonths !== undefined)
    .map(([stage, s]) => ({ stage, months: s.monitoringPeriodMonths! }));
}

/** Moves the system makes by itself: (stage, transition key, after days). */
function automaticMoves(policy: Policy): { stage: string; afterDays: number }[] {
  return Object.entries(policy.stages).flatMap(([stage, s]) =>
    s.transitions
      .filter((t) => t.automatic)
      .map((t) => ({ stage, afterDays: t.automatic!.afterDays })),
  );
}

/** Anything of this kind due in the tenant? Asked by the sweep; the same conditions as the job. */
export async function hasDueExpiry(
  em: TenantEntityManager,
  policies: PolicyVersions,
  now: Date,
): Promise<boolean> {
  const [r] = (await em.query(
    `select exists (select 1 from restriction where tenant_id = $1 and status = 'active' and ends_at <= $2) as due`,
    [em.tenantId, now],
  )) as { due: boolean }[];
  if (r?.due) return true;
  for (const v of await policies.all(em)) {
    for (const m of monitoredStages(v.policy)) {
      if ((await dueMonitoring(em, v, m, now, 1)).length) return true;
    }
    for (const a of automaticMoves(v.policy)) {
      if ((await dueMoves(em, v, a, now, 1, false)).length) return true;
    }
  }
  return false;
}

/**
 * The expiry job for one tenant: restrictions that reached their end date are
 * ended (audited, a letter to the customer queued as a draft for staff to send);
 * monitoring periods that ended are notified to the reviewers; automatic moves
 * (closed → dormant) are made. Each batch is one transaction over rows locked
 * with SKIP LOCKED, so several workers share the work and nothing happens twice.
 */
export async function runExpiry(deps: ExpiryDeps, tenantId: string): Promise<ExpiryResult> {
  const now = deps.clock.now();
  const batch = deps.batchSize ?? 200;
  const result: ExpiryResult = {
    restrictionsEnded: 0,
    lettersQueued: 0,
    monitoringNotices: 0,
    automaticMoves: 0,
  };

  for (;;) {
    const n = await withTenant(deps.ds, tenantId, (em) =>
      endRestrictions(em, deps.policies, now, batch, result),
    );
    if (n < batch) break;
  }

  const versions = await withTenant(deps.ds, tenantId, (em) => deps.policies.all(em));
  for (const v of versions) {
    for (const m of monitoredStages(v.policy)) {
      for (;;) {
        const n = await withTenant(deps.ds, tenantId, async (em) => {
          const due = await dueMonitoring(em, v, m, now, batch);
          let told = 0;
          for (const c of due) {
            const written = await writeNotices(em, {
              kind: 'monitoring-ended',
              caseId: c.id,
              dueDate: utcDay(c.endsAt),
              roles: v.policy.stages[m.stage]!.review
                ? reviewerRoles(v.policy, m.stage)
                : authoriserRoles(v.policy, m.stage),
              title: `Monitoring period ended ${utcDay(c.endsAt)}: case ${c.reference}`,
              body: `The ${m.months}-month monitoring period of case ${c.reference} (${v.policy.stages[m.stage]!.label}) ended on ${utcDay(c.endsAt)}. Please review the case under ${v.policy.name}'s policy.`,
              now,
            });
            result.monitoringNotices += written;
            if (written) told += 1;
          }
          // A case nobody could be told about would be found again: stop rather than spin.
          return told === due.length ? due.length : 0;
        });
        if (n < batch) break;
      }
    }
    for (const a of automaticMoves(v.policy)) {
      for (;;) {
        const n = await withTenant(deps.ds, tenantId, async (em) => {
          const due = await dueMoves(em, v, a, now, batch, true);
          let moved = 0;
          for (const c of due) moved += await moveAutomatically(em, v.policy, c, now);
          result.automaticMoves += moved;
          return moved === due.length ? due.length : 0;
        });
        if (n < batch) break;
      }
    }
  }
  return result;
}

async function endRestrictions(
  em: TenantEntityManager,
  policies: PolicyVersions,
  now: Date,
  batch: number,
  result: ExpiryResult,
): Promise<number> {
  const ended = (await em.query(
    // The case is locked with its restrictions, as staff actions lock it first
    // (a review that lifts them): the same order, so the two never deadlock; a
    // case someone is working on is skipped and ended by the next run.
    `with due as (
       select r.id from restriction r
         join managed_case c on c.tenant_id = r.tenant_id and c.id = r.case_id
        where r.tenant_id = $1 and r.status = 'active' and r.ends_at <= $2
        order by r.ends_at, r.id limit $3 for update of c, r skip locked)
     update restriction r set status = 'ended', ended_at = r.ends_at
       from due where r.tenant_id = $1 and r.id = due.id
     returning r.id, r.case_id, r.type, r.ends_at`,
    [em.tenantId, now, batch],
  )) as [{ id: string; case_id: string; type: string; ends_at: Date }[], number];
  const rows = ended[0];
  const byCase = new Map<string, typeof rows>();
  for (const r of rows) byCase.set(r.case_id, [...(byCase.get(r.case_id) ?? []), r]);
  for (const [caseId, restrictions] of byCase) {
    await appendAuditEvent(em, {
      actorId: null,
      action: 'restriction.ended',
      entityType: 'case',
      entityId: caseId,
      caseId,
      payload: {
        restrictionIds: restrictions.map((r) => r.id),
        types: restrictions.map((r) => r.type),
        reason: 'end-date-reached',
      },
      occurredAt: now,
    });
    if (await queueEndLetter(em, policies, caseId, restrictions, now)) result.lettersQueued += 1;
  }
  result.restrictionsEnded += rows.length;
  return rows.length;
}

/** A letter telling the customer the measures ended, queued as a draft for staff to check and send. */
async function queueEndLetter(
  em: TenantEntityManager,
  policies: PolicyVersions,
  caseId: string,
  restrictions: { id: string; type: string; ends_at: Date }[],
  now: Date,
): Promise<boolean> {
  const [c] = (await em.query(
    `select c.id, c.reference, c.policy_version_id, c.stage, cu.full_name
       from managed_case c join customer cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id
      where c.tenant_id = $1 and c.id = $2`,
    [em.tenantId, caseId],
  )) as {
    id: string;
    reference: string;
    policy_version_id: string;
    stage: string;
    full_name: string | null;
  }[];
  if (!c) return false;
  const { policy } = await policies.get(em, c.policy_version_id);
  const endedOn = new Date(Math.max(...restrictions.map((r) => r.ends_at.getTime())));
  const day = endedOn.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const labels = restrictions.map((r) => policy.restrictionTypes[r.type]?.label ?? r.type);
  const sections = [
    {
      key: 'why',
      heading: 'Your arrangements have ended',
      text: `Dear ${c.full_name ?? 'customer'}, the arrangements for your contact with ${policy.name} under case ${c.reference} reached their end date on ${day}.`,
    },
    {
      key: 'what',
      heading: 'What no longer applies',
      text: labels.map((l) => `- ${l}`).join('\n'),
    },
    { key: 'how-long', heading: 'From when', text: `They no longer apply from ${day}.` },
  ];
  const title = `${policy.name}: your contact arrangements have ended`;
  const body = [title, ...sections.map((s) => `${s.heading}\n\n${s.text}`)].join('\n\n');
  await em.query(
    `insert into letter (tenant_id, case_id, template_key, title, body, sections, status, created_at)
     values ($1, $2, 'restriction-ended', $3, $4, $5, 'draft', $6)`,
    [em.tenantId, caseId, title, body, JSON.stringify(sections), now],
  );
  return true;
}

async function dueMonitoring(
  em: TenantEntityManager,
  v: LoadedPolicy,
  m: { stage: string; months: number },
  now: Date,
  limit: number,
): Promise<{ id: string; reference: string; endsAt: Date }[]> {
  // The period's end in SQL is the engine's addMonths (UTC, clamped to the month's last day);
  // the anti-join on the notification makes the notice once per stay in the stage.
  const endSql = `(((c.stage_entered_at at time zone 'UTC') + make_interval(months => ${Number(m.months)})) at time zone 'UTC')`;
  const found = (await em.query(
    `select c.id, c.reference, c.stage_entered_at from managed_case c
      where c.tenant_id = $1 and c.policy_version_id = $2 and c.status = 'open' and c.stage = $3
        and ${endSql} <= $4
        and not exists (select 1 from notification n where n.tenant_id = c.tenant_id and n.case_id = c.id
                          and n.kind = 'monitoring-ended' and n.due_date = (${endSql} at time zone 'UTC')::date)
      order by c.id limit $5`,
    [em.tenantId, v.id, m.stage, now, limit],
  )) as { id: string; reference: string; stage_entered_at: Date }[];
  return found
    .map((c) => ({
      id: c.id,
      reference: c.reference,
      endsAt: addMonths(c.stage_entered_at, m.months),
    }))
    .filter((c) => c.endsAt <= now);
}

interface MoveCandidate {
  id: string;
  stage: string;
  stage_entered_at: Date;
  opened_at: Date;
  last_activity_at: Date;
  closed_at: Date | null;
  dormant_at: Date | null;
}

async function dueMoves(
  em: TenantEntityManager,
  v: LoadedPolicy,
  a: { stage: string; afterDays: number },
  now: Date,
  limit: number,
  lock: boolean,
): Promise<MoveCandidate[]> {
  return (await em.query(
    `select c.id, c.stage, c.stage_entered_at, c.opened_at, c.last_activity_at, c.closed_at, c.dormant_at
       from managed_case c
      where c.tenant_id = $1 and c.policy_version_id = $2 and c.stage = $3 and c.status <> 'purged'
        and c.stage_entered_at + make_interval(secs => $4) <= $5
      order by c.id limit $6 ${lock ? 'for update of c skip locked' : ''}`,
    [em.tenantId, v.id, a.stage, a.afterDays * 86_400, now, limit],
  )) as MoveCandidate[];
}

async function moveAutomatically(
  em: TenantEntityManager,
  policy: Policy,
  c: MoveCandidate,
  now: Date,
): Promise<number> {
  const state: CaseState = {
    stage: c.stage,
    openedAt: c.opened_at,
    attestedChecks: [],
    contacts: [],
    decisions: [],
    activeRestrictions: [],
    lastActivityAt: c.last_activity_at,
    ...(c.closed_at ? { closedAt: c.closed_at } : {}),
    ...(c.dormant_at ? { dormantAt: c.dormant_at } : {}),
  };
  const move = dueAutomaticTransition(policy, state, c.stage_entered_at, now);
  if (!move) return 0;
  const transition = policy.stages[c.stage]!.transitions.find((t) => t.key === move.transitionKey)!;
  // The move happened when it fell due, however late the worker ran.
  const at = addDays(c.stage_entered_at, transition.automatic!.afterDays);
  const kind = policy.stages[move.to]!.kind;
  const status = kind === 'dormant' ? 'dormant' : kind === 'closed' ? 'closed' : 'open';
  await em.query(
    `update managed_case set stage = $3, stage_entered_at = $4, status = $5,
            dormant_at = case when $5 = 'dormant' then $4 else dormant_at end,
            closed_at = case when $5 = 'closed' then coalesce(closed_at, $4) else closed_at end
      where tenant_id = $1 and id = $2`,
    [em.tenantId, c.id, move.to, at, status],
  );
  await appendAuditEvent(em, {
    actorId: null,
    action: 'case.transitioned',
    entityType: 'case',
    entityId: c.id,
    caseId: c.id,
    payload: { transitionKey: move.transitionKey, from: c.stage, to: move.to, automatic: true },
    occurredAt: now,
  });
  return 1;
}
