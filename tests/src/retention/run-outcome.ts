import type { Client } from 'pg';

/** What a purge run left in its council, read in one round trip. */
export interface RunOutcome {
  /** Every purged case of the council, earlier runs' included. */
  purged: string[];
  log: {
    caseId: string;
    ruleId: string;
    dueAt: number;
    cutoff: number;
    action: string;
    actor: string;
  }[];
  /** The case ids each of the run's audit events names. */
  batches: string[][];
  /** The given cases' remains. */
  remains: {
    caseId: string;
    summary: string | null;
    dueAt: number | null;
    contacts: number;
    letters: number;
    parameters: number;
    counted: boolean;
  }[];
  /** Customers emptied at `now`, their case-less contacts gone. */
  wiped: string[];
}

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::bigint`;

export async function runOutcome(
  owner: Client,
  tenantId: string,
  runId: string,
  caseIds: string[],
  now: Date,
): Promise<RunOutcome> {
  const { rows } = await owner.query({
    name: 'run-outcome',
    text: `select
      (select coalesce(json_agg(id order by id), '[]') from managed_case
        where tenant_id = $1 and status = 'purged') as purged,
      (select coalesce(json_agg(json_build_object('caseId', case_id, 'ruleId', rule_id,
                'dueAt', ${ms('retention_due_at')}, 'cutoff', ${ms('cutoff')}, 'action', action, 'actor', actor)
                order by case_id), '[]')
         from purge_log where tenant_id = $1 and run_id = $2) as log,
      (select coalesce(json_agg(payload -> 'caseIds'), '[]') from audit_event
        where tenant_id = $1 and action = 'retention.purged' and payload ->> 'runId' = $2::text) as batches,
      (select coalesce(json_agg(json_build_object('caseId', c.id, 'summary', c.summary,
                'dueAt', ${ms('c.retention_due_at')},
                'contacts', (select count(*) from contact x where x.tenant_id = c.tenant_id and x.case_id = c.id),
                'letters', (select count(*) from letter x where x.tenant_id = c.tenant_id and x.case_id = c.id),
                'parameters', (select count(*) from restriction x where x.tenant_id = c.tenant_id
                                 and x.case_id = c.id and x.parameters <> '{}'),
                'counted', exists (select 1 from case_statistic s where s.tenant_id = c.tenant_id and s.id = c.id))
                order by c.id), '[]')
         from managed_case c where c.tenant_id = $1 and c.id = any($3::uuid[])) as remains,
      (select coalesce(json_agg(cu.id order by cu.id), '[]') from customer cu
        where cu.tenant_id = $1 and cu.purged_at = $4
          and cu.full_name is null and cu.email is null and cu.phone is null
          and not exists (select 1 from contact ct where ct.tenant_id = cu.tenant_id
                           and ct.customer_id = cu.id and ct.case_id is null)) as wiped`,
    values: [tenantId, runId, caseIds, now],
  });
  return rows[0] as RunOutcome;
}
