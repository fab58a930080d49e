import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { TENANTS_DIR, applyTenantFolder, applyTenants } from '@conduct/api/tenancy/apply-tenants';
import { COUNCILS, type Council, type DataSet, type GeneratedCase } from './purge-data-sets';

export interface CouncilRows {
  tenantId: string;
  userId: string;
  /** Activated policy versions, oldest first. */
  versionIds: string[];
}

/**
 * The real councils from tenants/, each policy activated as the product does.
 * Southampton and Cheshire West re-approve theirs unchanged, so their cases are
 * pinned to one of two activated versions (the purge goes through each).
 */
export async function loadCouncils(
  ds: DataSource,
  owner: Client,
  at: Date,
): Promise<Record<Council, CouncilRows>> {
  await applyTenants(ds, TENANTS_DIR, at);
  for (const slug of ['southampton', 'cheshire-west-and-chester']) {
    const dir = mkdtempSync(join(tmpdir(), 'conduct-reapproved-'));
    const text = readFileSync(join(TENANTS_DIR, slug, 'policy.yaml'), 'utf8');
    writeFileSync(join(dir, 'policy.yaml'), `${text}\n# Re-approved without change.\n`);
    await applyTenantFolder(ds, dir, new Date(at.getTime() + 60_000));
    rmSync(dir, { recursive: true, force: true });
  }
  const out = {} as Record<Council, CouncilRows>;
  for (const slug of COUNCILS) {
    const { rows } = await owner.query(
      `select t.id as tenant_id,
              (select u.id from app_user u where u.tenant_id = t.id order by u.email limit 1) as user_id,
              (select array_agg(v.id order by v.version) from policy_version v
                where v.tenant_id = t.id and v.status in ('active', 'superseded')) as version_ids
         from tenant t where t.slug = $1`,
      [slug],
    );
    const row = rows[0] as { tenant_id: string; user_id: string; version_ids: string[] };
    out[slug] = { tenantId: row.tenant_id, userId: row.user_id, versionIds: row.version_ids };
  }
  return out;
}

/**
 * The test's owner connection (superuser: past row-level security). It writes
 * only data it built consistently, so it skips the foreign-key triggers
 * (replica mode): a thousand resets and seeds then cost a third as much. The
 * product's connection checks every constraint as always.
 */
export async function connectOwner(url: string): Promise<Client> {
  const owner = new Client({ connectionString: url });
  await owner.connect();
  await owner.query('set session_replication_role = replica');
  return owner;
}

/** Removes every case and what hangs off it (and the purges' audit events, the chain's tail). */
export async function clearCaseData(owner: Client): Promise<void> {
  await owner.query(`
    delete from purge_log; delete from case_statistic; delete from contact; delete from letter;
    delete from restriction; delete from decision; delete from managed_case; delete from customer;
    delete from audit_event where action = 'retention.purged';`);
}

type Row = Record<string, unknown>;

/** A customer whose every case was purged by an earlier run is wiped already. */
const wiped = (cases: GeneratedCase[], customer: number) =>
  cases.filter((c) => c.customer === customer).every((c) => c.status === 'purged');

function rowsOf(council: CouncilRows, cases: GeneratedCase[]): Record<string, Row[]> {
  const t = { tenant_id: council.tenantId };
  const staff = council.userId;
  const customerIds = new Map<number, string>();
  const out: Record<string, Row[]> = {
    customer: [],
    managed_case: [],
    decision: [],
    restriction: [],
    contact: [],
    letter: [],
    purge_log: [],
  };
  for (const c of cases) {
    const gone = wiped(cases, c.customer);
    let customerId = customerIds.get(c.customer);
    if (!customerId) {
      customerId = randomUUID();
      customerIds.set(c.customer, customerId);
      out.customer!.push({
        ...t,
        id: customerId,
        reference: `C-${customerId.slice(0, 8)}`,
        full_name: gone ? null : `Canary ${customerId.slice(0, 6)}`,
        email: gone ? null : `canary-${customerId.slice(0, 6)}@example.org`,
        phone: gone ? null : '+44 7700 900123',
        created_at: c.openedAt,
        updated_at: c.openedAt,
        purged_at: gone ? c.openedAt : null,
      });
    }
    const purged = c.status === 'purged';
    out.managed_case!.push({
      ...t,
      id: c.id,
      reference: `MC-O-${c.id.slice(0, 8)}`,
      customer_id: customerId,
      policy_version_id: council.versionIds[c.version % council.versionIds.length],
      stage: c.stage,
      status: c.status,
      summary: purged ? null : 'canary summary',
      legal_hold: c.legalHold,
      opened_at: c.openedAt,
      opened_by: staff,
      stage_entered_at: c.openedAt,
      last_activity_at: c.lastActivityAt,
      closed_at: c.closedAt,
      dormant_at: c.dormantAt,
      retention_due_at: purged ? c.openedAt : null,
    });
    if (c.restrictions.length) {
      const decisionId = randomUUID();
      out.decision!.push({
        ...t,
        id: decisionId,
        case_id: c.id,
        kind: 'transition',
        to_stage: c.stage,
        outcome: 'approved',
        decided_by: staff,
        decided_at: c.openedAt,
      });
      for (const r of c.restrictions) {
        out.restriction!.push({
          ...t,
          id: randomUUID(),
          case_id: c.id,
          decision_id: decisionId,
          type: 'single-point-of-contact',
          parameters: { officer: 'canary officer' },
          starts_at: c.openedAt,
          ends_at: r.endsAt,
          status: r.status,
          ended_at: r.endedAt,
        });
      }
    }
    const contact = (caseId: string | null) => ({
      ...t,
      id: randomUUID(),
      case_id: caseId,
      customer_id: customerId,
      occurred_at: c.openedAt,
      channel: 'telephone',
      severity: 'moderate',
      description: 'canary contact',
      staff_affected: 'canary staff',
      recorded_by: staff,
      recorded_at: c.openedAt,
    });
    for (let i = 0; i < c.contacts; i++) out.contact!.push(contact(c.id));
    if (c.looseContact && !gone) out.contact!.push(contact(null));
    for (let i = 0; i < c.letters; i++) {
      out.letter!.push({
        ...t,
        id: randomUUID(),
        case_id: c.id,
        template_key: 'canary',
        title: 'Canary letter',
        body: 'Dear Canary',
        sections: [],
        status: 'sent',
        created_at: c.openedAt,
      });
    }
    if (purged) {
      out.purge_log!.push({
        ...t,
        id: randomUUID(),
        run_id: randomUUID(),
        batch_id: randomUUID(),
        case_id: c.id,
        category: 'case',
        rule_id: 'earlier-run',
        policy_version: 1,
        action: 'destroy',
        retention_due_at: c.openedAt,
        cutoff: c.openedAt,
        counts: {},
        purged_at: c.openedAt,
        actor: 'earlier-run',
      });
    }
  }
  return out;
}

/** The whole data set in one statement: one insert per table, foreign keys checked at its end. */
export async function writeDataSet(
  owner: Client,
  councils: Record<Council, CouncilRows>,
  set: DataSet,
): Promise<void> {
  const tables: Record<string, Row[]> = {};
  for (const council of COUNCILS) {
    for (const [table, rows] of Object.entries(rowsOf(councils[council], set.cases[council]))) {
      (tables[table] ??= []).push(...rows);
    }
  }
  const filled = Object.entries(tables).filter(([, rows]) => rows.length);
  if (!filled.length) return;
  const ctes = filled.map(([table, rows], i) => {
    const columns = Object.keys(rows[0]!).join(', ');
    return `${table}_rows as (insert into ${table} (${columns})
              select ${columns} from jsonb_populate_recordset(null::${table}, $${i + 1}::jsonb))`;
  });
  await owner.query(
    `with ${ctes.join(',\n')} select 1`,
    filled.map(([, rows]) => JSON.stringify(rows)),
  );
}

/** The council's cases as written, before anything runs. */
export async function startingCases(
  owner: Client,
  tenantId: string,
): Promise<{ id: string; status: string; customerId: string; wiped: boolean }[]> {
  const { rows } = await owner.query({
    name: 'starting-cases',
    text: `select c.id, c.status, c.customer_id as "customerId", cu.purged_at is not null as wiped
             from managed_case c join customer cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id
            where c.tenant_id = $1`,
    values: [tenantId],
  });
  return rows as { id: string; status: string; customerId: string; wiped: boolean }[];
}
