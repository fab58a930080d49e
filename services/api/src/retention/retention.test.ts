import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyAuditChain, withTenant } from '@conduct/db';
import {
  addDays,
  addMonths,
  checkPolicyText,
  retentionDueDate,
  type Policy,
} from '@conduct/policy';
import {
  PolicyVersions,
  previewPurge,
  retentionDueSql,
  runExpiry,
  runPurge,
  newRunId,
} from '@conduct/worker';
import { seedCases, type SeedCase } from '@conduct/testing';
import { TENANTS_DIR } from '../tenancy/apply-tenants';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

const T0 = new Date('2026-01-05T09:00:00Z');
const PURGE_CLI = require.resolve('@conduct/worker/cli/purge');

function policyOf(slug: string): Policy {
  const { policy } = checkPolicyText(readFileSync(join(TENANTS_DIR, slug, 'policy.yaml'), 'utf8'));
  return policy!;
}

describe('expiry, dormancy and retention purges', () => {
  let api: TestApi;
  const policies = new PolicyVersions();

  beforeAll(async () => {
    api = await startTestApi({ now: T0 });
  });
  afterAll(async () => {
    await api.close();
  });

  const seed = (slug: string, specs: SeedCase[]) =>
    withTenant(api.ds, api.tenants[slug]!, (em) => seedCases(em, specs));
  const purge = (slug: string, cutoff: Date) =>
    runPurge(api.ds, policies, api.tenants[slug]!, {
      cutoff,
      runId: newRunId(),
      actor: 'test',
      now: () => cutoff,
      batchSize: 7,
    });
  const preview = async (slug: string, cutoff: Date) =>
    (await previewPurge(api.ds, policies, api.tenants[slug]!, cutoff)).map((c) => c.caseId).sort();
  const statusOf = async (caseId: string) =>
    (
      (await api.owner.query(`select status from managed_case where id = $1`, [caseId])) as {
        status: string;
      }[]
    )[0]!.status;

  it('ends restrictions on their end date: audited, a letter to the customer queued', async () => {
    const ends = addMonths(T0, 3);
    const [c] = await seed('maidstone', [
      {
        stage: 'policy-applied',
        openedAt: T0,
        restrictions: [{ type: 'single-point-of-contact', startsAt: T0, endsAt: ends }],
      },
    ]);
    const clock = { now: () => addDays(ends, -1) };
    expect(
      (await runExpiry({ ds: api.ds, clock, policies }, api.tenants.maidstone!)).restrictionsEnded,
    ).toBe(0);
    const result = await runExpiry(
      { ds: api.ds, clock: { now: () => addDays(ends, 2) }, policies },
      api.tenants.maidstone!,
    );
    expect(result.restrictionsEnded).toBeGreaterThanOrEqual(1);
    const [r] = (await api.owner.query(
      `select status, ended_at from restriction where case_id = $1`,
      [c!.caseId],
    )) as {
      status: string;
      ended_at: Date;
    }[];
    expect(r).toEqual({ status: 'ended', ended_at: ends });
    const letters = (await api.owner.query(
      `select template_key, status, body from letter where case_id = $1`,
      [c!.caseId],
    )) as {
      template_key: string;
      status: string;
      body: string;
    }[];
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ template_key: 'restriction-ended', status: 'draft' });
    const audit = (await api.owner.query(
      `select payload from audit_event where case_id = $1 and action = 'restriction.ended'`,
      [c!.caseId],
    )) as { payload: Record<string, unknown> }[];
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.payload)).not.toMatch(/canary/i);
    // Running again changes nothing.
    await runExpiry(
      { ds: api.ds, clock: { now: () => addDays(ends, 3) }, policies },
      api.tenants.maidstone!,
    );
    expect(
      await api.owner.query(`select 1 from letter where case_id = $1`, [c!.caseId]),
    ).toHaveLength(1);
  });

  it('Cheshire: the end of a 6-month monitoring period is notified to the reviewers, once', async () => {
    const slug = 'cheshire-west-and-chester';
    const entered = new Date('2026-01-31T10:00:00Z');
    const [c] = await seed(slug, [{ stage: 'stage-1', openedAt: entered }]);
    const ends = addMonths(entered, 6);
    const run = (at: Date) =>
      runExpiry({ ds: api.ds, clock: { now: () => at }, policies }, api.tenants[slug]!);
    await run(new Date(ends.getTime() - 1000));
    const told = () =>
      api.owner.query(
        `select role, due_date::text as day from notification where case_id = $1 and kind = 'monitoring-ended'`,
        [c!.caseId],
      ) as Promise<{ role: string; day: string }[]>;
    expect(await told()).toHaveLength(0);
    await run(ends);
    await run(addDays(ends, 1));
    const notices = await told();
    expect(notices.length).toBeGreaterThan(0);
    expect(new Set(notices.map((n) => n.day))).toEqual(new Set(['2026-07-31']));
    expect(
      notices.every((n) => ['customer-relations-manager', 'senior-manager'].includes(n.role)),
    ).toBe(true);
  });

  it('Cheshire: a closed case becomes dormant; deleted 12 months later without activity, not with', async () => {
    const slug = 'cheshire-west-and-chester';
    const closedAt = new Date('2026-02-10T12:00:00Z');
    const [quiet, active] = await seed(slug, [
      {
        stage: 'closed',
        status: 'closed',
        openedAt: T0,
        stageEnteredAt: closedAt,
        closedAt,
        contacts: 3,
        letters: 2,
      },
      {
        stage: 'closed',
        status: 'closed',
        openedAt: T0,
        stageEnteredAt: closedAt,
        closedAt,
        contacts: 2,
      },
    ]);
    const moved = await runExpiry(
      { ds: api.ds, clock: { now: () => addDays(closedAt, 1) }, policies },
      api.tenants[slug]!,
    );
    expect(moved.automaticMoves).toBeGreaterThanOrEqual(2);
    const rows = (await api.owner.query(
      `select status, stage, dormant_at from managed_case where id = any($1) order by id`,
      [[quiet!.caseId]],
    )) as { status: string; stage: string; dormant_at: Date }[];
    expect(rows[0]).toEqual({ status: 'dormant', stage: 'dormant', dormant_at: closedAt });
    // Six months into dormancy the second customer is in touch again.
    await api.owner.query(`update managed_case set last_activity_at = $2 where id = $1`, [
      active!.caseId,
      addMonths(closedAt, 6),
    ]);

    const due = addMonths(closedAt, 12);
    expect(await preview(slug, addDays(due, -1))).not.toContain(quiet!.caseId);
    expect(await preview(slug, due)).toContain(quiet!.caseId);
    expect(await preview(slug, due)).not.toContain(active!.caseId);

    const result = await purge(slug, addDays(due, 1));
    expect(result.purged).toBeGreaterThanOrEqual(1);
    expect(await statusOf(quiet!.caseId)).toBe('purged');
    expect(await statusOf(active!.caseId)).toBe('dormant');

    // Nothing personal remains of the purged case; the statistic and the log remain.
    const [customer] = (await api.owner.query(
      `select full_name, email, phone, address, safeguarding_notes, vulnerability_flags, purged_at from customer where id = $1`,
      [quiet!.customerId],
    )) as Record<string, unknown>[];
    expect(customer).toMatchObject({
      full_name: null,
      email: null,
      phone: null,
      address: null,
      safeguarding_notes: null,
      vulnerability_flags: [],
    });
    expect(customer!.purged_at).not.toBeNull();
    expect(
      await api.owner.query(`select 1 from contact where case_id = $1`, [quiet!.caseId]),
    ).toHaveLength(0);
    expect(
      await api.owner.query(`select 1 from letter where case_id = $1`, [quiet!.caseId]),
    ).toHaveLength(0);
    const [stat] = (await api.owner.query(`select * from case_statistic where id = $1`, [
      quiet!.caseId,
    ])) as Record<string, unknown>[];
    expect(stat).toMatchObject({
      final_stage: 'dormant',
      final_stage_kind: 'dormant',
      contact_count: 3,
    });
    expect(
      String(
        stat!.opened_month instanceof Date ? stat!.opened_month.toISOString() : stat!.opened_month,
      ),
    ).toMatch(/2026-01-01/);
    const logs = (await api.owner.query(`select * from purge_log where case_id = $1`, [
      quiet!.caseId,
    ])) as Record<string, unknown>[];
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      rule_id: 'dormant-plus-12-months',
      action: 'destroy',
      category: 'case',
    });
    expect(logs[0]!.counts).toMatchObject({ contacts: 3, letters: 2, customerIdentity: 1 });
    expect(JSON.stringify(logs)).not.toMatch(/canary/i);

    // Twelve months after the activity, the second goes too.
    await purge(slug, addMonths(addMonths(closedAt, 6), 12));
    expect(await statusOf(active!.caseId)).toBe('purged');
    await withTenant(api.ds, api.tenants[slug]!, async (em) => {
      expect((await verifyAuditChain(em, api.tenants[slug]!)).ok).toBe(true);
    });
  });

  it('Southampton: destroyed 6 years after the restrictions end', async () => {
    const slug = 'southampton';
    const ended = new Date('2026-06-30T00:00:00Z');
    const [c] = await seed(slug, [
      {
        stage: 'closed',
        status: 'closed',
        openedAt: T0,
        closedAt: ended,
        letters: 1,
        reviews: [{ outcome: 'continue', reviewedAt: addMonths(T0, 3) }],
        restrictions: [
          {
            type: Object.keys(policyOf(slug).restrictionTypes)[0]!,
            startsAt: T0,
            endsAt: ended,
            status: 'ended',
            endedAt: ended,
          },
        ],
      },
    ]);
    // The review points at the letter it sent: the purge deletes them in that order.
    await api.owner.query(
      `update review set letter_id = (select id from letter where case_id = $1) where case_id = $1`,
      [c!.caseId],
    );
    const due = new Date('2032-06-30T00:00:00Z');
    expect(await preview(slug, new Date(due.getTime() - 1000))).not.toContain(c!.caseId);
    expect(await preview(slug, due)).toContain(c!.caseId);
    await purge(slug, due);
    expect(await statusOf(c!.caseId)).toBe('purged');
    expect(
      await api.owner.query(`select 1 from review where case_id = $1`, [c!.caseId]),
    ).toHaveLength(0);
    const [log] = (await api.owner.query(
      `select rule_id, retention_due_at from purge_log where case_id = $1`,
      [c!.caseId],
    )) as {
      rule_id: string;
      retention_due_at: Date;
    }[];
    expect(log).toEqual({ rule_id: 'restriction-end-plus-6-years', retention_due_at: due });
    const [stat] = (await api.owner.query(
      `select restriction_types from case_statistic where id = $1`,
      [c!.caseId],
    )) as {
      restriction_types: string[];
    }[];
    expect(stat!.restriction_types).toHaveLength(1);
  });

  it('a legal hold blocks the purge; the preview (and the CLI dry run) match what the run purges', async () => {
    const slug = 'southampton';
    const ended = new Date('2027-01-31T00:00:00Z');
    const type = Object.keys(policyOf(slug).restrictionTypes)[0]!;
    const spec = (legalHold: boolean): SeedCase => ({
      stage: 'closed',
      status: 'closed',
      openedAt: T0,
      closedAt: ended,
      legalHold,
      restrictions: [{ type, startsAt: T0, endsAt: ended, status: 'ended', endedAt: ended }],
    });
    const seeded = await seed(slug, [
      spec(false),
      spec(true),
      spec(false),
      spec(true),
      spec(false),
    ]);
    const held = new Set([seeded[1]!.caseId, seeded[3]!.caseId]);
    const cutoff = new Date('2033-02-01T00:00:00Z');
    const before = await preview(slug, cutoff);
    for (const id of held) expect(before).not.toContain(id);
    expect(before).toEqual(
      expect.arrayContaining([seeded[0]!.caseId, seeded[2]!.caseId, seeded[4]!.caseId]),
    );

    // The GraphQL preview: tenant admins only. An invalid draft (admins may save one) is no obstacle.
    api.clock.set(cutoff);
    const adminToken = await api.token(slug, 'admin@southampton.example');
    const draft = await api.gql(
      `mutation($i: PolicyDraftInput!) { createPolicyDraft(input: $i) { id } }`,
      { i: { text: 'name: [unfinished' } },
      adminToken,
    );
    expect(draft.errors).toBeUndefined();
    const q = `{ purgePreview(first: 50) { totalCount candidates { caseId ruleId reason } } }`;
    const admin = await api.gql<{
      purgePreview: { totalCount: number; candidates: { caseId: string; reason: string }[] };
    }>(q, {}, adminToken);
    expect(admin.errors).toBeUndefined();
    expect(admin.data!.purgePreview.candidates.map((c) => c.caseId).sort()).toEqual(before);
    expect(admin.data!.purgePreview.candidates[0]!.reason).toMatch(/restriction-end-plus-6-years/);
    const officer = await api.gql(q, {}, await api.token(slug, 'officer@southampton.example'));
    expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The command line's dry run lists the same cases and writes nothing.
    const logsBefore = await api.owner.query(`select count(*)::int as n from purge_log`);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [PURGE_CLI, '--tenant', slug, '--dry-run', '--cutoff', cutoff.toISOString()],
      {
        env: { ...process.env, DATABASE_APP_URL: api.db.appUrl, LOG_LEVEL: 'silent' },
      },
    );
    expect(stdout).toContain(`${before.length} case(s) would be purged`);
    for (const id of before) expect(stdout).toContain(id);
    expect(await api.owner.query(`select count(*)::int as n from purge_log`)).toEqual(logsBefore);

    const result = await purge(slug, cutoff);
    const purged = (
      (await api.owner.query(
        `select case_id from purge_log where tenant_id = $1 and cutoff = $2 order by case_id`,
        [api.tenants[slug], cutoff],
      )) as { case_id: string }[]
    ).map((r) => r.case_id);
    expect(result.purged).toBe(before.length);
    expect(purged.sort()).toEqual(before);
    for (const id of held) expect(await statusOf(id)).toBe('closed');
    expect(await preview(slug, cutoff)).toEqual([]);
  });

  it('the SQL form of the retention rules agrees with the engine', async () => {
    const slug = 'cheshire-west-and-chester';
    const rnd = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const r = rnd(42);
    const day = (base: Date) =>
      new Date(
        base.getTime() + Math.floor(r() * 900) * 86_400_000 + Math.floor(r() * 86_400) * 1000,
      );
    const specs: SeedCase[] = [];
    for (let i = 0; i < 60; i++) {
      const dormantAt = r() < 0.8 ? day(new Date('2026-01-31T00:00:00Z')) : null;
      specs.push({
        stage: dormantAt ? 'dormant' : 'closed',
        status: dormantAt ? 'dormant' : 'closed',
        openedAt: T0,
        dormantAt,
        lastActivityAt: day(new Date('2026-01-01T00:00:00Z')),
      });
    }
    const seeded = await seed(slug, specs);
    const policy = policyOf(slug);
    // A policy with every kind of rule, to exercise greatest() and day arithmetic too.
    const mixed: Policy = {
      ...policy,
      retention: [
        {
          id: 'a',
          trigger: 'case-dormant',
          after: { months: 12 },
          action: 'destroy',
          resetByActivity: true,
        },
        {
          id: 'b',
          trigger: 'case-closed',
          after: { years: 1, months: 1, days: 3 },
          action: 'anonymise',
          resetByActivity: false,
        },
        {
          id: 'c',
          trigger: 'restriction-ended',
          after: { days: 45 },
          action: 'destroy',
          resetByActivity: false,
        },
      ],
    };
    for (const p of [policy, mixed]) {
      const rows = (await withTenant(api.ds, api.tenants[slug]!, (em) =>
        em.query(
          `select c.id, c.dormant_at, c.closed_at, c.last_activity_at, ${retentionDueSql(p)} as due from managed_case c where c.id = any($1)`,
          [seeded.map((s) => s.caseId)],
        ),
      )) as {
        id: string;
        dormant_at: Date | null;
        closed_at: Date | null;
        last_activity_at: Date;
        due: Date | null;
      }[];
      expect(rows).toHaveLength(60);
      for (const row of rows) {
        const engine = retentionDueDate(p, {
          lastActivityAt: row.last_activity_at,
          ...(row.dormant_at ? { dormantAt: row.dormant_at } : {}),
          ...(row.closed_at ? { closedAt: row.closed_at } : {}),
        });
        expect(row.due?.toISOString() ?? null).toBe(engine?.dueAt.toISOString() ?? null);
      }
    }
  });
});
