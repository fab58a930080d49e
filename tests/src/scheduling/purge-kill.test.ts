import { verifyAuditChain, withTenant } from '@conduct/db';
import { seedCases } from '@conduct/worker/dist/testing/seed';
import { exited, spawnWorker, until } from '../worker/process';
import { startHarness, type SchedulingHarness } from './harness';

const T0 = new Date('2026-01-05T09:00:00Z');
const CASES = 1000;

describe('a worker killed with SIGKILL in the middle of a purge', () => {
  let h: SchedulingHarness;
  let ids: string[];

  beforeAll(async () => {
    h = await startHarness(T0);
    const ended = new Date('2026-03-31T00:00:00Z');
    // Southampton: records destroyed 6 years after the restrictions end.
    const seeded = await withTenant(h.ds, h.tenants.southampton!, (em) =>
      seedCases(
        em,
        Array.from({ length: CASES }, () => ({
          stage: 'closed',
          status: 'closed' as const,
          openedAt: T0,
          closedAt: ended,
          letters: 1,
          restrictions: [
            {
              type: 'single-point-of-contact',
              startsAt: T0,
              endsAt: ended,
              status: 'ended' as const,
              endedAt: ended,
            },
          ],
        })),
      ),
    );
    ids = seeded.map((s) => s.caseId);
    h.setClock(new Date('2032-04-01T00:00:00Z'));
  });
  afterAll(async () => {
    await h.close();
  });

  const purgedCount = async () =>
    Number(
      (await h.pg.query(`select count(*) as n from purge_log where case_id = any($1)`, [ids]))
        .rows[0].n,
    );

  it('leaves every case purged exactly once or untouched, and the next worker finishes the job', async () => {
    const env = h.workerEnv({ PURGE_BATCH_SIZE: '10' });
    const first = spawnWorker(env);
    await until(async () => ((await purgedCount()) >= 100 ? true : undefined), 30_000);
    first.kill('SIGKILL');
    await exited(first);

    // Right after the kill: no case is half purged.
    const { rows } = await h.pg.query(
      `select c.status,
              (select count(*) from contact ct where ct.tenant_id = c.tenant_id and ct.case_id = c.id)::int as contacts,
              (select count(*) from letter l where l.tenant_id = c.tenant_id and l.case_id = c.id)::int as letters,
              cu.full_name is null as wiped,
              exists (select 1 from purge_log p where p.tenant_id = c.tenant_id and p.case_id = c.id) as logged,
              exists (select 1 from case_statistic s where s.tenant_id = c.tenant_id and s.id = c.id) as counted
         from managed_case c join customer cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id
        where c.id = any($1)`,
      [ids],
    );
    const purged = rows.filter(
      (r) => r.status === 'purged' && !r.contacts && !r.letters && r.wiped && r.logged && r.counted,
    );
    const untouched = rows.filter(
      (r) =>
        r.status === 'closed' &&
        r.contacts === 1 &&
        r.letters === 1 &&
        !r.wiped &&
        !r.logged &&
        !r.counted,
    );
    expect(purged.length + untouched.length).toBe(CASES);
    expect(untouched.length).toBeGreaterThan(0); // the kill really came mid-run

    const second = spawnWorker(env);
    await until(async () => ((await purgedCount()) === CASES ? true : undefined), 60_000);

    const log = await h.pg.query(
      `select count(*)::int as n, count(distinct case_id)::int as d from purge_log where case_id = any($1)`,
      [ids],
    );
    expect(log.rows[0]).toEqual({ n: CASES, d: CASES });
    const audited = await h.pg.query(
      `select payload -> 'caseIds' as ids from audit_event where tenant_id = $1 and action = 'retention.purged'`,
      [h.tenants.southampton],
    );
    const inAudit = audited.rows.flatMap((r) => r.ids as string[]);
    expect(inAudit).toHaveLength(CASES);
    expect(new Set(inAudit).size).toBe(CASES);
    const left = await h.pg.query(
      `select count(*)::int as n from managed_case c join customer cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id
        where c.id = any($1) and (c.status <> 'purged' or cu.full_name is not null
          or exists (select 1 from contact ct where ct.case_id = c.id) or exists (select 1 from letter l where l.case_id = c.id))`,
      [ids],
    );
    expect(left.rows[0].n).toBe(0);
    await withTenant(h.ds, h.tenants.southampton!, async (em) => {
      expect(await verifyAuditChain(em, h.tenants.southampton!)).toMatchObject({ ok: true });
    });

    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
  });
});
