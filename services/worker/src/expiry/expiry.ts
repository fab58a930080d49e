import type { DataSource } from 'typeorm';
import { ManagedCase, type TenantEntityManager, withTenant } from '@conduct/db';
import { activeMeasures, applyDecision, type CaseContext } from '@conduct/casework';
import {
  addDays,
  addMonths,
  dueAutomaticTransition,
  letterFor,
  type CaseState,
  type Policy,
} from '@conduct/policy';
import type { Clock } from '@conduct/config';
import { utcDay } from '../clock';
import type { LoadedPolicy, PolicyVersions } from '@conduct/casework';
import { writeNotices } from '@conduct/casework';
import { authoriserRoles, reviewerRoles } from '@conduct/casework';

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
  monitoringEnds: number;
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
      if ((await dueMonitoring(em, v, m, now, 1, false)).length) return true;
    }
    for (const a of automaticMoves(v.policy)) {
      if ((await dueMoves(em, v, a, now, 1, false)).length) return true;
    }
  }
  return false;
}

/**
 * The expiry job for one tenant, every change through the decision pipeline:
 * monitoring periods that ended (first, so the review the period calls for is
 * kept when its measures end with it), then restrictions that reached their end
 * date (the council's letter drafted for staff to send), then automatic moves
 * (closed → dormant). Each batch is one transaction over rows locked
 * with SKIP LOCKED, so several workers share the work and nothing happens twice.
 */
export async function runExpiry(deps: ExpiryDeps, tenantId: string): Promise<ExpiryResult> {
  const now = deps.clock.now();
  const batch = deps.batchSize ?? 200;
  const result: ExpiryResult = {
    restrictionsEnded: 0,
    lettersQueued: 0,
    monitoringNotices: 0,
    monitoringEnds: 0,
    automaticMoves: 0,
  };
  // Each pass takes one batch in one transaction until a batch comes back short.
  const drain = async (pass: (em: TenantEntityManager) => Promise<number>) => {
    for (;;) if ((await withTenant(deps.ds, tenantId, pass)) < batch) break;
  };

  const versions = await withTenant(deps.ds, tenantId, (em) => deps.policies.all(em));
  for (const v of versions) {
    for (const m of monitoredStages(v.policy)) {
      await drain(async (em) => {
        const due = await dueMonitoring(em, v, m, now, batch, true);
        for (const c of due) await endMonitoring(em, deps.policies, v.policy, m, c, now, result);
        return due.length;
      });
    }
  }
  await drain((em) => endRestrictions(em, deps.policies, now, batch, result));
  for (const v of versions) {
    for (const a of automaticMoves(v.policy)) {
      await drain(async (em) => {
        const due = await dueMoves(em, v, a, now, batch, true);
        let moved = 0;
        for (const c of due) moved += await moveAutomatically(em, deps.policies, v.policy, c, now);
        result.automaticMoves += moved;
        return moved === due.length ? due.length : 0;
      });
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
  const due = (await em.query(
    // The case is locked with its restrictions, as staff actions lock it first
    // (a review that lifts them): the same order, so the two never deadlock; a
    // case someone is working on is skipped and ended by the next run.
    `select r.id, r.case_id from restriction r
       join managed_case c on c.tenant_id = r.tenant_id and c.id = r.case_id
      where r.tenant_id = $1 and r.status = 'active' and r.ends_at <= $2
      order by r.ends_at, r.id limit $3 for update of c, r skip locked`,
    [em.tenantId, now, batch],
  )) as { id: string; case_id: string }[];
  const byCase = new Map<string, string[]>();
  for (const r of due) byCase.set(r.case_id, [...(byCase.get(r.case_id) ?? []), r.id]);
  for (const [caseId, restrictionIds] of byCase) {
    const applied = await expireMeasures(em, policies, caseId, restrictionIds, now);
    if (applied.letter) result.lettersQueued += 1;
  }
  result.restrictionsEnded += due.length;
  return due.length;
}

/** The system's context for a decision on one case under the version it is pinned to. */
async function systemContext(
  em: TenantEntityManager,
  policies: PolicyVersions,
  c: ManagedCase,
  job: string,
  now: Date,
): Promise<CaseContext> {
  const { policy } = await policies.get(em, c.policyVersionId);
  return { em, actor: { kind: 'system', job }, now, policy, policyVersionId: c.policyVersionId };
}

/**
 * Measures that reached their end date end through the one decision pipeline:
 * a decision (kind expiry, by the system), each measure ended when it fell due,
 * and the letter from the council's template, drafted for staff to send.
 */
async function expireMeasures(
  em: TenantEntityManager,
  policies: PolicyVersions,
  caseId: string,
  restrictionIds: string[],
  now: Date,
) {
  const c = await em.findOneOrFail(ManagedCase, { where: { tenantId: em.tenantId, id: caseId } });
  const ctx = await systemContext(em, policies, c, 'expiry', now);
  const letter = letterFor(ctx.policy, { kind: 'expiry' });
  return applyDecision(ctx, c, {
    kind: 'expiry',
    outcome: 'end-date-reached',
    participants: [],
    reasons: `The arrangements for your contact with ${ctx.policy.name} under case ${c.reference} reached their end date.`,
    measures: { kind: 'expire', restrictionIds },
    // A policy naming no letter cannot stop measures ending: they end unwritten, as it allows.
    letterTemplate: letter.ok ? letter.template : null,
  });
}

interface MonitoringCandidate {
  id: string;
  reference: string;
  endsAt: Date;
}

/**
 * Cases whose stay in a monitored stage has lasted its period, with no decision
 * on that period's end yet (nor, from before it was a decision, its notice).
 */
async function dueMonitoring(
  em: TenantEntityManager,
  v: LoadedPolicy,
  m: { stage: string; months: number },
  now: Date,
  limit: number,
  lock: boolean,
): Promise<MonitoringCandidate[]> {
  // The period's end in SQL is the engine's addMonths (UTC, clamped to the month's last day).
  const endSql = `(((c.stage_entered_at at time zone 'UTC') + make_interval(months => ${Number(m.months)})) at time zone 'UTC')`;
  const found = (await em.query(
    `select c.id, c.reference, c.stage_entered_at from managed_case c
      where c.tenant_id = $1 and c.policy_version_id = $2 and c.status = 'open' and c.stage = $3
        and ${endSql} <= $4
        and not exists (select 1 from decision d where d.tenant_id = c.tenant_id and d.case_id = c.id
                          and d.kind = 'monitoring-end' and d.decided_at >= c.stage_entered_at)
        and not exists (select 1 from notification n where n.tenant_id = c.tenant_id and n.case_id = c.id
                          and n.kind = 'monitoring-ended' and n.due_date = (${endSql} at time zone 'UTC')::date)
      order by c.id limit $5 ${lock ? 'for update of c skip locked' : ''}`,
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

/**
 * The end of a monitoring period is a decision by the system: the measures
 * imposed for the period end with it (those a later decision extended beyond it
 * stay), the letter is written only where the policy names one
 * (`outcomeLetters.monitoringEnd`), and the staff who review the stage are told.
 * Cheshire West §7: "the customer will be advised of the outcome of a review of
 * their conduct after the monitoring period expires", so where the stage's
 * review falls at the end of the period the case stays on the schedule for it.
 */
async function endMonitoring(
  em: TenantEntityManager,
  policies: PolicyVersions,
  policy: Policy,
  m: { stage: string; months: number },
  due: MonitoringCandidate,
  now: Date,
  result: ExpiryResult,
): Promise<void> {
  const c = await em.findOneOrFail(ManagedCase, { where: { tenantId: em.tenantId, id: due.id } });
  const ctx = await systemContext(em, policies, c, 'monitoring-end', now);
  const stage = policy.stages[m.stage]!;
  const ending = (await activeMeasures(ctx, c.id)).filter(
    (r) => r.endsAt === null || r.endsAt <= due.endsAt,
  );
  const letter = letterFor(ctx.policy, { kind: 'monitoring-end' });
  const period = `The ${m.months}-month monitoring period of case ${c.reference} (${stage.label}) ended on ${utcDay(due.endsAt)}.`;
  const applied = await applyDecision(ctx, c, {
    kind: 'monitoring-end',
    outcome: 'monitoring-period-ended',
    participants: [],
    reasons: period,
    measures: { kind: 'expire', restrictionIds: ending.map((r) => r.id), at: due.endsAt },
    ...(stage.review?.atEndOfPeriod ? { reviewDueAt: due.endsAt } : {}),
    letterTemplate: letter.ok ? letter.template : null,
  });
  result.monitoringEnds += 1;
  result.restrictionsEnded += applied.measures.ended.length;
  if (applied.letter) result.lettersQueued += 1;
  result.monitoringNotices += await writeNotices(em, {
    kind: 'monitoring-ended',
    caseId: c.id,
    dueDate: utcDay(due.endsAt),
    roles: stage.review ? reviewerRoles(policy, m.stage) : authoriserRoles(policy, m.stage),
    title: `Monitoring period ended ${utcDay(due.endsAt)}: case ${c.reference}`,
    body: `${period} Please review the case under ${policy.name}'s policy.`,
    now,
  });
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
  policies: PolicyVersions,
  policy: Policy,
  candidate: MoveCandidate,
  now: Date,
): Promise<number> {
  const state: CaseState = {
    stage: candidate.stage,
    openedAt: candidate.opened_at,
    attestedChecks: [],
    contacts: [],
    decisions: [],
    activeRestrictions: [],
    lastActivityAt: candidate.last_activity_at,
    ...(candidate.closed_at ? { closedAt: candidate.closed_at } : {}),
    ...(candidate.dormant_at ? { dormantAt: candidate.dormant_at } : {}),
  };
  const move = dueAutomaticTransition(policy, state, candidate.stage_entered_at, now);
  if (!move) return 0;
  const transition = policy.stages[candidate.stage]!.transitions.find(
    (t) => t.key === move.transitionKey,
  )!;
  const c = await em.findOneOrFail(ManagedCase, {
    where: { tenantId: em.tenantId, id: candidate.id },
  });
  const ctx = await systemContext(em, policies, c, 'automatic-move', now);
  const letter = letterFor(policy, { kind: 'automatic', transitionKey: move.transitionKey });
  await applyDecision(ctx, c, {
    kind: 'automatic',
    transitionKey: move.transitionKey,
    toStage: move.to,
    measures: [],
    participants: [],
    reasons: transition.label,
    letterTemplate: letter.ok ? letter.template : null,
    inform: transition.inform,
    // The move happened when it fell due, however late the worker ran.
    effectiveAt: addDays(candidate.stage_entered_at, transition.automatic!.afterDays),
  });
  return 1;
}
