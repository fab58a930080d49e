import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type TenantEntityManager, withTenant } from '@conduct/db';
import { retentionDueDate, type Policy, type RetentionFacts } from '@conduct/policy';
import { withTenantReadOnly } from '../read-only';
import type { LoadedPolicy, PolicyVersions } from '../policy-versions';
import { RESTRICTION_ENDED_SQL, retentionDueSql } from './retention-sql';
import { appendVocabularyEvent } from '../audit/vocabulary';

/** A case the purge takes, and why. */
export interface PurgeCandidate {
  caseId: string;
  reference: string;
  policyVersion: number;
  ruleId: string;
  action: 'destroy' | 'anonymise';
  dueAt: Date;
  /** For people: the rule, its clause, the fact that triggered it and the date it fell due. */
  reason: string;
}

interface CandidateRow {
  id: string;
  reference: string;
  stage: string;
  dormant_at: Date | null;
  closed_at: Date | null;
  last_activity_at: Date;
  restriction_ended_at: Date | null;
}

/**
 * The one selection both the dry run and the purge use: cases of one policy
 * version, not yet purged, without a legal hold, whose retention date (the
 * engine's rules as SQL) is on or before the cutoff. Keyset-paged by id. The
 * purge adds `for update skip locked`, so concurrent runs share the cases.
 */
function candidateQuery(due: string, lock: boolean): string {
  return `select c.id, c.reference, c.stage, c.dormant_at, c.closed_at, c.last_activity_at,
                 ${RESTRICTION_ENDED_SQL} as restriction_ended_at
            from managed_case c
           where c.tenant_id = $1 and c.policy_version_id = $2
             and c.status <> 'purged'
             and not c.legal_hold
             and ${due} <= $3
             and c.id > $4
           order by c.id
           limit $5${lock ? '\n           for update of c skip locked' : ''}`;
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** The engine has the last word on every row the SQL found. */
function confirm(v: LoadedPolicy, row: CandidateRow, cutoff: Date): PurgeCandidate | undefined {
  const facts: RetentionFacts = {
    lastActivityAt: row.last_activity_at,
    ...(row.restriction_ended_at ? { restrictionEndedAt: row.restriction_ended_at } : {}),
    ...(row.dormant_at ? { dormantAt: row.dormant_at } : {}),
    ...(row.closed_at ? { closedAt: row.closed_at } : {}),
  };
  const due = retentionDueDate(v.policy, facts);
  if (!due || due.dueAt > cutoff) return undefined;
  return {
    caseId: row.id,
    reference: row.reference,
    policyVersion: v.version,
    ruleId: due.ruleId,
    action: due.action,
    dueAt: due.dueAt,
    reason: describe(v.policy, due.ruleId, facts, due.dueAt),
  };
}

function describe(policy: Policy, ruleId: string, facts: RetentionFacts, dueAt: Date): string {
  const rule = policy.retention.find((r) => r.id === ruleId)!;
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const fact =
    rule.trigger === 'case-dormant'
      ? facts.dormantAt
      : rule.trigger === 'case-closed'
        ? facts.closedAt
        : facts.restrictionEndedAt;
  const period = [
    rule.after.years ? `${rule.after.years} year(s)` : '',
    rule.after.months ? `${rule.after.months} month(s)` : '',
    rule.after.days ? `${rule.after.days} day(s)` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const activity =
    rule.resetByActivity && fact && facts.lastActivityAt > fact
      ? `, last activity ${day(facts.lastActivityAt)}`
      : '';
  return `${rule.id}${rule.clause ? ` (${rule.clause})` : ''}: ${rule.trigger} ${fact ? day(fact) : '?'}${activity} + ${period} = due ${day(dueAt)}; ${rule.action}`;
}

/** The policy versions whose rules can make a case due, with their SQL. */
async function retentionVersions(em: TenantEntityManager, policies: PolicyVersions) {
  const versions = await policies.all(em);
  return versions
    .map((v) => ({ v, due: retentionDueSql(v.policy) }))
    .filter((x): x is { v: LoadedPolicy; due: string } => x.due !== null)
    .sort((a, b) => a.v.version - b.v.version);
}

/**
 * The dry run: the same query in a READ ONLY transaction. Lists what a purge
 * with this cutoff would take, and why; writes nothing.
 */
export async function previewPurge(
  ds: DataSource,
  policies: PolicyVersions,
  tenantId: string,
  cutoff: Date,
  pageSize = 1000,
): Promise<PurgeCandidate[]> {
  return withTenantReadOnly(ds, tenantId, async (em) => {
    const out: PurgeCandidate[] = [];
    for (const { v, due } of await retentionVersions(em, policies)) {
      let after = NO_ID;
      for (;;) {
        const page = (await em.query(candidateQuery(due, false), [
          tenantId,
          v.id,
          cutoff,
          after,
          pageSize,
        ])) as CandidateRow[];
        for (const row of page) {
          const c = confirm(v, row, cutoff);
          if (c) out.push(c);
        }
        if (page.length < pageSize) break;
        after = page[page.length - 1]!.id;
      }
    }
    return out;
  });
}

/** Is anything due? (The sweep's question; no rows are locked.) */
export async function hasDuePurge(
  em: TenantEntityManager,
  policies: PolicyVersions,
  cutoff: Date,
): Promise<boolean> {
  for (const { v, due } of await retentionVersions(em, policies)) {
    const page = (await em.query(candidateQuery(due, false), [
      em.tenantId,
      v.id,
      cutoff,
      NO_ID,
      1,
    ])) as CandidateRow[];
    if (page.length) return true;
  }
  return false;
}

export interface PurgeOptions {
  /** Fixed when the run starts: a case that falls due during the run waits for the next one. */
  cutoff: Date;
  runId: string;
  /** Who purges, for the deletion log: `worker:<job id>` or `cli:<user>`. */
  actor: string;
  now: () => Date;
  batchSize?: number;
  /** Asked between batches: a worker shutting down stops after the batch in hand. */
  shouldStop?: () => boolean;
  onBatch?: (purged: number) => void;
}

export interface PurgeResult {
  purged: number;
  batches: number;
  stopped: boolean;
}

/**
 * Purges every due, unheld case of the tenant in batches. Each batch is one
 * transaction: lock due cases (SKIP LOCKED), confirm each with the engine,
 * destroy or anonymise the personal data, leave an anonymous statistic, write
 * the deletion-log rows and one audit event. A crash rolls back the batch in
 * hand; nothing is half purged, and a later run takes the rest.
 */
export async function runPurge(
  ds: DataSource,
  policies: PolicyVersions,
  tenantId: string,
  opts: PurgeOptions,
): Promise<PurgeResult> {
  const batchSize = opts.batchSize ?? 200;
  const result: PurgeResult = { purged: 0, batches: 0, stopped: false };
  const versions = await withTenant(ds, tenantId, (em) => retentionVersions(em, policies));
  for (const { v, due } of versions) {
    let after = NO_ID;
    for (;;) {
      if (opts.shouldStop?.()) return { ...result, stopped: true };
      const { seen, last, purged } = await withTenant(ds, tenantId, async (em) => {
        const page = (await em.query(candidateQuery(due, true), [
          tenantId,
          v.id,
          opts.cutoff,
          after,
          batchSize,
        ])) as CandidateRow[];
        const confirmed = page
          .map((row) => confirm(v, row, opts.cutoff))
          .filter((c): c is PurgeCandidate => !!c);
        if (confirmed.length) await purgeBatch(em, v, confirmed, opts);
        return { seen: page.length, last: page[page.length - 1]?.id, purged: confirmed.length };
      });
      if (purged) {
        result.purged += purged;
        result.batches += 1;
        opts.onBatch?.(purged);
      }
      if (seen < batchSize || !last) break;
      after = last;
    }
  }
  return result;
}

/**
 * Rows of case data that hold personal values: destroyed (deleted) or anonymised
 * (emptied). In an order that deletes a row before the rows it points at
 * (a review points at its letter).
 */
const CASE_RECORDS: { table: string; key: string; anonymise: string; via?: string }[] = [
  { table: 'case_record', key: 'caseRecords', anonymise: "body = ''" },
  { table: 'notification', key: 'notifications', anonymise: "title = '', body = ''" },
  { table: 'contact', key: 'contacts', anonymise: 'description = null, staff_affected = null' },
  { table: 'check_attestation', key: 'checkNotes', anonymise: 'note = null' },
  { table: 'consultation', key: 'consultations', anonymise: 'note = null' },
  { table: 'review', key: 'reviews', anonymise: "note = '', no_letter_reasons = null" },
  { table: 'appeal', key: 'appeals', anonymise: "grounds = '', note = null" },
  {
    table: 'derestriction_request',
    key: 'derestrictionRequests',
    anonymise: "reason = '', note = null",
  },
  { table: 'dissemination_record', key: 'disseminations', anonymise: 'audience = audience' },
  { table: 'proposal_step', key: 'proposalSteps', anonymise: 'note = null', via: 'proposal' },
  { table: 'letter', key: 'letters', anonymise: "title = '', body = '', sections = '[]'" },
];

/** Destroys or empties every case record of the cases `$2`, counting rows per case and kind. */
function caseRecordsSql(action: 'destroy' | 'anonymise'): string {
  const change = (rec: (typeof CASE_RECORDS)[number]) => {
    if (rec.via)
      return action === 'destroy'
        ? `delete from ${rec.table} x using ${rec.via} p
            where x.tenant_id = $1 and p.tenant_id = $1 and x.${rec.via}_id = p.id and p.case_id = any($2::uuid[])
            returning p.case_id`
        : `update ${rec.table} x set ${rec.anonymise} from ${rec.via} p
            where x.tenant_id = $1 and p.tenant_id = $1 and x.${rec.via}_id = p.id and p.case_id = any($2::uuid[])
            returning p.case_id`;
    return action === 'destroy'
      ? `delete from ${rec.table} where tenant_id = $1 and case_id = any($2::uuid[]) returning case_id`
      : `update ${rec.table} set ${rec.anonymise} where tenant_id = $1 and case_id = any($2::uuid[]) returning case_id`;
  };
  return `with ${CASE_RECORDS.map((rec, i) => `r${i} as (${change(rec)})`).join(',\n')}
    ${CASE_RECORDS.map((rec, i) => `select '${rec.key}' as key, case_id, count(*)::int as n from r${i} group by case_id`).join('\n    union all ')}`;
}

async function purgeBatch(
  em: TenantEntityManager,
  v: LoadedPolicy,
  cases: PurgeCandidate[],
  opts: PurgeOptions,
): Promise<void> {
  const tenantId = em.tenantId;
  const now = opts.now();
  const ids = cases.map((c) => c.caseId);
  const counts = new Map<string, Record<string, number>>(ids.map((id) => [id, {}]));
  const add = (caseId: string, key: string, n: number) => {
    const c = counts.get(caseId)!;
    c[key] = (c[key] ?? 0) + n;
  };

  // 1. What remains: the anonymous statistic, taken before anything is removed.
  //    Each related table is read once for the batch and grouped by case (a
  //    correlated sub-select per case and table cost a fifth of the purge).
  await em.query(
    `with d as (select case_id,
                       array_agg(distinct to_stage) filter (where to_stage is not null) as stages,
                       array_agg(outcome order by decided_at) filter (where outcome is not null) as outcomes
                  from decision where tenant_id = $1 and case_id = any($2::uuid[]) group by case_id),
          r as (select case_id, array_agg(distinct type) as types
                  from restriction where tenant_id = $1 and case_id = any($2::uuid[]) group by case_id),
          rv as (select case_id, array_agg(outcome order by reviewed_at) as outcomes
                   from review where tenant_id = $1 and case_id = any($2::uuid[]) group by case_id),
          a as (select case_id, array_agg(status order by lodged_at) as statuses
                  from appeal where tenant_id = $1 and case_id = any($2::uuid[]) group by case_id),
          ct as (select case_id, count(*)::int as n
                   from contact where tenant_id = $1 and case_id = any($2::uuid[]) group by case_id)
     insert into case_statistic (tenant_id, id, policy_version, final_stage, final_stage_kind, stages_reached,
                                 opened_month, closed_month, purged_month, restriction_types,
                                 decision_outcomes, review_outcomes, appeal_outcomes, contact_count)
     select c.tenant_id, c.id, $3, c.stage, coalesce(($4::jsonb ->> c.stage), 'unknown'),
            coalesce(d.stages, '{}'),
            date_trunc('month', c.opened_at at time zone 'UTC')::date,
            date_trunc('month', c.closed_at at time zone 'UTC')::date,
            date_trunc('month', $5::timestamptz at time zone 'UTC')::date,
            coalesce(r.types, '{}'), coalesce(d.outcomes, '{}'), coalesce(rv.outcomes, '{}'),
            coalesce(a.statuses, '{}'), coalesce(ct.n, 0)
       from managed_case c
       left join d on d.case_id = c.id
       left join r on r.case_id = c.id
       left join rv on rv.case_id = c.id
       left join a on a.case_id = c.id
       left join ct on ct.case_id = c.id
      where c.tenant_id = $1 and c.id = any($2::uuid[])`,
    [tenantId, ids, v.version, JSON.stringify(stageKinds(v.policy)), now],
  );

  // 2. The case's records: destroyed or emptied, per the rule's action, in one
  //    statement per action (a data-modifying CTE per table; foreign keys are
  //    checked at the end of the statement, when a review and its letter are both gone).
  for (const action of ['destroy', 'anonymise'] as const) {
    const actIds = cases.filter((c) => c.action === action).map((c) => c.caseId);
    if (!actIds.length) continue;
    const rowsOut = (await em.query(caseRecordsSql(action), [tenantId, actIds])) as {
      key: string;
      case_id: string;
      n: number;
    }[];
    for (const r of rowsOut) add(r.case_id, r.key, r.n);
  }
  // Rows other records point at are kept, emptied of free text and parameters.
  const emptied = (await em.query(
    `with p as (update proposal set rationale = '', restrictions = '[]', evidence_contact_ids = '{}'
                 where tenant_id = $1 and case_id = any($2::uuid[]) returning case_id),
          r as (update restriction set parameters = '{}'
                 where tenant_id = $1 and case_id = any($2::uuid[]) returning case_id)
     select 'proposals' as key, case_id, count(*)::int as n from p group by case_id
     union all
     select 'restrictionParameters', case_id, count(*)::int from r group by case_id`,
    [tenantId, ids],
  )) as { key: string; case_id: string; n: number }[];
  for (const r of emptied) add(r.case_id, r.key, r.n);

  // 3. The case itself: a tombstone with no free text.
  await em.query(
    `update managed_case c set status = 'purged', summary = null, linked_references = '{}',
            retention_due_at = x.due_at
       from unnest($2::uuid[], $3::timestamptz[]) as x(id, due_at)
      where c.tenant_id = $1 and c.id = x.id`,
    [tenantId, ids, cases.map((c) => c.dueAt)],
  );

  // 4. The customer's identity and contact details, once none of their cases is left unpurged.
  //    Customers are locked in id order, so two batches sharing a customer wait for each other
  //    and the second sees the first's purged case.
  //    (A separate statement: a statement's snapshot is taken before its lock waits.)
  await em.query(
    `select cu.id from customer cu
      where cu.tenant_id = $1
        and cu.id in (select customer_id from managed_case where tenant_id = $1 and id = any($2::uuid[]))
      order by cu.id for update`,
    [tenantId, ids],
  );
  const wiped = (await em.query(
    `with wiped as (
       update customer cu set full_name = null, email = null, phone = null, address = null,
              vulnerability_flags = '{}', safeguarding_notes = null, reasonable_adjustments = null,
              representative = null, purged_at = $3, updated_at = $3
        where cu.tenant_id = $1 and cu.purged_at is null
          and cu.id in (select customer_id from managed_case where tenant_id = $1 and id = any($2::uuid[]))
          and not exists (select 1 from managed_case m
                           where m.tenant_id = $1 and m.customer_id = cu.id and m.status <> 'purged')
        returning cu.id)
     select id as customer_id from wiped`,
    [tenantId, ids, now],
  )) as { customer_id: string }[];
  if (wiped.length) {
    const customerIds = wiped.map((w) => w.customer_id);
    await em.query(
      `delete from contact where tenant_id = $1 and case_id is null and customer_id = any($2::uuid[])`,
      [tenantId, customerIds],
    );
    const owners = (await em.query(
      `select id, customer_id from managed_case where tenant_id = $1 and id = any($2::uuid[]) and customer_id = any($3::uuid[])`,
      [tenantId, ids, customerIds],
    )) as { id: string; customer_id: string }[];
    for (const o of owners) add(o.id, 'customerIdentity', 1);
  }

  // 5. The deletion log and one audit event for the batch, in the same transaction.
  const batchId = randomUUID();
  await em.query(
    `insert into purge_log (tenant_id, run_id, batch_id, case_id, category, rule_id, policy_version, action,
                            retention_due_at, cutoff, counts, purged_at, actor)
     select $1, $2, $3, x.case_id, 'case', x.rule_id, $4, x.action, x.due_at, $5, x.counts, $6, $7
       from jsonb_to_recordset($8::jsonb) as x(case_id uuid, rule_id text, action text, due_at timestamptz, counts jsonb)`,
    [
      tenantId,
      opts.runId,
      batchId,
      v.version,
      opts.cutoff,
      now,
      opts.actor,
      JSON.stringify(
        cases.map((c) => ({
          case_id: c.caseId,
          rule_id: c.ruleId,
          action: c.action,
          due_at: c.dueAt,
          counts: counts.get(c.caseId),
        })),
      ),
    ],
  );
  const rules: Record<string, number> = {};
  for (const c of cases) rules[c.ruleId] = (rules[c.ruleId] ?? 0) + 1;
  await appendVocabularyEvent(em, {
    actorId: null,
    action: 'retention.purged',
    entityType: 'purge_batch',
    entityId: batchId,
    payload: {
      runId: opts.runId,
      cutoff: opts.cutoff.toISOString(),
      policyVersion: v.version,
      rules,
      caseIds: ids,
      actor: opts.actor,
    },
    occurredAt: now,
  });
}

function stageKinds(policy: Policy): Record<string, string> {
  return Object.fromEntries(Object.entries(policy.stages).map(([k, s]) => [k, s.kind]));
}

export const newRunId = (): string => randomUUID();
