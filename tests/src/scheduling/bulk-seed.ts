import { createHash } from 'node:crypto';
import type { Client } from 'pg';

/**
 * A deterministic id shaped like a version 4 UUID (job payloads validate ids
 * strictly): md5 of the text with the version and variant digits set.
 */
const uuidOf = (sql: string) =>
  `overlay(overlay(md5(${sql}) placing '4' from 13) placing '8' from 17)::uuid`;
const jsUuidOf = (text: string) =>
  createHash('md5')
    .update(text)
    .digest('hex')
    .replace(/^(.{8})(.{4}).(.{3}).(.{3})(.{12})$/, '$1-$2-4$3-8$4-$5');

/**
 * Thousands of cases in a few set-based statements, as the superuser (the
 * API or the entities would take minutes). Ids are md5-derived from a tag and
 * the row number, so each statement finds the rows the previous one wrote.
 */
async function tenantBasics(pg: Client, tenantId: string) {
  const { rows } = await pg.query(
    `select (select id from policy_version where tenant_id = $1 and status = 'active') as version_id,
            (select id from app_user where tenant_id = $1 order by email limit 1) as user_id`,
    [tenantId],
  );
  return rows[0] as { version_id: string; user_id: string };
}

export interface RetentionSeed {
  tag: string;
  /** Closed cases whose restriction ended on `endedAt`: due `endedAt` + the policy's period. */
  due: number;
  /** As due, under a legal hold: never purged. */
  held: number;
  /** Restriction ended years later: not due at the test's cutoff. */
  notDue: number;
  endedAt: Date;
  notDueEndedAt: Date;
}

/**
 * Cases with a restriction that ended, 2 contacts and a letter each. One due
 * case in ten shares its customer with the case before it, so a customer's
 * identity goes only with the second of its cases. Returns case ids by kind.
 */
export async function seedRetentionCases(
  pg: Client,
  tenantId: string,
  s: RetentionSeed,
): Promise<{ due: string[]; held: string[]; notDue: string[] }> {
  const { version_id, user_id } = await tenantBasics(pg, tenantId);
  const total = s.due + s.held + s.notDue;
  const params = [
    tenantId,
    s.tag,
    total,
    s.due,
    s.held,
    version_id,
    user_id,
    s.endedAt,
    s.notDueEndedAt,
  ];
  // $4 = due, $5 = held: rows 1..due are due, then held, then not due.
  const customerOf = uuidOf(
    "$2 || '-cu-' || case when g % 10 = 0 and g <= $4 then g - 1 else g end",
  );
  await pg.query('begin');
  try {
    await pg.query(
      `insert into customer (tenant_id, id, reference, full_name, email, phone, address, vulnerability_flags,
                             safeguarding_notes, created_at, updated_at)
       select $1, ${uuidOf("$2 || '-cu-' || g")}, $2 || '-C-' || g, 'Canary Person ' || g, 'canary' || g || '@example.org',
              '+44 7700 900' || lpad((g % 1000)::text, 3, '0'), g || ' Canary Street', '{canary-flag}',
              'canary safeguarding note', '2019-01-01', '2019-01-01'
         from generate_series(1, $3::int) g
        where not (g % 10 = 0 and g <= $4)`,
      params.slice(0, 4),
    );
    await pg.query(
      `insert into managed_case (tenant_id, id, reference, customer_id, policy_version_id, stage, status, summary,
                                 linked_references, legal_hold, opened_at, opened_by, stage_entered_at,
                                 last_activity_at, closed_at)
       select $1, ${uuidOf("$2 || '-mc-' || g")}, $2 || '-MC-' || g, ${customerOf}, $6, 'closed', 'closed',
              'canary case summary', '{canary-linked-ref}', g > $4 and g <= $4 + $5,
              '2019-01-01', $7, '2019-01-01', '2019-06-01', case when g <= $4 + $5 then $8::timestamptz else $9::timestamptz end
         from generate_series(1, $3::int) g`,
      params,
    );
    await pg.query(
      `insert into decision (tenant_id, id, case_id, kind, to_stage, outcome, decided_by, decided_at)
       select $1, ${uuidOf("$2 || '-mc-' || g")}, ${uuidOf("$2 || '-mc-' || g")}, 'transition', 'restriction',
              'approved', $4, '2019-01-01'
         from generate_series(1, $3::int) g`,
      [tenantId, s.tag, total, user_id],
    );
    await pg.query(
      `insert into restriction (tenant_id, case_id, decision_id, type, parameters, starts_at, ends_at, status, ended_at)
       select $1, ${uuidOf("$2 || '-mc-' || g")}, ${uuidOf("$2 || '-mc-' || g")}, 'single-point-of-contact',
              '{"terms":"canary terms"}', '2019-01-01', e, 'ended', e
         from generate_series(1, $3::int) g,
              lateral (select case when g <= $4 then $5::timestamptz else $6::timestamptz end as e) x`,
      [tenantId, s.tag, total, s.due + s.held, s.endedAt, s.notDueEndedAt],
    );
    await pg.query(
      `insert into contact (tenant_id, case_id, customer_id, occurred_at, channel, severity, description,
                            staff_affected, recorded_by, recorded_at)
       select $1, c.id, c.customer_id, '2019-02-01', 'telephone', 'moderate', 'canary contact description',
              'canary staff name', $3, '2019-02-01'
         from managed_case c cross join generate_series(1, 2)
        where c.tenant_id = $1 and c.reference like $2 || '-MC-%'`,
      [tenantId, s.tag, user_id],
    );
    await pg.query(
      `insert into letter (tenant_id, case_id, template_key, title, body, sections, status, created_at, sent_at, sent_by)
       select $1, c.id, 'canary', 'Canary letter', 'Dear Canary Person', '[]', 'sent', '2019-03-01', '2019-03-01', $3
         from managed_case c where c.tenant_id = $1 and c.reference like $2 || '-MC-%'`,
      [tenantId, s.tag, user_id],
    );
    await pg.query('commit');
  } catch (e) {
    await pg.query('rollback');
    throw e;
  }
  await pg.query('analyze');
  const { rows } = await pg.query(
    `select id, legal_hold, closed_at < $3 as due from managed_case
      where tenant_id = $1 and reference like $2 || '-MC-%'`,
    [tenantId, s.tag, s.notDueEndedAt],
  );
  return {
    due: rows.filter((r) => r.due && !r.legal_hold).map((r) => r.id as string),
    held: rows.filter((r) => r.legal_hold).map((r) => r.id as string),
    notDue: rows.filter((r) => !r.due).map((r) => r.id as string),
  };
}

/**
 * Open cases at a reviewed stage with an active restriction, each case's review
 * due so that its reminder (the policy's `reminderDaysBefore` earlier) falls due
 * at the given instant. Returns the case ids, in the order of `remindersDueAt`.
 */
export async function seedReviewsDue(
  pg: Client,
  tenantId: string,
  s: { tag: string; stage: string; remindersDueAt: Date[] },
): Promise<string[]> {
  const { version_id, user_id } = await tenantBasics(pg, tenantId);
  const params = [tenantId, s.tag, s.remindersDueAt, version_id, user_id, s.stage];
  await pg.query('begin');
  try {
    await pg.query(
      `insert into customer (tenant_id, id, reference, full_name, email, created_at, updated_at)
       select $1, ${uuidOf("$2 || '-cu-' || g")}, $2 || '-C-' || g, 'Canary Person ' || g,
              'canary' || g || '@example.org', '2025-01-01', '2025-01-01'
         from generate_series(1, cardinality($3::timestamptz[])) g`,
      params.slice(0, 3),
    );
    await pg.query(
      `insert into managed_case (tenant_id, id, reference, customer_id, policy_version_id, stage, status, summary,
                                 opened_at, opened_by, stage_entered_at, last_activity_at, review_due_at)
       select $1, ${uuidOf("$2 || '-mc-' || g")}, $2 || '-MC-' || g, ${uuidOf("$2 || '-cu-' || g")}, $4, $6, 'open',
              'canary case summary', '2025-01-01', $5, '2025-01-01', '2025-01-01',
              at + make_interval(days => (v.document #>> array['stages', $6, 'review', 'reminderDaysBefore'])::int)
         from unnest($3::timestamptz[]) with ordinality as r(at, g), policy_version v
        where v.id = $4`,
      params,
    );
    await pg.query(
      `insert into decision (tenant_id, id, case_id, kind, to_stage, outcome, decided_by, decided_at)
       select $1, c.id, c.id, 'transition', c.stage, 'approved', $3, '2025-01-01'
         from managed_case c where c.tenant_id = $1 and c.reference like $2 || '-MC-%'`,
      [tenantId, s.tag, user_id],
    );
    await pg.query(
      `insert into restriction (tenant_id, case_id, decision_id, type, parameters, starts_at, status)
       select $1, c.id, c.id, 'single-point-of-contact', '{"terms":"canary terms"}', '2025-01-01', 'active'
         from managed_case c where c.tenant_id = $1 and c.reference like $2 || '-MC-%'`,
      [tenantId, s.tag],
    );
    await pg.query('commit');
  } catch (e) {
    await pg.query('rollback');
    throw e;
  }
  return s.remindersDueAt.map((_, i) => jsUuidOf(`${s.tag}-mc-${i + 1}`));
}
