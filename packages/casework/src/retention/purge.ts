import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type TenantEntityManager, prepared, withTenant } from '@conduct/db';
import { retentionDueDate, type Policy, type RetentionFacts } from '@conduct/policy';
import { withTenantReadOnly } from '../read-only';
import type { LoadedPolicy, PolicyVersions } from '../policy-versions';
import { RESTRICTION_ENDED_LATERAL, retentionDueSql } from './retention-sql';
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
  customer_id: string;
  reference: string;
  stage: string;
  dormant_at: Date | null;
  closed_at: Date | null;
  last_activity_at: Date;
  restriction_ended_at: Date | null;
  /** The purge's query only: whether the customer has another case not yet purged. */
  customer_has_other?: boolean;
}

/**
 * The one selection both the dry run and the purge use: cases of one policy
 * version, not yet purged, without a legal hold, whose retention date (the
 * engine's rules as SQL) is on or before the cutoff. Keyset-paged by id. The
 * purge adds `for update skip locked`, so concurrent runs share the cases.
 * The restriction-ended fact is read once per case (a lateral join, not the
 * sub-selects evaluated in both the filter and the select list), and only when
 * a rule of the version is triggered by it. The purge's query also says whether
 * each case's customer has another unpurged case: a batch locks only those
 * customers (see purgeBatch), and most customers have one case.
 */
function candidateQuery(due: string, lock: boolean, restrictionEnded: boolean): string {
  const other = lock
    ? `,
                 exists (select 1 from managed_case o
                          where o.tenant_id = c.tenant_id and o.customer_id = c.customer_id
                            and o.id <> c.id and o.status <> 'purged') as customer_has_other`
    : '';
  return `select c.id, c.customer_id, c.reference, c.stage, c.dormant_at, c.closed_at, c.last_activity_at,
                 ${restrictionEnded ? 're.ended_at' : 'null::timestamptz'} as restriction_ended_at${other}
            from managed_case c${restrictionEnded ? `\n            ${RESTRICTION_ENDED_LATERAL}` : ''}
           where c.tenant_id = $1 and c.policy_version_id = $2
             and c.status <> 'purged'
             and not c.legal_hold
             and ${due} <= $3
             and c.id > $4
           order by c.id
           limit $5${lock ? '\n           for update of c skip locked' : ''}`;
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * A batch touches a few hundred rows scattered over tables the size of a
 * council. With the default random_page_cost (4, for spinning disks) the planner
 * read every restriction of the council to empty a batch's few hundred, once per
 * batch (a purge that grew with the square of the council). The pages a purge
 * reads are cached or on SSD; 1.1 is the usual figure for that. For this
 * transaction only.
 */
const BATCH_PLANNER = 'set local random_page_cost = 1.1';

/** A case the purge confirmed: what it does to it (the reason text is the dry run's). */
interface DueCase {
  caseId: string;
  customerId: string;
  /** Whether the customer had another unpurged case when the batch was chosen. */
  customerHasOther: boolean;
  ruleId: string;
  action: 'destroy' | 'anonymise';
  dueAt: Date;
  facts: RetentionFacts;
}

/** The engine has the last word on every row the SQL found. */
function confirm(v: LoadedPolicy, row: CandidateRow, cutoff: Date): DueCase | undefined {
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
    customerId: row.customer_id,
    customerHasOther: row.customer_has_other ?? true,
    ruleId: due.ruleId,
    action: due.action,
    dueAt: due.dueAt,
    facts,
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

/** The policy versions whose rules can make a case due, with their candidate queries. */
async function retentionVersions(em: TenantEntityManager, policies: PolicyVersions) {
  const versions = await policies.all(em);
  return versions
    .map((v) => {
      const due = retentionDueSql(v.policy, 're.ended_at');
      if (due === null) return undefined;
      const ended = v.policy.retention.some((r) => r.trigger === 'restriction-ended');
      return {
        v,
        select: candidateQuery(due, false, ended),
        lock: candidateQuery(due, true, ended),
      };
    })
    .filter((x) => x !== undefined)
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
    for (const { v, select } of await retentionVersions(em, policies)) {
      let after = NO_ID;
      for (;;) {
        const page = (await em.query(prepared(select), [
          tenantId,
          v.id,
          cutoff,
          after,
          pageSize,
        ])) as CandidateRow[];
        for (const row of page) {
          const c = confirm(v, row, cutoff);
          if (c)
            out.push({
              caseId: c.caseId,
              reference: row.reference,
              policyVersion: v.version,
              ruleId: c.ruleId,
              action: c.action,
              dueAt: c.dueAt,
              reason: describe(v.policy, c.ruleId, c.facts, c.dueAt),
            });
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
  for (const { v, select } of await retentionVersions(em, policies)) {
    const page = (await em.query(prepared(select), [
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
  for (const { v, lock } of versions) {
    let after = NO_ID;
    for (;;) {
      if (opts.shouldStop?.()) return { ...result, stopped: true };
      const { seen, last, purged } = await withTenant(ds, tenantId, async (em) => {
        await em.query(BATCH_PLANNER);
        const page = (await em.query(prepared(lock), [
          tenantId,
          v.id,
          opts.cutoff,
          after,
          batchSize,
        ])) as CandidateRow[];
        const confirmed = page
          .map((row) => confirm(v, row, opts.cutoff))
          .filter((c) => c !== undefined);
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
 * (a review points at its letter). `keep` names the columns the statistic reads
 * from the rows as they were.
 */
const CASE_RECORDS: {
  table: string;
  key: string;
  anonymise: string;
  via?: string;
  keep?: string;
}[] = [
  { table: 'case_record', key: 'caseRecords', anonymise: "body = ''" },
  { table: 'notification', key: 'notifications', anonymise: "title = '', body = ''" },
  { table: 'contact', key: 'contacts', anonymise: 'description = null, staff_affected = null' },
  { table: 'check_attestation', key: 'checkNotes', anonymise: 'note = null' },
  { table: 'consultation', key: 'consultations', anonymise: 'note = null' },
  {
    table: 'review',
    key: 'reviews',
    anonymise: "note = '', no_letter_reasons = null",
    keep: 'outcome, reviewed_at',
  },
  {
    table: 'appeal',
    key: 'appeals',
    anonymise: "grounds = '', note = null",
    keep: 'status, lodged_at',
  },
  {
    table: 'derestriction_request',
    key: 'derestrictionRequests',
    anonymise: "reason = '', note = null",
  },
  { table: 'dissemination_record', key: 'disseminations', anonymise: 'audience = audience' },
  { table: 'proposal_step', key: 'proposalSteps', anonymise: 'note = null', via: 'proposal' },
  { table: 'letter', key: 'letters', anonymise: "title = '', body = '', sections = '[]'" },
];

const recordCte = (table: string) => `r${CASE_RECORDS.findIndex((r) => r.table === table)}`;

/**
 * One statement per batch and action, so each record is touched once: destroys
 * or empties every case record of the cases `$2`, empties the rows other records
 * point at (proposals, restriction parameters), writes the anonymous statistic
 * from the rows those changes return (the values as they were) plus the case's
 * decisions, and leaves the case a tombstone with no free text, its retention
 * date `$6` (the statistic reads the case as it was: one snapshot), and writes
 * the deletion log: per case its rule `$11` and the rows changed per kind, plus
 * the customer's identity for the cases `$12` whose customer was wiped. Foreign keys
 * are checked at the end of the statement, when a review and its letter are both gone.
 */
function batchSql(action: 'destroy' | 'anonymise'): string {
  const change = (rec: (typeof CASE_RECORDS)[number]) => {
    const keep = rec.keep ? `, ${rec.keep}` : '';
    if (rec.via)
      return action === 'destroy'
        ? `delete from ${rec.table} x using ${rec.via} p
            where x.tenant_id = $1 and p.tenant_id = $1 and x.${rec.via}_id = p.id and p.case_id = any($2::uuid[])
            returning p.case_id`
        : `update ${rec.table} x set ${rec.anonymise} from ${rec.via} p
            where x.tenant_id = $1 and p.tenant_id = $1 and x.${rec.via}_id = p.id and p.case_id = any($2::uuid[])
            returning p.case_id`;
    return action === 'destroy'
      ? `delete from ${rec.table} where tenant_id = $1 and case_id = any($2::uuid[]) returning case_id${keep}`
      : `update ${rec.table} set ${rec.anonymise} where tenant_id = $1 and case_id = any($2::uuid[]) returning case_id${keep}`;
  };
  const kinds = [
    ...CASE_RECORDS.map((rec, i) => ({ key: rec.key, cte: `r${i}` })),
    { key: 'proposals', cte: 'ep' },
    { key: 'restrictionParameters', cte: 'er' },
  ];
  return `with ${CASE_RECORDS.map((rec, i) => `r${i} as (${change(rec)})`).join(',\n')},
    ep as (update proposal set rationale = '', restrictions = '[]', evidence_contact_ids = '{}'
            where tenant_id = $1 and case_id = any($2::uuid[]) returning case_id),
    er as (update restriction set parameters = '{}'
            where tenant_id = $1 and case_id = any($2::uuid[]) returning case_id, type),
    tb as (update managed_case c set status = 'purged', summary = null, linked_references = '{}',
                  retention_due_at = x.due_at
             from unnest($2::uuid[], $6::timestamptz[]) as x(id, due_at)
            where c.tenant_id = $1 and c.id = x.id),
    rt as (select case_id, array_agg(distinct type) as types from er group by case_id),
    rv as (select case_id, array_agg(outcome order by reviewed_at) as outcomes from ${recordCte('review')} group by case_id),
    ap as (select case_id, array_agg(status order by lodged_at) as statuses from ${recordCte('appeal')} group by case_id),
    ct as (select case_id, count(*)::int as n from ${recordCte('contact')} group by case_id),
    st as (
      insert into case_statistic (tenant_id, id, policy_version, final_stage, final_stage_kind, stages_reached,
                                  opened_month, closed_month, purged_month, restriction_types,
                                  decision_outcomes, review_outcomes, appeal_outcomes, contact_count)
      select c.tenant_id, c.id, $3, c.stage, coalesce(($4::jsonb ->> c.stage), 'unknown'),
             coalesce(d.stages, '{}'),
             date_trunc('month', c.opened_at at time zone 'UTC')::date,
             date_trunc('month', c.closed_at at time zone 'UTC')::date,
             date_trunc('month', $5::timestamptz at time zone 'UTC')::date,
             coalesce(rt.types, '{}'), coalesce(d.outcomes, '{}'), coalesce(rv.outcomes, '{}'),
             coalesce(ap.statuses, '{}'), coalesce(ct.n, 0)
        from managed_case c
        cross join lateral (
          select array_agg(distinct to_stage) filter (where to_stage is not null) as stages,
                 array_agg(outcome order by decided_at) filter (where outcome is not null) as outcomes
            from decision where tenant_id = $1 and case_id = c.id) d
        left join rt on rt.case_id = c.id
        left join rv on rv.case_id = c.id
        left join ap on ap.case_id = c.id
        left join ct on ct.case_id = c.id
       where c.tenant_id = $1 and c.id = any($2::uuid[])),
    k as (${kinds.map((k) => `select '${k.key}' as key, case_id, count(*)::int as n from ${k.cte} group by case_id`).join('\n          union all ')}),
    kc as (select case_id, jsonb_object_agg(key, n) as counts from k group by case_id),
    lg as (
      insert into purge_log (tenant_id, run_id, batch_id, case_id, category, rule_id, policy_version, action,
                             retention_due_at, cutoff, counts, purged_at, actor)
      select $1, $7, $8, x.id, 'case', x.rule_id, $3, '${action}', x.due_at, $9,
             coalesce(kc.counts, '{}') ||
               case when x.id = any($12::uuid[]) then '{"customerIdentity": 1}'::jsonb else '{}' end,
             $5, $10
        from unnest($2::uuid[], $6::timestamptz[], $11::text[]) as x(id, due_at, rule_id)
        left join kc on kc.case_id = x.id
      returning 1)
    select count(*)::int as logged from lg`;
}

async function purgeBatch(
  em: TenantEntityManager,
  v: LoadedPolicy,
  cases: DueCase[],
  opts: PurgeOptions,
): Promise<void> {
  const tenantId = em.tenantId;
  const now = opts.now();
  const ids = cases.map((c) => c.caseId);

  // 1. The customer's identity and contact details, once none of their cases is left
  //    unpurged (this batch's cases are purged in this transaction). A customer with
  //    another unpurged case may be purged by a concurrent batch too: those are locked
  //    in id order, so two batches sharing a customer wait for each other and the second
  //    sees the first's purged case (a separate statement: a statement's snapshot is
  //    taken before its lock waits). A customer whose every case is in this batch needs
  //    no lock: this batch holds those cases' locks, and a customer with no other case
  //    when the batch was chosen has none to share (the wipe below checks again). The
  //    batch's own cases are excluded through a hashed set (`<> all` compared each
  //    case with every id of the batch).
  const customerIds = [...new Set(cases.map((c) => c.customerId))];
  const sharing = [...new Set(cases.filter((c) => c.customerHasOther).map((c) => c.customerId))];
  if (sharing.length)
    await em.query(
      prepared(`select cu.id from customer cu
        where cu.tenant_id = $1 and cu.id = any($3::uuid[])
          and exists (select 1 from managed_case m
                       where m.tenant_id = $1 and m.customer_id = cu.id and m.status <> 'purged'
                         and m.id not in (select unnest($2::uuid[])))
        order by cu.id for update`),
      [tenantId, ids, sharing],
    );
  //    Their contacts without a case go with them.
  const wiped = (await em.query(
    prepared(`with w as (
       update customer cu set full_name = null, email = null, phone = null, address = null,
              vulnerability_flags = '{}', safeguarding_notes = null, reasonable_adjustments = null,
              representative = null, purged_at = $3, updated_at = $3
        where cu.tenant_id = $1 and cu.id = any($2::uuid[]) and cu.purged_at is null
          and not exists (select 1 from managed_case m
                           where m.tenant_id = $1 and m.customer_id = cu.id and m.status <> 'purged'
                             and m.id not in (select unnest($4::uuid[])))
        returning cu.id),
     x as (delete from contact where tenant_id = $1 and case_id is null and customer_id in (select id from w))
     select id from w`),
    [tenantId, customerIds, now, ids],
  )) as { id: string }[];
  const gone = new Set(wiped.map((w) => w.id));

  // 2. The case's records destroyed or emptied per the rule's action, what remains
  //    (the anonymous statistic and the tombstone) and the deletion log: one statement
  //    per action, see batchSql. The decisions are read per case through their
  //    (tenant, case) index: grouping the table by case made the planner scan every
  //    decision of the council once per batch, a cost that grew with the council.
  const batchId = randomUUID();
  for (const action of ['destroy', 'anonymise'] as const) {
    const acting = cases.filter((c) => c.action === action);
    if (!acting.length) continue;
    await em.query(prepared(batchSql(action)), [
      tenantId,
      acting.map((c) => c.caseId),
      v.version,
      JSON.stringify(stageKinds(v.policy)),
      now,
      acting.map((c) => c.dueAt),
      opts.runId,
      batchId,
      opts.cutoff,
      opts.actor,
      acting.map((c) => c.ruleId),
      acting.filter((c) => gone.has(c.customerId)).map((c) => c.caseId),
    ]);
  }

  // 3. One audit event for the batch, in the same transaction.
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
